#!/usr/bin/perl
# Audio sink for the Firefox e2e driver (firefox-driver.mjs): reads a WAV stream on stdin and
# discards it at its real-time byte rate (from the header), so that the writer (ALSA's file plugin
# in Firefox's audio thread) blocks as it would on a sound card.
#
# Perl rather than Node: ALSA starts one sink per opening of the device, and Firefox opens it for
# every query of the output's preferred rate, which it makes each time it sets up an AudioDecoder
# or an AudioContext. A Node start (0.1-0.5 s on a loaded machine) made each of those block the
# calling thread that long; Perl starts in a few milliseconds.
use strict;
use warnings;
use Time::HiRes qw(time sleep);

binmode STDIN;
my $header;
exit 0 unless (read(STDIN, $header, 44) // 0) == 44;
my $rate = unpack('V', substr($header, 28, 4)) || 352800;
my $start = time;
my $consumed = 0;
my $buf;
while (1) {
  my $due = int($rate * (time - $start + 0.02)) - $consumed;
  if ($due <= 0) {
    sleep(0.005);
    next;
  }
  my $n = sysread(STDIN, $buf, $due > 65536 ? 65536 : $due);
  exit 0 unless $n;
  $consumed += $n;
}

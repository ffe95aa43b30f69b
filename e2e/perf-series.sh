#!/usr/bin/env bash
# Runs a browser test N times back to back (default 5) and prints, per measurement, each run's
# value and the median (over the runs that measured it; failed runs are listed).
#
#   e2e/perf-series.sh [N] [BrowserMeetingAcceptanceTest|FirefoxMeetingTest]
#
# BrowserMeetingAcceptanceTest (the default; target/browser-perf.md): join click → first decoded
# remote frame, and the p50 / p95 of encoder output → decoder input in the 3-party meeting and with
# two browsers only. FirefoxMeetingTest (target/firefox-perf.md): the same for a Firefox page
# beside a Chromium page, both ways, and each browser's CPU time over the same 10 s.
# Needs what ./conclave test needs (JDK 25, Node, /usr/bin/chromium, /usr/bin/firefox-esr). Builds
# once (package, nothing installed in ~/.m2), then runs the test alone, offline, against the
# reactor's target/ directories (test-compile finds nothing to do; -Dexec.skip keeps the web build). Reports of each run are kept in e2e/target/perf-series/.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
test=${2:-BrowserMeetingAcceptanceTest}
case "$test" in
  BrowserMeetingAcceptanceTest) report_file=browser-perf.md ;;
  FirefoxMeetingTest) report_file=firefox-perf.md ;;
  *) echo "unknown test class $test" >&2; exit 2 ;;
esac
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=e2e/target/perf-series
# PERF_NO_BUILD=1: the reactor was just built (saves minutes on a busy machine).
[ -n "${PERF_NO_BUILD:-}" ] || ./mvnw -B -ntp -q -pl e2e -am package -DskipTests
rm -rf "$out" && mkdir -p "$out"
for i in $(seq 1 "$n"); do
  echo "run $i/$n at $(date +%T), load average $(cut -d' ' -f1 /proc/loadavg)" >&2
  rm -f "e2e/target/$report_file"
  # A failed run's measurements (written before the failure) still count; the failure is reported.
  ./mvnw -B -ntp -q -o -pl e2e -am test-compile surefire:test -Dexec.skip=true -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false > "$out/log-$i.txt" 2>&1 \
    || { echo "run $i FAILED: $out/log-$i.txt" >&2; echo "$i" >> "$out/failed"; }
  [ -f "e2e/target/$report_file" ] && cp "e2e/target/$report_file" "$out/perf-$i.md"
done
[ -f "$out/failed" ] && echo "failed runs: $(echo $(cat "$out/failed")) (their logs: $out/log-N.txt)"
ls "$out"/perf-*.md > /dev/null 2>&1 || { echo "no run produced measurements" >&2; exit 1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
report() { # label, grep -E pattern, sed -E expression extracting one number per run
  local values
  values=$(grep -h -E -- "$2" "$out"/perf-*.md | sed -E "$3")
  printf '%-66s median %8s   runs: %s\n' "$1" "$(echo "$values" | median)" "$(echo $values)"
}
p50='s/.*p50 ([0-9.]+) ms.*/\1/'
p95='s/.*p95 ([0-9.]+) ms.*/\1/'
if [ "$test" = BrowserMeetingAcceptanceTest ]; then
  report "join click → first remote frame (ms)" "^- join click" 's/.*: ([0-9.]+) ms/\1/'
  report "rejoin click → first remote frame (ms)" "^- rejoin click" 's/.*: ([0-9.]+) ms/\1/'
  report "added latency p50, 3-party meeting (ms)" "3-party.*total" "$p50"
  report "added latency p95, 3-party meeting (ms)" "3-party.*total" "$p95"
  report "added latency p50, 2 browsers only (ms)" "2 browsers only.*total" "$p50"
  report "added latency p95, 2 browsers only (ms)" "2 browsers only.*total" "$p95"
else
  report "Firefox join click → first remote frame (ms)" "^- Firefox: join click" 's/.*: ([0-9.]+) ms/\1/'
  report "Firefox rejoin click → first remote frame (ms)" "^- Firefox: rejoin click" 's/.*: ([0-9.]+) ms/\1/'
  for party in "3-party meeting" "2 browsers only"; do
    report "Chromium → Firefox p50, $party (ms)" "Alice \(Chromium\) → Fox.*$party" "$p50"
    report "Chromium → Firefox p95, $party (ms)" "Alice \(Chromium\) → Fox.*$party" "$p95"
    report "Firefox → Chromium p50, $party (ms)" "Fox \(Firefox\) → Alice.*$party" "$p50"
    report "Firefox → Chromium p95, $party (ms)" "Fox \(Firefox\) → Alice.*$party" "$p95"
    report "CPU-s in 10 s, Chromium, $party" "CPU, $party, Chromium" 's/.*total ([0-9.]+) CPU-s.*/\1/'
    report "CPU-s in 10 s, Firefox, $party" "CPU, $party, Firefox \(" 's/.*total ([0-9.]+) CPU-s.*/\1/'
    report "CPU ratio Firefox / Chromium, $party" "CPU, $party, ratio" 's/.*: ([0-9.]+)$/\1/'
    report "load average at the CPU sample, $party" "CPU, $party, Chromium" 's/.*load average ([0-9.]+):.*/\1/'
  done
fi

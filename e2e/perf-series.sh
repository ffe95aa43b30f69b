#!/usr/bin/env bash
# Runs the browser acceptance test N times back to back (default 5) and prints, per measurement,
# each run's value and the median: join click → first decoded remote frame, and the p50 / p95 of
# encoder output → decoder input in the 3-party meeting and with two browsers only.
# Needs what ./conclave test needs (JDK 25, Node, /usr/bin/chromium); builds once, then runs offline.
# Reports of each run are kept in e2e/target/perf-series/.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=e2e/target/perf-series
./mvnw -B -ntp -q -pl e2e -am install -DskipTests
rm -rf "$out" && mkdir -p "$out"
for i in $(seq 1 "$n"); do
  echo "run $i/$n at $(date +%T), load average $(cut -d' ' -f1 /proc/loadavg)" >&2
  ./mvnw -B -ntp -q -o -pl e2e verify -Dtest=BrowserMeetingAcceptanceTest > "$out/log-$i.txt" 2>&1 \
    || { echo "run $i failed: $out/log-$i.txt" >&2; exit 1; }
  cp e2e/target/browser-perf.md "$out/perf-$i.md"
done
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
report() { # label, grep pattern, sed expression extracting one number per run
  local values
  values=$(grep -h -- "$2" "$out"/perf-*.md | sed -E "$3")
  printf '%-58s median %8s   runs: %s\n' "$1" "$(echo "$values" | median)" "$(echo $values)"
}
report "join click → first remote frame (ms)" "^- join click" 's/.*: ([0-9.]+) ms/\1/'
report "rejoin click → first remote frame (ms)" "^- rejoin click" 's/.*: ([0-9.]+) ms/\1/'
report "added latency p50, 3-party meeting (ms)" "3-party.*total" 's/.*p50 ([0-9.]+) ms.*/\1/'
report "added latency p95, 3-party meeting (ms)" "3-party.*total" 's/.*p95 ([0-9.]+) ms.*/\1/'
report "added latency p50, 2 browsers only (ms)" "2 browsers only.*total" 's/.*p50 ([0-9.]+) ms.*/\1/'
report "added latency p95, 2 browsers only (ms)" "2 browsers only.*total" 's/.*p95 ([0-9.]+) ms.*/\1/'

#!/usr/bin/env bash
# SFrame media-frame encryption/decryption next to raw JDK AES-GCM, robust to a noisy shared
# machine: several rounds, each a JMH run of both sides at every size; the ratio ours/raw is taken
# within a round (same machine state), and the median over rounds is quoted.
#   bench/compare-sframe.sh [rounds]      e.g. bench/compare-sframe.sh 5
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=bench/target/sframe-rounds
./mvnw -B -ntp -q -DskipTests package -pl bench -am
rm -rf "$out" && mkdir -p "$out"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
for r in $(seq 1 "$rounds"); do
  for size in 100 1200 16384 65536; do
    for op in Encrypt Decrypt; do
      # Ours and raw back to back, in alternating order, so drift in the machine's load hits both.
      sides="ours raw"; [ $((r % 2)) = 0 ] && sides="raw ours"
      for side in $sides; do
        "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar "SFrameBenchmark.$side$op\$" -p size="$size" \
          -f 1 -wi 2 -i 3 -w 1s -r 1s -rf csv -rff "$out/round-$r-$side$op-$size.csv" >/dev/null
      done
    done
  done
  echo "round $r done, load $(cut -d' ' -f1 /proc/loadavg)"
done
echo "== allocation per frame (JMH -prof gc, one run)"
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar 'SFrameBenchmark.(ours|raw)(Encrypt|Decrypt)$' \
  -f 1 -wi 2 -i 2 -w 1s -r 1s -prof gc | grep -E 'gc.alloc.rate.norm' || true

# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: size"
awk -F, '
  FNR == 1 { f = FILENAME; sub(/.*round-/, "", f); sub(/-.*/, "", f); if (f + 0 > round) round = f + 0; next }
  { gsub(/["\r]/, ""); name = $1; sub(/.*\./, "", name); score[f + 0, name, $8] = $5 }
  END {
    printf "| size | op | ours ops/ms (median) | raw ops/ms (median) | ours/raw per round | median ratio |\n|---:|---|---:|---:|---|---:|\n"
    n = split("100 1200 16384 65536", sorted, " ")
    split("Encrypt Decrypt", ops, " ")
    for (i = 1; i <= n; i++) for (o = 1; o <= 2; o++) {
      s = sorted[i]; op = ops[o]; list = ""
      for (r = 1; r <= round; r++) {
        ratio[r] = score[r, "ours" op, s] / score[r, "raw" op, s]
        ours[r] = score[r, "ours" op, s]; raw[r] = score[r, "raw" op, s]
        list = list sprintf("%s%.2f", r > 1 ? " " : "", ratio[r])
      }
      printf "| %s | %s | %.0f | %.0f | %s | **%.2f** |\n", s, tolower(op), median(ours, round), median(raw, round), list, median(ratio, round)
    }
  }
  function median(a, k,   c, i, j, t) {
    for (i = 1; i <= k; i++) c[i] = a[i]
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (c[j] < c[i]) { t = c[i]; c[i] = c[j]; c[j] = t }
    return k % 2 ? c[(k + 1) / 2] : (c[k / 2] + c[k / 2 + 1]) / 2
  }' "$out"/round-*.csv

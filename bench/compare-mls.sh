#!/usr/bin/env bash
# Java MLS (JMH) and ts-mls (Node) side by side in one run, on the same scenarios: in a group of
# N built by one commit adding N-1 members, create an Add commit, process it, join from its
# Welcome, create a Remove commit, process it; then memory per member state.
#   bench/compare-mls.sh [sizes] [ts-mls repetitions]     e.g. bench/compare-mls.sh 10,100,1000 3
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-10,100,1000}
reps=${2:-3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

./mvnw -B -ntp -q -DskipTests package -pl bench -am
(cd interop/ts-mls-driver && { [ -d node_modules ] || npm ci --no-audit --no-fund; })

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
# JMH in sample mode: every call timed, medians (p0.50) quoted, so that a noisy shared machine
# moves the tail, not the figure compared with ts-mls's median.
jmh() {
  "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar "$@" -bm sample -tu ms -f 1 -wi 3 -i 5 -w 1s -r 2s \
    | grep -E '^(Benchmark|[A-Za-z.]+:p0.50)'
}
echo "== Java (JMH, median ms/op): trees as ts-mls builds them (parents blank)"
jmh GroupOperationsBenchmark -p size="$sizes" -p tree=blank -rf csv -rff bench/target/mls-group-java.csv
echo "== Java (JMH, median ms/op): 1,000 members, parents populated by earlier commits (a meeting's steady state)"
jmh 'GroupOperationsBenchmark.(create|process)RemoveCommit' -p size=1000 -p tree=populated
for n in ${sizes//,/ }; do
  "$JAVA_HOME/bin/java" -cp bench/target/benchmarks.jar io.conclave.bench.mls.group.GroupMemory "$n" 5
done
echo "== ts-mls $(node -p 'require("./interop/ts-mls-driver/node_modules/ts-mls/package.json").version') on Node $(node --version) (ms, median of $reps)"
(cd interop/ts-mls-driver && node --expose-gc bench.mjs "$sizes" "$reps")

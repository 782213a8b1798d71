#!/bin/sh
# The replication section of docs/benchmarks.md, in the order it was measured, on fresh runtimes:
#   itest/bench/replication_all.sh OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/replication-bench}
mkdir -p "$out"
"$here/replication_runtimes.sh" start
trap '"$here/replication_runtimes.sh" stop' EXIT
sleep 3
"$here/replication_bench.sh" ReplicationWriteBench 5 256 > "$out/write.txt" 2> "$out/write.log"
for run in 1 2 3 4 5; do
  "$here/replication_bench.sh" ReplicationLagBench 500 10 rep-async rep-received rep-durable > "$out/lag-$run.txt"
done
"$here/replication_copy_vs_lsyncd.py" 5 > "$out/copy.txt" 2> "$out/copy.log"

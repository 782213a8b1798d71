#!/bin/sh
# Compiles the replication benchmarks (plain javac: they load libft from the runtime's own jar, so
# they need nothing but the JDK) and runs one of them against the two runtimes that
# replication_runtimes.sh started.
#
#   itest/bench/replication_bench.sh ReplicationWriteBench 5 [LARGE_MIB]
#   itest/bench/replication_bench.sh ReplicationLagBench 500
set -eu
here=$(cd "$(dirname "$0")" && pwd)
BASE=${BASE:-/tmp/swift-rep}
CLASSES=${CLASSES:-/tmp/replication-bench-classes}
main=${1:?the benchmark class}; shift
rm -rf "$CLASSES"
javac -d "$CLASSES" "$here"/../src/test/java/org/swiftft/itest/Replication*Bench*.java
exec java -Xmx1g -cp "$CLASSES" "org.swiftft.itest.$main" "$BASE/primary" "$BASE/backup" "$@"

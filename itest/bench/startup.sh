#!/usr/bin/env bash
# Start-up time, idle memory and command round trip of the assembled runtime.
# Usage: itest/bench/startup.sh [RUNS]   (after mvn -B install -DskipTests)
# Prints one line per run, then the median and min-max of each figure.
set -euo pipefail
RUNS=${1:-7}
HOME_DIR=$(cd "$(dirname "$0")/../../distribution/target/swift-"*-SNAPSHOT && pwd)
cd "$HOME_DIR"
now_ms() { date +%s%3N; }
starts=(); readies=(); rss=(); trips=()
for run in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  bin/swiftd --background >/dev/null            # returns once the control socket answers
  t1=$(now_ms)
  bin/swift swift:version >/dev/null            # first command: console usable
  t2=$(now_ms)
  sleep 10                                      # idle
  pid=$(cat data/swiftd.pid)
  r=$(ps -o rss= -p "$pid" | tr -d ' ')
  t3=$(now_ms); bin/swift swift:version >/dev/null; t4=$(now_ms)
  bin/swift swift:shutdown >/dev/null
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  starts+=($((t1 - t0))); readies+=($((t2 - t0))); rss+=($((r / 1024))); trips+=($((t4 - t3)))
  echo "run $run: swiftd --background ${starts[-1]} ms, first command answered ${readies[-1]} ms, idle RSS ${rss[-1]} MiB, bin/swift round trip ${trips[-1]} ms"
done
summary() { printf '%s\n' "${@:2}" | sort -n | awk -v name="$1" '{a[NR]=$1} END {printf "%s: median %s, min %s, max %s\n", name, a[int((NR+1)/2)], a[1], a[NR]}'; }
summary "start to socket (ms)" "${starts[@]}"
summary "start to first answer (ms)" "${readies[@]}"
summary "idle RSS (MiB)" "${rss[@]}"
summary "bin/swift round trip (ms)" "${trips[@]}"

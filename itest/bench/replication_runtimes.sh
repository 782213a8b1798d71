#!/bin/sh
# Two SwiFT runtimes on this machine, a primary and a backup, holding the replication sets the
# replication benchmarks use: rep-async, rep-received, rep-durable (replay mode, one per level) and
# rep-copy (copy mode, quiet.ms = 2000, durable).
#
#   itest/bench/replication_runtimes.sh start [BASE]   # copies the distribution to BASE/{primary,backup}, starts both
#   itest/bench/replication_runtimes.sh stop  [BASE]   # swift:shutdown on both
#
# BASE defaults to /tmp/swift-rep; SWIFT_DIST to /work/main/distribution/target/swift-0.1.0-SNAPSHOT.
set -eu
cmd=${1:?start or stop}
BASE=${2:-/tmp/swift-rep}
DIST=${SWIFT_DIST:-/work/main/distribution/target/swift-0.1.0-SNAPSHOT}

sets() { # name mode level primary-port backup-port
  echo "rep-async replay async 7411 7421"
  echo "rep-received replay received 7412 7422"
  echo "rep-durable replay durable 7413 7423"
  echo "rep-copy copy durable 7414 7424"
}

case $cmd in
start)
  rm -rf "$BASE"; mkdir -p "$BASE"
  head -c 32 /dev/urandom > "$BASE/rep.key"
  for role in primary backup; do
    R=$BASE/$role
    cp -a "$DIST" "$R"
    rm -f "$R/etc/org.swiftft.watch-demo.cfg"   # its port 8480 would clash between the two
    cp "$BASE/rep.key" "$R/etc/rep.key"; chmod 600 "$R/etc/rep.key"
    sets | while read -r name mode level pport bport; do
      mkdir -p "$R/data/$name"
      if [ $role = primary ]; then listen=$pport; peer=$bport; else listen=$bport; peer=$pport; fi
      cat > "$R/etc/org.swiftft.replication-$name.cfg" <<CFG
directory = data/$name
mode = $mode
level = $level
role = $role
listen = 127.0.0.1:$listen
peers = 127.0.0.1:$peer
key.file = etc/rep.key
quiet.ms = 2000
CFG
    done
  done
  (cd "$BASE/backup" && bin/swiftd --background)
  (cd "$BASE/primary" && bin/swiftd --background)
  ;;
stop)
  for role in primary backup; do
    [ -d "$BASE/$role" ] && (cd "$BASE/$role" && bin/swift swift:shutdown) || true
  done
  ;;
*) echo "usage: $0 start|stop [BASE]" >&2; exit 2 ;;
esac

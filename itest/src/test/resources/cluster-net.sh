#!/bin/sh
# Hosts for cluster tests on one machine: one network namespace per member (10.231.N.1..3), a bridge
# in a namespace of its own, and this host joined to it (10.231.N.254), so that a member's link can be
# cut without a reset (frames vanish, as when a cable or a switch port dies) and healed again.
#
#   cluster-net.sh up ID MEMBERS      create swt-ID-1..MEMBERS and the bridge (ID: 1 to 200)
#   cluster-net.sh cut ID N           detach member N's link from the bridge: its frames vanish
#   cluster-net.sh heal ID N          attach it again
#   cluster-net.sh down ID            remove everything of ID (also after a crash)
#   cluster-net.sh exec ID N CMD...   run CMD in member N's namespace
#   cluster-net.sh stats ID N         member N's link at the bridge: RX_BYTES RX_PACKETS TX_BYTES TX_PACKETS
#                                     (RX: what the member sent; TX: what the bridge delivered to it)
set -eu
command=$1
id=$2
case "$id" in ''|*[!0-9]*) echo "cluster-net.sh: ID must be a number 1-200, not '$id'" >&2; exit 2;; esac
bridge=swt-$id-br
case "$command" in
up)
    members=$3
    ip netns add "$bridge"
    ip -n "$bridge" link add br0 type bridge
    ip -n "$bridge" link set br0 up
    n=1
    while [ "$n" -le "$members" ]; do
        ns=swt-$id-$n
        ip netns add "$ns"
        ip link add "swt${id}v$n" netns "$bridge" type veth peer name eth0 netns "$ns"
        ip -n "$bridge" link set "swt${id}v$n" master br0 up
        ip -n "$ns" addr add "10.231.$id.$n/24" dev eth0
        ip -n "$ns" link set eth0 up
        ip -n "$ns" link set lo up
        n=$((n + 1))
    done
    ip link add "swt${id}h" type veth peer name host netns "$bridge"
    ip -n "$bridge" link set host master br0 up
    ip addr add "10.231.$id.254/24" dev "swt${id}h"
    ip link set "swt${id}h" up
    ;;
cut)
    ip -n "$bridge" link set "swt${id}v$3" nomaster
    ;;
heal)
    ip -n "$bridge" link set "swt${id}v$3" master br0
    ;;
down)
    ip link del "swt${id}h" 2>/dev/null || true
    for ns in $(ip netns list | awk -v p="swt-$id-" 'index($1, p) == 1 {print $1}'); do
        ip netns del "$ns"
    done
    ;;
exec)
    ns=swt-$id-$3
    shift 3
    exec ip netns exec "$ns" "$@"
    ;;
stats)
    # ip netns exec mounts the namespace's own /sys, where the bridge's end of the link is
    ip netns exec "$bridge" sh -c "cd /sys/class/net/swt${id}v$3/statistics && echo \$(cat rx_bytes rx_packets tx_bytes tx_packets)"
    ;;
*)
    echo "cluster-net.sh: up, cut, heal, down, exec or stats, not '$command'" >&2
    exit 2
    ;;
esac

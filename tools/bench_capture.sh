#!/usr/bin/env bash
# The capture benchmark: `clusctl capture --jsonl` against tshark extracting
# the same stubs (`-T fields ... -e dcerpc.stub_data`) from the same
# generated pcap, in one session, with GNU time for wall time, CPU time and
# max RSS.
#
#   tools/bench_capture.sh                 # 100 MB and 1 GB (tshark on 100 MB only)
#   tools/bench_capture.sh 100 1024 4096   # sizes in MB
#   TSHARK_MAX_MB=1024 tools/bench_capture.sh   # tshark on the 1 GB file too
#   SMOKE=1 tools/bench_capture.sh         # 2 MB, debug build: checks it runs (CI)
#
# Two inputs per size (examples/gen_capture.rs): "repeated" (1000 calls per
# connection, the same queries again and again, as a monitoring client
# makes them) and "distinct" (every buffer different, the worst case for
# clusctl's document cache). Needs tshark and /usr/bin/time
# (apt-get install -y tshark time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "${SMOKE:-0}" = 1 ]; then
    sizes=(2)
    profile=debug
    # The features `cargo test --all-features` built with: nothing to rebuild.
    cargo build --quiet --all-features --bin clusctl --example gen_capture
else
    if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(100 1024); fi
    profile=release
    cargo build --quiet --release --features cli --bin clusctl --example gen_capture
fi
tshark_max=${TSHARK_MAX_MB:-100}
dir=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$dir"
clusctl=target/$profile/clusctl
gen=target/$profile/examples/gen_capture
echo "clusctl $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $profile; $(tshark --version 2>/dev/null | head -n 1); $(nproc) cores"
echo "files in $dir"

# run NAME FILE CMD...: prints one row; keeps the wall time in $last_wall.
run() {
    local name=$1 file=$2
    shift 2
    local stats="$dir/time.txt"
    /usr/bin/time -f '%e %U %S %M' -o "$stats" "$@" >/dev/null 2>"$dir/stderr.txt" || {
        cat "$dir/stderr.txt"
        exit 1
    }
    read -r wall user sys rss <"$stats"
    local mb cpu
    mb=$(stat -c %s "$file" | awk '{ printf "%.1f", $1 / 1048576 }')
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    awk -v n="$name" -v mb="$mb" -v w="$wall" -v c="$cpu" -v r="$rss" 'BEGIN {
        printf "| %-34s | %7s | %7.2f | %7.2f | %8.1f | %8.1f | %8.1f |\n",
            n, mb, w, c, (w > 0 ? mb / w : 0), (c > 0 ? mb / c : 0), r / 1024 }'
    last_wall=$wall
    last_cpu=$cpu
}

echo
echo "| run                                |      MB |  wall s |   CPU s |  MB/s wall | MB/s CPU | max RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
ratios=()
for size in "${sizes[@]}"; do
    for kind in repeated distinct; do
        file="$dir/calls_${size}mb_$kind.pcap"
        if [ "$kind" = distinct ]; then
            "$gen" "$file" "$size" distinct 2>/dev/null
        else
            "$gen" "$file" "$size" 2>/dev/null
        fi
        run "clusctl capture --jsonl, $kind" "$file" "$clusctl" capture --jsonl "$file"
        ours_wall=$last_wall ours_cpu=$last_cpu
        if [ "$size" -le "$tshark_max" ] && command -v tshark >/dev/null; then
            run "tshark -T fields (stubs), $kind" "$file" \
                tshark -r "$file" --disable-protocol clusapi -Y 'dcerpc.cn_flags.last_frag == 1' \
                -T fields -e frame.number -e dcerpc.pkt_type -e dcerpc.cn_call_id \
                -e dcerpc.opnum -e dcerpc.stub_data
            ratios+=("$(awk -v s="$size" -v k="$kind" -v tw="$last_wall" -v ow="$ours_wall" \
                -v tc="$last_cpu" -v oc="$ours_cpu" 'BEGIN {
                printf "%s MB %s: clusctl is %.1fx tshark by wall time, %.1fx by CPU time",
                    s, k, (ow > 0 ? tw / ow : 0), (oc > 0 ? tc / oc : 0) }')")
        fi
        rm -f "$file"
    done
done
echo
for r in "${ratios[@]}"; do echo "$r"; done

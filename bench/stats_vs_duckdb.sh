#!/usr/bin/env bash
# Haven's statistics against DuckDB over the same rows: every figure of the country report
# (spec/seed-report-figures.toml), warm and cold, with peak memory, and a check that both
# give identical numbers.
#
#   bench/stats_vs_duckdb.sh DIR [REPEAT]
#
# DIR holds a Haven SQLite database (haven.db) and its key (haven.key), such as
# `KEEP=DIR bench/demo_scale.sh 100` leaves (over 10 million events). DuckDB and pyarrow come
# from PyPI into a virtual environment outside the repository ($BENCH_VENV, default
# /tmp/haven-bench-venv); the Parquet files go to DIR/parquet.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?give the directory holding haven.db and haven.key}
repeat=${2:-11}
venv=${BENCH_VENV:-/tmp/haven-bench-venv}

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q duckdb pyarrow
fi
cargo build --release --locked -p haven-cli --example report_figures >&2

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
echo "database: $dir/haven.db ($(du -h "$dir/haven.db" | cut -f1)); duckdb $("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)')"
rm -rf "$dir/parquet"
"$venv/bin/python" bench/stats_vs_duckdb.py "$dir/haven.db" "$dir/haven.key" spec/seed-report-figures.toml \
    target/release/examples/report_figures "$dir/parquet" "$repeat"

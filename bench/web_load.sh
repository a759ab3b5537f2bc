#!/usr/bin/env bash
# The web application under load: 32 concurrent signed-in sessions asking for person pages and
# the case list, against a static file of the same server in the same run (wrk, from Debian).
# Reports requests per second and p50/p99 latency per page kind, the median of ROUNDS rounds,
# and each page's rate as a share of the static one's. A third kind, `form` (the empty
# registration form, which reads nothing but the session), shows what any signed-in page can
# reach on the same machine.
#
#   bench/web_load.sh [DIR] [SCALE] [ROUNDS]
#
# DIR keeps the database between runs (default /tmp/haven-web-load); a fresh one is filled
# with `haven demo --scale SCALE` (default 10). Targets (issue 3): p99 under 25 ms and at
# least 40 % of the static endpoint's requests per second, on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/haven-web-load}
scale=${2:-10}
rounds=${3:-3}
seconds=${SECONDS_PER_RUN:-15}
connections=32
mkdir -p "$dir"

if ! command -v wrk >/dev/null; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked -p haven-cli --bin haven --example bench_sessions >&2
export HAVEN_KEY_FILE="$dir/haven.key"
db="sqlite://$dir/haven.db"
if [ ! -f "$dir/haven.db" ]; then
    echo "filling $db with haven demo --scale $scale" >&2
    target/release/haven demo --scale "$scale" --db "$db" >&2
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
target/release/haven serve --db "$db" --bind "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
target/release/examples/bench_sessions "$db" "$HAVEN_KEY_FILE" "$connections" >"$dir/sessions.tsv"
export SESSIONS="$dir/sessions.tsv"
# Every session must really be signed in: a redirect to the sign-in page is no measurement.
IFS=$'\t' read -r token person case <"$SESSIONS"
for path in "$person" /cases /persons/new; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: haven_session=$token" "http://127.0.0.1:$port$path")
    [ "$status" = 200 ] || { echo "GET $path answered $status, not 200" >&2; exit 1; }
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(wrk --version 2>&1 | head -n 1)"
echo "database: $db ($(du -ch "$dir/haven.db"* | tail -n 1 | cut -f1)), $connections sessions, ${seconds}s per run, $rounds rounds"
: >"$dir/results.tsv"
for round in $(seq 1 "$rounds"); do
    for page in static form person cases; do
        PAGE=$page wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s bench/web_load.lua \
            "http://127.0.0.1:$port" | grep '^RESULT' | cut -f2- >>"$dir/results.tsv"
    done
done
python3 - "$dir/results.tsv" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]) if line.strip()]
by = {}
for page, rps, p50, p99, errors, requests in rows:
    by.setdefault(page, []).append((float(rps), float(p50), float(p99), int(errors), int(requests)))
static = statistics.median(r[0] for r in by["static"])
print(f"{'page':8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of static':>10} {'errors':>7}")
for page in ("static", "form", "person", "cases"):
    runs = by[page]
    rps = statistics.median(r[0] for r in runs)
    p50 = statistics.median(r[1] for r in runs)
    p99 = statistics.median(r[2] for r in runs)
    errors = sum(r[3] for r in runs)
    print(f"{page:8} {rps:9.1f} {p50:8.2f} {p99:8.2f} {rps / static:9.0%} {errors:7d}")
print("(medians of", len(by["static"]), "rounds; targets: p99 < 25 ms, at least 40 % of static)")
PY

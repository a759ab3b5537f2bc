#!/usr/bin/env bash
# `haven import` against SQLite's own `.import` of the same CSV file, in the same run.
#
#   bench/import_vs_sqlite.sh [ROWS] [RUNS]     (default 100000 rows, 3 runs; medians reported)
#
# The file is persons (names in Cyrillic and Latin, sex, date of birth, citizenship, a passport)
# or, with KIND=cases, trafficking cases of those persons. Haven checks every row as the domain
# does, seals names and documents, writes blind indexes for search and an audit entry;
# `.import` copies text into one table. A second reference is SQLite inserting exactly the rows
# the import wrote (see engine_floor): the part of the time the schema itself costs. Each run
# starts from a fresh database. Run on purpose, not in the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
runs=${2:-3}
kind=${KIND:-persons}
import_kind=$kind
[[ $kind == cases ]] && import_kind=trafficking-cases
work=$(mktemp -d "${TMPDIR:-/tmp}/haven-import.XXXXXX")
trap 'rm -rf "$work"' EXIT

command -v sqlite3 >/dev/null || { sudo -n true 2>/dev/null && sudo apt-get install -y sqlite3 >&2 || apt-get install -y sqlite3 >&2; }
cargo build --release --locked -p haven-cli >&2
haven=$PWD/target/release/haven
export HAVEN_KEY_FILE="$work/haven.key"

python3 - "$rows" "$work" <<'PY'
import random, sys
rows, work = int(sys.argv[1]), sys.argv[2]
random.seed(7)
family = ["Иванова", "Петрова", "Бугаева", "Сідарава", "Ковалёва", "Новик", "Мельник", "Шевчук", "Лукашевич", "Козлова"]
given = ["Тацяна", "Вольга", "Алена", "Ганна", "Марына", "Наталля", "Ірына", "Святлана"]
latin = {"Иванова": "IVANOVA", "Петрова": "PETROVA", "Бугаева": "BUHAYEVA", "Сідарава": "SIDARAVA", "Ковалёва": "KAVALIOVA",
         "Новик": "NOVIK", "Мельник": "MELNIK", "Шевчук": "SHEUCHUK", "Лукашевич": "LUKASHEVICH", "Козлова": "KAZLOVA"}
with open(f"{work}/persons.csv", "w") as out:
    out.write("key,family_name,given_name,family_name_latin,sex,birth_date,citizenship,document_kind,document_country,document_number\n")
    for i in range(rows):
        f = random.choice(family)
        out.write(f"P{i},{f},{random.choice(given)},{latin[f]},F,{random.randint(1950, 2008)}-{random.randint(1, 12):02},"
                  f"BLR,passport,BLR,MP{i:07}\n")
with open(f"{work}/cases.csv", "w") as out:
    out.write("key,org,person,reference,opened_on,status,details.status,details.detected_on,details.exploitation,details.exploitation_country\n")
    for i in range(rows):
        d = f"{random.randint(1, 28):02}.{random.randint(1, 12):02}.{random.randint(2015, 2023)}"
        out.write(f"C{i},MIA,P{i},MIA-{i},{d},Active,PossibleVictimOfTrafficking,{d},ForcedLabour,{random.choice(['RUS', 'POL', 'LTU', 'DEU'])}\n")
PY

# SQLite's own INSERT of exactly the rows the import wrote, into a copy of the database as it
# was before, with the pragmas Haven uses (foreign keys checked, WAL, synchronous=FULL): the
# cost of the schema's tables, indexes and checks alone, without reading, checking, sealing.
engine_floor() {
    python3 - "$1" "$2" <<'PY'
import sqlite3, sys, time
before, after = sys.argv[1], sys.argv[2]
db = sqlite3.connect(before, isolation_level=None)
for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL", "cache_size = -32768"):
    db.execute(f"PRAGMA {pragma}")
db.execute("ATTACH ? AS after", (after,))
tables = db.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    "AND name NOT LIKE '_sqlx%' AND name <> 'audit_head' ORDER BY rowid").fetchall()
started = time.perf_counter()
db.execute("BEGIN IMMEDIATE")
for name, sql in tables:
    if db.execute(f'SELECT NOT EXISTS (SELECT 1 FROM main."{name}")').fetchone()[0]:
        new = f'SELECT * FROM after."{name}"'
    elif "WITHOUT ROWID" in sql.upper():
        new = f'SELECT * FROM after."{name}" EXCEPT SELECT * FROM main."{name}"'
    else:  # rows are appended: a new row's rowid is above every old one's
        new = f'SELECT * FROM after."{name}" WHERE rowid > (SELECT max(rowid) FROM main."{name}")'
    db.execute(f'INSERT INTO main."{name}" {new}')
db.execute("COMMIT")
print(f"{time.perf_counter() - started:.2f}")
PY
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
seconds() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$1"; }
peak() { awk -F': ' '/Maximum resident set size/ {printf "%.0f\n", $2 / 1024}' "$1"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo "file: $rows rows of $kind, $(du -h "$work/$kind.csv" | cut -f1)"
: >"$work/haven.s"; : >"$work/sqlite.s"; : >"$work/haven.mib"; : >"$work/floor.s"
for run in $(seq "$runs"); do
    rm -f "$work"/haven.db* "$work/plain.db" "$work/haven.key"
    db="sqlite://$work/haven.db"
    "$haven" init --db "$db" >/dev/null 2>&1
    "$haven" org add --db "$db" --name "Ministry of Internal Affairs" --short-name MIA --kind LawEnforcement >/dev/null
    if [[ $kind == cases ]]; then "$haven" import persons "$work/persons.csv" --db "$db" >/dev/null; fi
    cp "$work/haven.db" "$work/before.db"
    /usr/bin/time -v "$haven" import "$import_kind" "$work/$kind.csv" --db "$db" --errors "$work/errors.csv" >"$work/out" 2>"$work/time" || {
        cat "$work/out" "$work/time" >&2
        exit 1
    }
    seconds "$work/time" >>"$work/haven.s"
    peak "$work/time" >>"$work/haven.mib"
    engine_floor "$work/before.db" "$work/haven.db" >>"$work/floor.s"
    /usr/bin/time -v sqlite3 "$work/plain.db" ".import --csv $work/$kind.csv rows" 2>"$work/time"
    seconds "$work/time" >>"$work/sqlite.s"
    echo "run $run: haven $(tail -n 1 "$work/haven.s") s, sqlite3 .import $(tail -n 1 "$work/sqlite.s") s," \
        "SQLite inserting haven's rows $(tail -n 1 "$work/floor.s") s" >&2
done
haven_s=$(median <"$work/haven.s")
sqlite_s=$(median <"$work/sqlite.s")
floor_s=$(median <"$work/floor.s")
awk -v r="$rows" -v h="$haven_s" -v s="$sqlite_s" -v f="$floor_s" -v m="$(median <"$work/haven.mib")" -v n="$runs" 'BEGIN {
    printf "haven import:    %.2f s  %8.0f rows/s  peak %d MiB  (median of %d)\n", h, r / h, m, n
    printf "sqlite3 .import: %.2f s  %8.0f rows/s  (median of %d)\n", s, r / s, n
    printf "SQLite inserting the rows haven wrote: %.2f s  %8.0f rows/s  (median of %d)\n", f, r / f, n
    printf "ratio: haven takes %.1fx the time of .import, %.1fx the time SQLite takes to insert its rows\n", h / s, h / f
}'

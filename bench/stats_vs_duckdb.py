"""Haven's statistics against DuckDB, on the same rows, in the same run.

Exports the rows the country report's figures count (from a Haven SQLite database) to
Parquet, computes every figure of spec/seed-report-figures.toml with DuckDB SQL over those
files, runs Haven's `report_figures` example over the database, checks that both give
identical numbers and prints the timings (median of several runs) and peak memory.

Called by bench/stats_vs_duckdb.sh, which prepares the virtual environment.
"""

import datetime
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import tomllib

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

# Table -> (columns, which of them are dates, which are 16-byte ids)
EXPORT = {
    "organisations": ("id, short_name", [], ["id"]),
    "person_citizenships": ("person_id, country", [], ["person_id"]),
    "cases": ("id, person_id, kind", [], ["id", "person_id"]),
    "migration_cases": ("case_id, detected_on, decision, executed_on", ["detected_on", "executed_on"], ["case_id"]),
    "detention_periods": ("case_id, started_on, ended_on", ["started_on", "ended_on"], ["case_id"]),
    "protection_cases": (
        "case_id, applied_on, outcome, form_granted, decided_on",
        ["applied_on", "decided_on"],
        ["case_id"],
    ),
    "protection_extensions": ("case_id, decided_on", ["decided_on"], ["case_id"]),
    "citizenship_cases": ("case_id, applied_on, acquired_on", ["applied_on", "acquired_on"], ["case_id"]),
    "assistance": ("person_id, provider_id, kind, delivered_on", ["delivered_on"], ["person_id", "provider_id"]),
    "funding_allocations": ("purpose, allocated_on, usd_cents", ["allocated_on"], []),
    "prevention_activities": ("kind, topic, held_on", ["held_on"], []),
    "surveys": ("id, fielded_from, fielded_to", ["fielded_from", "fielded_to"], ["id"]),
    "survey_answers": ("survey_id, question, answer", [], ["survey_id"]),
}

CIS = "('ARM','AZE','BLR','GEO','KAZ','KGZ','MDA','RUS','TJK','TKM','UKR','UZB')"
PERSON_OF = "JOIN cases c ON c.id = x.case_id"
UKRAINIAN = "JOIN person_citizenships pc ON pc.person_id = c.person_id AND pc.country = 'UKR'"

# The same definitions as crates/cli/tests/figures.rs (PostgreSQL dialect, which DuckDB reads).
SQL = {
    "prevention.publications.minors_sexual_exploitation": "SELECT COUNT(*) FROM prevention_activities "
    "WHERE kind = 'publication' AND topic = 'sexual_exploitation_of_minors' AND held_on BETWEEN $1 AND $2",
    "migration.irregular_migrants.identified": f"SELECT COUNT(DISTINCT c.person_id) FROM migration_cases x {PERSON_OF} "
    "WHERE x.detected_on BETWEEN $1 AND $2",
    "migration.irregular_migrants.detained": f"SELECT COUNT(DISTINCT c.person_id) FROM detention_periods x {PERSON_OF} "
    "WHERE x.started_on BETWEEN $1 AND $2",
    "asylum.applications.non_cis": f"SELECT COUNT(DISTINCT c.person_id) FROM protection_cases x {PERSON_OF} "
    "WHERE x.applied_on BETWEEN $1 AND $2 AND NOT EXISTS (SELECT 1 FROM person_citizenships pc "
    f"WHERE pc.person_id = c.person_id AND pc.country IN {CIS})",
    "return.voluntary.iom_assisted": f"SELECT COUNT(DISTINCT c.person_id) FROM migration_cases x {PERSON_OF} "
    "WHERE x.decision = 'voluntary_return_iom' AND x.executed_on BETWEEN $1 AND $2",
    "detention.irregular_migrants.average_daily_population": "SELECT CAST(SUM(LEAST(COALESCE(ended_on, $2), $2) "
    "- GREATEST(started_on, $1) + 1) AS DOUBLE) / ($2::DATE - $1::DATE + 1) FROM detention_periods "
    "WHERE started_on <= $2 AND COALESCE(ended_on, $2) >= $1",
    "assistance.irregular_migrants.persons_assisted": "SELECT COUNT(DISTINCT a.person_id) FROM assistance a "
    "WHERE a.delivered_on BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM cases c JOIN migration_cases m ON m.case_id = c.id "
    "WHERE c.person_id = a.person_id AND m.detected_on <= a.delivered_on)",
    "funding.migrant_assistance.usd_equivalent": "SELECT CAST(SUM(usd_cents) AS DOUBLE) / 100 FROM funding_allocations "
    "WHERE purpose = 'migrant_transit_assistance' AND allocated_on BETWEEN $1 AND $2",
    "protection.applications.ukraine": f"SELECT COUNT(DISTINCT c.person_id) FROM protection_cases x {PERSON_OF} {UKRAINIAN} "
    "WHERE x.applied_on BETWEEN $1 AND $2",
    "protection.additional_protection.granted.ukraine": f"SELECT COUNT(DISTINCT c.person_id) FROM protection_cases x "
    f"{PERSON_OF} {UKRAINIAN} WHERE x.outcome = 'granted' AND x.form_granted = 'additional_protection' "
    "AND x.decided_on BETWEEN $1 AND $2",
    "protection.additional_protection.extended.ukraine": f"SELECT COUNT(DISTINCT c.person_id) FROM protection_extensions x "
    f"{PERSON_OF} {UKRAINIAN} JOIN protection_cases p ON p.case_id = x.case_id "
    "WHERE p.form_granted = 'additional_protection' AND x.decided_on BETWEEN $1 AND $2",
    "citizenship.applications.ukraine": f"SELECT COUNT(DISTINCT c.person_id) FROM citizenship_cases x {PERSON_OF} {UKRAINIAN} "
    "WHERE x.applied_on BETWEEN $1 AND $2",
    "citizenship.acquired.ukraine": f"SELECT COUNT(DISTINCT c.person_id) FROM citizenship_cases x {PERSON_OF} {UKRAINIAN} "
    "WHERE x.applied_on BETWEEN $1 AND $2 AND x.acquired_on BETWEEN $1 AND $2",
    "assistance.trafficking_victims.reintegration": "SELECT COUNT(DISTINCT a.person_id) FROM assistance a "
    "JOIN organisations o ON o.id = a.provider_id WHERE o.short_name = 'IOM' AND a.kind = 'reintegration' "
    "AND a.delivered_on BETWEEN $1 AND $2 "
    "AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = a.person_id AND c.kind = 'trafficking')",
    "prevention.survey.awareness_share": "SELECT CAST(SUM(CASE WHEN sa.answer = 'yes' THEN 1 ELSE 0 END) AS DOUBLE) "
    "/ COUNT(*) FROM survey_answers sa JOIN surveys s ON s.id = sa.survey_id "
    "WHERE sa.question = 'understands_trafficking' AND s.fielded_from >= $1 AND s.fielded_to <= $2",
}


def export(database, directory):
    """Every row the figures count, from SQLite to one Parquet file per table."""
    os.makedirs(directory, exist_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    for table, (columns, dates, ids) in EXPORT.items():
        names = [c.strip() for c in columns.split(",")]
        cursor = source.execute(f"SELECT {columns} FROM {table}")
        writer = None
        while rows := cursor.fetchmany(500_000):
            arrays = []
            for i, name in enumerate(names):
                values = [row[i] for row in rows]
                if name in dates:
                    arrays.append(pa.array(values, pa.string()).cast(pa.date32()))
                elif name in ids:
                    arrays.append(pa.array(values, pa.binary(16)))
                else:
                    arrays.append(pa.array(values))
            batch = pa.Table.from_arrays(arrays, names=names)
            if writer is None:
                writer = pq.ParquetWriter(os.path.join(directory, f"{table}.parquet"), batch.schema)
            writer.write_table(batch)
        if writer is not None:
            writer.close()
    source.close()


def duckdb_figures(directory, figures, repeat):
    connection = duckdb.connect()
    for table in EXPORT:
        path = os.path.join(directory, f"{table}.parquet")
        connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")

    def run():
        out = {}
        for figure in figures:
            first, last = (datetime.date.fromisoformat(d) for d in figure["period"])
            value = connection.execute(SQL[figure["id"]], [first, last]).fetchone()[0]
            out[f"{figure['id']} {first}..{last}"] = float(value or 0)
        return out

    started = time.perf_counter()
    values = run()
    cold = (time.perf_counter() - started) * 1e3
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        warm.append((time.perf_counter() - started) * 1e3)
    return values, cold, warm


def main():
    database, key_file, spec_path, haven_example, parquet_dir, repeat = sys.argv[1:7]
    repeat = int(repeat)
    figures = tomllib.load(open(spec_path, "rb"))["figure"]

    started = time.perf_counter()
    export(database, parquet_dir)
    export_s = time.perf_counter() - started
    size = sum(os.path.getsize(os.path.join(parquet_dir, f)) for f in os.listdir(parquet_dir))

    haven = json.loads(
        subprocess.run(
            [haven_example, f"sqlite://{database}", key_file, spec_path, str(repeat)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    duck, duck_cold, duck_warm = duckdb_figures(parquet_dir, figures, repeat)
    duck_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    mismatches = [
        (key, haven["figures"].get(key), value)
        for key, value in duck.items()
        if haven["figures"].get(key) is None or abs(haven["figures"][key] - value) > 1e-9 * max(1.0, abs(value))
    ]
    print(f"export to Parquet: {export_s:.1f} s, {size / 2**20:.0f} MiB")
    print(f"facts Haven holds: {haven['facts']} and {haven['persons']} persons")
    print(f"{'':32}{'Haven':>12}{'DuckDB':>12}{'ratio':>10}")
    warm_h, warm_d = haven["warm_ms_median"], statistics.median(duck_warm)
    print(f"{'all figures, warm (median ms)':32}{warm_h:12.1f}{warm_d:12.1f}{warm_d / warm_h:9.1f}x")
    print(f"{'all figures, cold (ms)':32}{haven['cold_ms']:12.0f}{duck_cold:12.0f}{duck_cold / haven['cold_ms']:9.2f}x")
    print(f"{'peak memory (MiB)':32}{haven['peak_rss_mib']:12.0f}{duck_peak:12.0f}")
    print(f"Haven cold = reading the facts from SQLite ({haven['load_ms']:.0f} ms) + the first computation;")
    print("DuckDB cold = the first run over the Parquet files (already in the page cache after the export).")
    print(f"warm runs: Haven {[round(x, 1) for x in haven['warm_ms_runs']]}")
    print(f"           DuckDB {[round(x, 1) for x in duck_warm]}")
    for key in sorted(duck):
        print(f"  {key:80} {haven['figures'].get(key)!s:>14} {duck[key]!s:>14}")
    if mismatches:
        print("FIGURES DIFFER:", mismatches)
        sys.exit(1)
    print(f"identical: all {len(duck)} figures agree")


if __name__ == "__main__":
    main()

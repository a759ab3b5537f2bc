"""How much of a generated data set no linkage can get right: records whose name, year of
birth, sex and citizenship fit more than one true person, and no full date of birth or
document to tell them apart.

    bench/link_ambiguity.py RAW.tsv NORM.tsv

RAW.tsv is `haven link generate` output (with its cluster_id truth column), NORM.tsv the
`haven link normalise` keys of the same records. Prints counts and one figure: the pairwise
F1 of an oracle that links every other record exactly as the truth does and leaves each
ambiguous record alone (precision 1). It is not a strict bound (a guess on an ambiguous
record is sometimes right), but a linker that beats it does so by guessing.

Nothing here prints a name: only counts.
"""

import csv
import itertools
import sys
from collections import Counter, defaultdict


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def compatible(a, b):
    """Whether nothing but the name tells records a and b apart: no full date on one side,
    the years (where both have one), sexes and citizenships not contradicting."""
    both = lambda field: a[field] and b[field]  # noqa: E731
    return (
        (len(a["dob"]) < 10 or len(b["dob"]) < 10)
        and (not both("dob") or a["dob"][:4] == b["dob"][:4])
        and (not both("sex") or a["sex"] == b["sex"])
        and (not both("citizenship") or a["citizenship"] == b["citizenship"])
        and not both("document_no")
    )


def main(raw_path, norm_path):
    raw = read(raw_path)
    keys = {r["unique_id"]: r for r in read(norm_path)}
    by_name = defaultdict(list)
    for r in raw:
        k = keys[r["unique_id"]]
        by_name[tuple(sorted([k["given_skeleton"], k["family_skeleton"]]))].append(r)

    ambiguous = set()
    for records in by_name.values():
        for r in records:
            if len(r["dob"]) == 10:
                continue
            people = {b["cluster_id"] for b in records if b is not r and compatible(r, b)}
            if people - {r["cluster_id"]}:
                ambiguous.add(r["unique_id"])

    persons = defaultdict(list)
    for r in raw:
        persons[r["cluster_id"]].append(r["unique_id"])
    true_pairs = lost = 0
    for ids in persons.values():
        for a, b in itertools.combinations(ids, 2):
            true_pairs += 1
            lost += a in ambiguous or b in ambiguous
    recall = (true_pairs - lost) / true_pairs
    f1 = 2 * recall / (1 + recall)
    dobs = Counter("full" if len(r["dob"]) == 10 else ("year" if r["dob"] else "none") for r in raw)
    shared = sum(len(rs) for rs in by_name.values() if len({r["cluster_id"] for r in rs}) > 1)
    print(f"records: {len(raw)}, persons: {len(persons)}, true pairs: {true_pairs}")
    print(f"dates of birth: {dobs['full']} full, {dobs['year']} year only, {dobs['none']} none")
    print(f"records whose name skeletons another person shares: {shared} ({shared / len(raw):.1%})")
    print(f"ambiguous records (no full date, fit another person): {len(ambiguous)} ({len(ambiguous) / len(raw):.1%})")
    print(f"true pairs with an ambiguous record: {lost} ({lost / true_pairs:.1%})")
    print(f"oracle that leaves them alone: precision 1.0000 recall {recall:.4f} F1 {f1:.4f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""What linking the records without a full date of birth can reach on a generated data set,
if every record with a full date were already clustered right.

    haven link generate --entities N [--surname-tail S] -o RAW.tsv
    haven link normalise --input RAW.tsv --output NORM.tsv
    bench/link_partial_dates.py RAW.tsv NORM.tsv [DOMINANCE]

A record that gives only a year of birth, or none, is told apart from the other persons of its
name only by its sex, citizenship, patronymic, year and document number. This script takes
the true persons of the records with a full date as given (their clusters), and places each
other record by what it says:
- its *candidates* are the persons whose records have its name: both parts' consonant
  skeletons (`haven link normalise`) equal in either order, or one equal and the other a
  keying slip apart (only these if none has the name exactly), and who have nothing that
  contradicts it (another sex, citizenship, patronymic, document number or year);
- it joins its only candidate, or the one with DOMINANCE (default 6) times as many records
  as the next; otherwise it stays alone;
- a record whose person has no record with a full date is put with that person's other such
  records (as if a linker did that perfectly).
It prints the F1 of that placement, and the F1 when the records with no candidate (names
spelt beyond one slip of every candidate's) are also placed right. Both are estimates of what
the partial dates allow, not bounds: a linker that reads names better could place more, and
no linker clusters the full dates perfectly. `bench/link_ambiguity.py` gives the bound of an
oracle that also knows each person's true names.

Nothing here prints a name: only counts.
"""

import csv
import sys
from collections import Counter, defaultdict


def read(path):
    with open(path, newline="") as f:
        return {row["unique_id"]: row for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}


def one_slip(a, b):
    """Damerau-Levenshtein distance at most 1, for skeletons of three letters or more."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    if len(a) < len(b):
        a, b = b, a
    return any(a[:i] + a[i + 1 :] == b for i in range(len(a)))


def deletions(word):
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def main():
    raw, norm = read(sys.argv[1]), read(sys.argv[2])
    dominance = float(sys.argv[3]) if len(sys.argv) > 3 else 6.0
    truth = {u: r["cluster_id"] for u, r in raw.items()}
    full = {u for u, r in raw.items() if len(r["dob"]) == 10}
    parts = {u: (n["given_skeleton"], n["family_skeleton"]) for u, n in norm.items()}

    def keys(u):
        # One part exact and the other with a letter deleted or not: two skeletons a slip
        # apart share such a key.
        given, family = parts[u]
        if not given or not family:
            return set()
        return {(a, v) for a, b in ((given, family), (family, given)) for v in deletions(b)}

    def name_fit(u, x):
        """2 for the same skeletons in either order, 1 for one part a slip apart, else 0."""
        a, b = parts[u], parts[x]
        if not all(a) or not all(b):
            return 0
        best = 0
        for other in (b, b[::-1]):
            same = [a[i] == other[i] for i in range(2)]
            if all(same):
                return 2
            if any(same) and all(one_slip(a[i], other[i]) for i in range(2)):
                best = 1
        return best

    persons = defaultdict(list)
    for u in full:
        persons[truth[u]].append(u)
    by_key = defaultdict(set)
    for person, records in persons.items():
        for x in records:
            for key in keys(x):
                by_key[key].add(person)

    def contradicts(u, person):
        r = raw[u]
        for x in persons[person]:
            other = raw[x]
            for field in ("sex", "citizenship", "document_no"):
                if r[field] and other[field] and r[field] != other[field]:
                    return True
            p, q = norm[u]["patronymic_skeleton"], norm[x]["patronymic_skeleton"]
            if p and q and not one_slip(p, q):
                return True
            if r["dob"] and other["dob"][:4] != r["dob"]:
                return True
        return False

    placed, counts = {u: truth[u] for u in full}, Counter()
    unplaced_with_no_candidate = []
    for u in raw:
        if u in full:
            continue
        if truth[u] not in persons:
            placed[u] = "apart:" + truth[u]
            counts["no record of its person has a full date (placed right)"] += 1
            continue
        found = set().union(*(by_key.get(key, set()) for key in keys(u)))
        fits = {c: max(name_fit(u, x) for x in persons[c]) for c in found}
        candidates = [c for c, fit in fits.items() if fit and not contradicts(u, c)]
        exact = [c for c in candidates if fits[c] == 2]
        pool = sorted(exact or candidates, key=lambda c: -len(persons[c]))
        if pool and (len(pool) == 1 or len(persons[pool[0]]) >= dominance * len(persons[pool[1]])):
            placed[u] = pool[0]
            counts["joined the right person" if pool[0] == truth[u] else "joined another person"] += 1
        else:
            placed[u] = "alone:" + u
            counts[f"alone, {min(len(pool), 3)}{'+' if len(pool) >= 3 else ''} candidates"] += 1
            if not pool:
                unplaced_with_no_candidate.append(u)

    for what, n in sorted(counts.items()):
        print(f"{n:8d}  {what}")
    print(f"F1 placing by record: {f1(placed, truth)}")
    for u in unplaced_with_no_candidate:
        placed[u] = truth[u]
    print(f"F1 with the records of no candidate placed right too: {f1(placed, truth)}")


def f1(placed, truth):
    def pairs(counter):
        return sum(k * (k - 1) // 2 for k in counter.values())

    tp = pairs(Counter((placed[u], truth[u]) for u in truth))
    predicted, true = pairs(Counter(placed.values())), pairs(Counter(truth.values()))
    p, r = tp / predicted, tp / true
    return f"P {p:.4f} R {r:.4f} F1 {2 * p * r / (p + r):.4f} (false pairs {predicted - tp}, missed {true - tp})"


if __name__ == "__main__":
    main()

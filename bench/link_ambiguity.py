"""How well any linkage could do on a generated data set: the records that fit more than one
true person, and the F1 of an oracle that knows more than any linker can.

    haven link generate --entities N [--surname-tail S] -o RAW.tsv --persons PERSONS.tsv
    bench/link_ambiguity.py RAW.tsv PERSONS.tsv

PERSONS.tsv holds each generated person's true names (as keys: one name however an agency
spelt it), sex, full date of birth and citizenship. A record *fits* another person when that
person has its true names (and its patronymic, if the record writes one), and nothing else the
record wrote tells them apart: no document number, and a sex and year of birth (or, if the
record has a full date, the date) that the other person has too. Both persons then write such
a record with the same chances, so no linker can tell whose it is; it can only guess.

Citizenship is read two ways, and both are reported:
- *from the spelling*: the other person must share the record's true citizenship too, as
  agencies spell a Belarusian's name otherwise than a Russian's. This overrates what a
  spelling tells (`Varvara Kovalchuk` is how a Ukrainian and a Belarusian `Варвара Ковальчук`
  are both written), so its F1 is the higher bound;
- *as written*: the other person must share the citizenship only if the record writes one.
  This takes the spelling to tell nothing of it, so a linker that reads nationality from
  spellings could do somewhat better than this F1.

The oracle is given
- the true names behind every spelling, typo and swap (no linker reads names that well);
- the truth of every record that fits no other person, and, for each record that does, the
  truth of all the others and whether its own person has any other record;
- the generator's law of how many records a person has (a linker does not know it), from
  which the chance that the record is each candidate's: a person's having n records rather
  than n + 1.
For each such record it takes the choice (one candidate, or none) with the fewest expected
false pairs plus missed pairs, and is charged the pairs that choice actually gets wrong. No
linker can expect a higher F1. Each record's errors are counted as if every other record
were placed right, which misses a pair only when two records of one person are both
misplaced: a few pairs among hundreds of thousands.

Nothing here prints a name: only counts.
"""

import csv
import sys
from collections import Counter, defaultdict


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def fits(record, own, other):
    """Whether `record`, written of person `own`, could have been written of `other`
    (whose names are `own`'s) with the same chances."""
    if record["document_no"]:
        return False
    if record["citizenship"] and record["citizenship"] != other["citizenship"]:
        return False
    if record["patronymic"] and own["patronymic"] != other["patronymic"]:
        return False
    if record["sex"] and record["sex"] != other["sex"]:
        return False
    if len(record["dob"]) == 10:
        return own["dob"] == other["dob"]
    return not record["dob"] or record["dob"][:4] == other["dob"][:4]


def bound(raw, persons, records_of, citizenship_from_spelling):
    """The ambiguous records, the F1 of the oracle that leaves them alone, and the best
    oracle's guesses, precision, recall and F1. `records_of` counts each person's records."""
    # The law of records per person: f[n] is the share of persons with n records.
    sizes = Counter(records_of.values())
    f = defaultdict(float, {n: count / len(records_of) for n, count in sizes.items()})

    # Persons by what a record must share with them to fit them: names (and citizenship, if
    # the spelling tells it), and the year of birth where the record has one.
    def names(p):
        key = tuple(sorted((p["given"], p["family"])))
        return (key, p["citizenship"]) if citizenship_from_spelling else key

    namesakes, namesakes_by_year = defaultdict(list), defaultdict(list)
    for p in persons.values():
        if records_of[p["cluster_id"]]:
            namesakes[names(p)].append(p)
            namesakes_by_year[(names(p), p["dob"][:4])].append(p)

    ambiguous = guessed = false_pairs = missed_pairs = missed_alone = 0
    for r in raw:
        own = persons[r["cluster_id"]]
        same = namesakes_by_year[(names(own), r["dob"][:4])] if r["dob"] else namesakes[names(own)]
        others = [p for p in same if p is not own and fits(r, own, p)]
        if not others:
            continue
        ambiguous += 1
        # Other records of each candidate, and of the record's own person.
        n = {p["cluster_id"]: records_of[p["cluster_id"]] for p in others}
        n[own["cluster_id"]] = records_of[own["cluster_id"]] - 1
        missed_alone += n[own["cluster_id"]]
        if n[own["cluster_id"]] == 0:
            continue  # told it is its person's only record: left alone, rightly
        chance = {c: f[k + 1] / f[k] for c, k in n.items()}
        total = sum(chance.values())
        chance = {c: w / total for c, w in chance.items()}
        # Expected false plus missed pairs of each choice; None leaves it alone.
        cost = {None: sum(chance[t] * n[t] for t in n)}
        for c in n:
            cost[c] = sum(chance[t] * (n[c] + n[t]) for t in n if t != c)
        choice = min(cost, key=lambda c: (cost[c], c is not None))
        if choice == own["cluster_id"]:
            continue
        missed_pairs += n[own["cluster_id"]]
        if choice is not None:
            guessed += 1
            false_pairs += n[choice]

    true_pairs = sum(k * (k - 1) // 2 for k in records_of.values())
    alone_recall = (true_pairs - missed_alone) / true_pairs
    tp = true_pairs - missed_pairs
    precision, recall = tp / (tp + false_pairs), tp / true_pairs
    f1 = 2 * precision * recall / (precision + recall)
    return ambiguous, 2 * alone_recall / (1 + alone_recall), guessed, precision, recall, f1


def main(raw_path, persons_path):
    raw = read(raw_path)
    persons = {p["cluster_id"]: p for p in read(persons_path)}
    records_of = Counter(r["cluster_id"] for r in raw)
    true_pairs = sum(k * (k - 1) // 2 for k in records_of.values())
    dobs = Counter("full" if len(r["dob"]) == 10 else ("year" if r["dob"] else "none") for r in raw)
    print(f"records: {len(raw)}, persons: {len(records_of)}, true pairs: {true_pairs}")
    print(f"dates of birth: {dobs['full']} full, {dobs['year']} year only, {dobs['none']} none")
    readings = [
        (True, "from the spelling", "no linker can expect more"),
        (False, "as written", "nor can a linker that reads no nationality from spellings"),
    ]
    for from_spelling, reading, meaning in readings:
        ambiguous, alone_f1, guessed, precision, recall, f1 = bound(raw, persons, records_of, from_spelling)
        print(f"citizenship {reading}:")
        print(f"  records that fit another person: {ambiguous} ({ambiguous / len(raw):.1%})")
        print(f"  oracle that leaves them alone: F1 {alone_f1:.4f}")
        print(
            f"  best oracle (guesses {guessed}): precision {precision:.4f} recall {recall:.4f}"
            f" F1 {f1:.4f} ({meaning})"
        )


if __name__ == "__main__":
    main(*sys.argv[1:3])

#!/usr/bin/env python3
"""Derives arabic_surnames.tsv from units.tsv of the arabic-name-romanizer data set.

Usage: derive_arabic_surnames.py /path/to/arabic_name_romanizer_wikidata/units.tsv > arabic_surnames.tsv

The synthetic-record generator (src/generate.rs) draws the family names of migrants
from its short hand-written lists and, past them, from this long tail of real surnames:
one row per surname attested in a country, with the Arabic script as written and every
attested Latin spelling. Kept: units whose role is `surname`, in the countries the
generator's migrants come from, with at least one spelling in plain ASCII letters (as a
form or a passport's machine-readable zone writes it); spellings with diacritics such as
`Ḥasan` are left out, and so are labels with more words than the Arabic.
"""

import collections
import csv
import re
import sys

# ISO 3166 alpha-2 in units.tsv -> the alpha-3 the generator's lists use.
COUNTRIES = {
    "AF": "AFG", "DZ": "DZA", "EG": "EGY", "IR": "IRN", "IQ": "IRQ", "JO": "JOR",
    "LB": "LBN", "LY": "LBY", "MA": "MAR", "PK": "PAK", "PS": "PSE", "SD": "SDN",
    "SO": "SOM", "SY": "SYR", "TN": "TUN", "YE": "YEM",
}
PLAIN = re.compile(r"^[A-Za-z][A-Za-z' -]*[A-Za-z]$")
ARTICLES = {"al", "el", "ul", "ur", "ud", "ad", "ed", "as", "ash", "at", "az", "ar", "an", "ut", "us"}


def words_beyond(latin, native):
    """How many more words the Latin spelling has than the Arabic (a separate article
    aside): `Ali Al-Khateeb` for الخطيب is a label of a whole person, not a spelling."""
    latin_words = [w for w in latin.split() if w.lower() not in ARTICLES]
    return len(latin_words) - len(native.split())


def main():
    spellings = collections.defaultdict(collections.Counter)
    for row in csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"):
        country = COUNTRIES.get(row["country"])
        if country is None or row["role"] != "surname":
            continue
        latin = row["latin"].strip()
        if PLAIN.match(latin) and words_beyond(latin, row["arabic_key"]) <= 0:
            spellings[(country, row["arabic_key"].strip())][latin] += int(row["count"])
    out = sys.stdout
    out.write("country\tnative\tvariants\tcount\n")
    for (country, native) in sorted(spellings):
        # One spelling per letter sequence whatever its case (`Khan`, `khan`), the most used.
        by_letters = collections.defaultdict(collections.Counter)
        for spelling, count in spellings[(country, native)].items():
            by_letters[spelling.lower()][spelling] += count
        ranked = sorted(
            ((forms.most_common(1)[0][0], sum(forms.values())) for forms in by_letters.values()),
            key=lambda kv: (-kv[1], kv[0]),
        )
        total = sum(c for _, c in ranked)
        # A spelling under 1% of a common name's uses is mostly a mis-aligned label
        # (`Hussain` for خان); for rare names every attested spelling counts.
        kept = [s for s, c in ranked if c * 100 >= total]
        out.write(f"{country}\t{native}\t{'|'.join(kept)}\t{total}\n")


if __name__ == "__main__":
    main()

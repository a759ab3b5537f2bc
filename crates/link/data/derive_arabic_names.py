#!/usr/bin/env python3
"""Derives arabic_names.tsv from units.tsv of the arabic-name-romanizer data set.

Usage: derive_arabic_names.py /path/to/arabic_name_romanizer_wikidata/units.tsv > arabic_names.tsv

Kept: name units attested at least twice in total. Per unit: the normalised
Arabic key, the most frequent Latin spelling with its count (ASCII-folded, lower case, the
article dropped) and the other spellings attested at least twice and in at least 0.5% of
the unit's uses, each as spelling:count. The Rust
side (src/arabic.rs) normalises Arabic script and folds Latin text exactly as
this script does; keep both in step.
"""
import collections
import csv
import sys
import unicodedata

ARTICLES = {"al", "el", "ul", "ur", "ud", "ad", "ed", "as", "ash", "at", "az", "ar", "an", "ut", "us"}

ARABIC_FOLD = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u06d2": "\u064a", "\u0626": "\u064a",
    "\u0629": "\u0647", "\u06c1": "\u0647", "\u06be": "\u0647",
    "\u06a9": "\u0643", "\u0624": "\u0648",
}


def fold_arabic(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if 0x064B <= cp <= 0x065F or cp in (0x0670, 0x0640, 0x200C, 0x200D):
            continue
        out.append(ARABIC_FOLD.get(ch, ch))
    return "".join(out)


SPECIAL = {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


def fold_latin_tokens(text):
    text = unicodedata.normalize("NFD", text.lower())
    chars = []
    for ch in text:
        if unicodedata.combining(ch):
            continue
        ch = SPECIAL.get(ch, ch)
        if ch.isascii() and ch.isalpha():
            chars.append(ch)
        elif ch in " -_.,":
            chars.append(" ")
        # apostrophes and anything else vanish: Iba' = Iba
    tokens = "".join(chars).split()
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in ARTICLES]
    return tokens


def main():
    counts = collections.defaultdict(collections.Counter)
    for row in csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"):
        key = fold_arabic(row["arabic_key"]).strip()
        if key.startswith("\u0627\u0644") and len(key) > 3:
            key = key[2:]
        tokens = fold_latin_tokens(row["latin"])
        if len(tokens) != 1 or " " in key:
            continue
        counts[key][tokens[0]] += int(row["count"])
    out = sys.stdout
    out.write("arabic_key\tlatin\tvariants\tcount\n")
    for key in sorted(counts):
        spellings = counts[key]
        total = sum(spellings.values())
        if total < 2:
            continue
        ranked = sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))
        top = ranked[0][0]
        # A spelling seen twice that is at least 0.5% of the unit's uses is a
        # real variant; rarer ones are mostly mis-aligned labels.
        others = [f"{s}:{c}" for s, c in ranked[1:] if c >= 2 and c * 200 >= total]
        out.write(f"{key}\t{top}:{ranked[0][1]}\t{'|'.join(others)}\t{total}\n")


if __name__ == "__main__":
    main()

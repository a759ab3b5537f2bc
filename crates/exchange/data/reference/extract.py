"""Cuts the reference data sets in ../shared/data down to what Haven's tests need: every row
that concerns Belarus, and the rows that carry each file's traps. Run from this folder:
python3 extract.py /path/to/shared/data  (the files' origins are in SOURCE.txt)."""
import csv, sys, io

data = sys.argv[1] if len(sys.argv) > 1 else "../../../../../shared/data"

def cut(source, target, keep, newline="\n"):
    with open(f"{data}/{source}", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if keep(dict(zip(header, r)))]
    with open(target, "w", newline="") as out:
        writer = csv.writer(out, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)
    print(target, len(rows), "rows")

# GLOTIP: Belarus; Argentina (a count written 1,531; breakdowns given twice); the countries whose
# "values" are questionnaire cell codes run into a year (6,112,019). CRLF, as published.
glotip_countries = {"BLR", "ARG", "PAK", "SLE", "AND", "SLV"}
cut("unodc-glotip/data_glotip_2025-04-14.csv", "glotip.csv",
    lambda r: r["Iso3_code"] in glotip_countries, newline="\r\n")
# UNHCR: every row with Belarus as origin or asylum, and Namibia's (NAM, not NA).
unhcr = lambda r: "BLR" in (r["coo_iso"], r["coa_iso"]) or "NAM" in (r["coo_iso"], r["coa_iso"])
for name in ["population", "asylum_applications", "asylum_decisions"]:
    cut(f"unhcr-refugees/{name}.csv", f"unhcr_{name}.csv", unhcr)

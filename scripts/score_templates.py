#!/usr/bin/env python3
"""Score every golden sample (corpora/samples and corpora/templates): metadata accuracy
per field, TOC and cover text leaking into the body, sections against TOC entries.

Prints the Markdown tables of the README.  Usage: ``python scripts/score_templates.py``
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.evaluation import layout as ev  # noqa: E402
from pipeline.process import process_file  # noqa: E402

FOLDERS = [REPO / "corpora" / "samples", REPO / "corpora" / "templates"]


def goldens() -> list[Path]:
    return [g for folder in FOLDERS for g in sorted(folder.glob("*.expected.json"))]


def main() -> int:
    per_field: dict[str, list[bool]] = defaultdict(list)
    rows = []
    for golden in goldens():
        exp = json.loads(golden.read_text("utf-8"))
        for name in exp.get("files", [exp["file"]]):
            doc = process_file(golden.parent / name)
            checks = ev.metadata_checks(doc, exp["metadata"])
            for field, ok in checks.items():
                per_field[field].append(ok)
            entries = ev.toc_entries(doc)
            printed = [tuple(e) for e in exp["toc"]] if isinstance(exp.get("toc"), list) else []
            found, total = ev.section_toc_agreement(doc, entries)
            rows.append((name, exp.get("layout", "sample"), sum(checks.values()), len(checks),
                         f"{len(entries)}/{len(printed)}" if printed else str(len(entries)),
                         len(ev.toc_leaks(doc, entries + printed)), len(ev.cover_leaks(doc)),
                         f"{found}/{total}" if total else "–"))
    print("| file | template | metadata fields right | TOC entries found (/printed) | TOC lines in body "
          "| cover lines in body | TOC entries matched by a section |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, layout, ok, n, entries, toc_leaks, cover_leaks, agree in rows:
        print(f"| `{name}` | {layout} | {ok}/{n} | {entries} | {toc_leaks} | {cover_leaks} | {agree} |")
    print()
    print("| field | " + " | ".join(per_field) + " |")
    print("| --- | " + " | ".join("---:" for _ in per_field) + " |")
    print("| right | " + " | ".join(f"{sum(v)}/{len(v)}" for v in per_field.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

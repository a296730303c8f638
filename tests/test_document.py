"""``Document.to_dict`` is ``dataclasses.asdict`` (the JSON form of every document), built faster."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from pipeline.document import Document, Source, Table

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "2023-kyushu-semiconductor-hydrogen.pdf"


def test_to_dict_equals_asdict_on_a_processed_report(processed_pdf) -> None:
    doc = processed_pdf(SAMPLE)
    assert doc.entities and doc.tables and doc.sectors  # nested dataclasses, dicts and lists
    plain = doc.to_dict()
    assert plain == dataclasses.asdict(doc)
    as_json = json.dumps(plain, ensure_ascii=False, indent=1)
    assert as_json == json.dumps(dataclasses.asdict(doc), ensure_ascii=False, indent=1)
    assert Document.from_dict(plain).to_dict() == plain


def test_to_dict_copies_containers() -> None:
    doc = Document(id="x", source=Source(filename="f.pdf", sha256="", size=0))
    doc.tables.append(Table(caption="表 1", page=1, header=["a"], rows=[["1"]]))
    plain = doc.to_dict()
    plain["tables"][0]["rows"][0][0] = "changed"
    assert doc.tables[0].rows[0][0] == "1"

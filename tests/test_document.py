"""The JSON form of documents: ``as_plain`` is ``dataclasses.asdict`` without deep copies."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.document import Document, Source, Table
from pipeline.plain import as_plain

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "2023-kyushu-semiconductor-hydrogen.pdf"


def test_as_plain_equals_asdict_on_a_processed_report(processed_pdf) -> None:
    doc = processed_pdf(SAMPLE)
    assert doc.entities and doc.tables and doc.sectors  # nested dataclasses, dicts and lists
    assert as_plain(doc) == dataclasses.asdict(doc)
    assert list(as_plain(doc)) == list(dataclasses.asdict(doc))
    assert Document.from_dict(doc.to_dict()).to_dict() == doc.to_dict()


def test_as_plain_copies_containers() -> None:
    doc = Document(id="x", source=Source(filename="f.pdf", sha256="", size=0))
    doc.tables.append(Table(caption="表 1", page=1, header=["a"], rows=[["1"]]))
    plain = doc.to_dict()
    plain["tables"][0]["rows"][0][0] = "changed"
    assert doc.tables[0].rows[0][0] == "1"

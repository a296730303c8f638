"""End to end on the reference report PDF: extraction stages, then the NER stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline import process
from pipeline.text.fold import fold

PDF = Path(__file__).resolve().parents[1].parent / "shared" / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"


@pytest.fixture(scope="module")
def doc() -> Any:
    d = process.process_file(PDF)
    assert d.status == "ok" and d.blocks, d.errors
    return d


def test_entities_exist_with_all_labels(doc: Any) -> None:
    labels = {e.label for e in doc.entities}
    assert {"ORG", "PERSON", "GPE", "INDUSTRY"} <= labels


def test_attendees_are_people_from_tables(doc: Any) -> None:
    assert doc.people
    people = {fold(e.canonical): e for e in doc.entities if e.label == "PERSON"}
    for p in doc.people:
        e = people[fold(p.name)]
        assert "table" in e.sources


def test_genre_coreference_on_the_report(doc: Any) -> None:
    orgs = {e.canonical: e for e in doc.entities if e.label == "ORG"}
    assert "coref" in orgs["經濟部工業局"].sources  # 本局
    assert "東北經濟產業局" in orgs
    assert any("acronym" in e.sources for e in orgs.values())
    assert not [e for e in doc.entities if e.text in ("日方", "台方", "我方")]


def test_mentions_point_into_blocks(doc: Any) -> None:
    for e in doc.entities:
        for m in e.mentions:
            if m.block is not None:
                assert doc.blocks[m.block].text[m.start : m.end].strip()

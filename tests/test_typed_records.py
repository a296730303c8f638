"""Entities and sector scores are typed records whose JSON form is exactly the stages' output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_corpus import make_doc

from pipeline.annotations import Entity, Mention, SectorEvidence, SectorScore
from pipeline.document import Document
from pipeline.schema import validate_document

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "corpora" / "samples").glob("*.pdf"))


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_stage_output_round_trips_byte_for_byte(pdf: Path, processed_pdf) -> None:
    doc = processed_pdf(pdf)
    assert doc.entities and all(isinstance(e, Entity) for e in doc.entities)
    assert all(isinstance(m, Mention) for e in doc.entities for m in e.mentions)
    assert doc.sectors and all(isinstance(s, SectorScore) for s in doc.sectors)
    assert all(isinstance(s, SectorScore) for sec in doc.sections for s in sec.sectors)
    text = json.dumps(doc.to_dict(), ensure_ascii=False, indent=1)
    again = Document.from_dict(json.loads(text))
    assert again == doc
    assert json.dumps(again.to_dict(), ensure_ascii=False, indent=1) == text
    validate_document(again.to_dict())


def test_mention_json_keys_depend_on_where_it_is() -> None:
    text = Mention(section="2", page=3, block=4, start=5, end=9)
    cover = Mention(page=1, where="cover")
    row = Mention(section="2", page=3, where="table", table=0)
    cell = Mention(section="2", page=3, start=0, end=4, where="table", table=1, row=1, col=2)
    assert list(text.to_dict()) == ["section", "page", "block", "start", "end"]
    assert cover.to_dict() == {"section": None, "page": 1, "block": None, "start": None, "end": None,
                               "where": "cover"}
    assert list(row.to_dict())[-2:] == ["where", "table"]
    assert list(cell.to_dict())[-4:] == ["where", "table", "row", "col"]
    for m in (text, cover, row, cell):
        assert Mention.from_dict(m.to_dict()) == m


def test_entity_writes_person_attributes_only_when_known() -> None:
    ent = Entity(text="王大明", label="PERSON", canonical="王大明", canonical_id="PERSON:0123456789ab",
                 lang="zh-Hant", count=1, mentions=[Mention(page=1, where="cover")], sources=["cover"],
                 title="科長")
    data = ent.to_dict()
    assert list(data) == ["text", "label", "canonical", "canonical_id", "lang", "count", "mentions",
                          "sources", "title"]
    assert Entity.from_dict(data) == ent


def test_section_scores_leave_out_document_fields() -> None:
    doc_level = SectorScore(label="mems", name="微機電", score=0.8, assigned=True, threshold=0.4,
                            sections=["2"], share=0.25,
                            evidence=[SectorEvidence("感測器", 0.7, section="2", number="一", title="拜會")])
    section_level = SectorScore(label="mems", name="微機電", score=0.8, assigned=True,
                                evidence=[SectorEvidence("感測器", 0.7)])
    assert list(doc_level.to_dict()) == ["label", "name", "score", "threshold", "assigned", "sections",
                                         "share", "evidence"]
    assert list(doc_level.to_dict()["evidence"][0]) == ["section", "number", "title", "text", "score"]
    assert section_level.to_dict() == {"label": "mems", "name": "微機電", "score": 0.8, "assigned": True,
                                       "evidence": [{"text": "感測器", "score": 0.7}]}
    chunk = SectorEvidence("加氫站", 0.6, chunk=2).to_dict()
    assert list(chunk) == ["chunk", "text", "score"]
    for s in (doc_level, section_level):
        assert SectorScore.from_dict(s.to_dict()) == s


def test_typed_document_round_trips_and_validates() -> None:
    doc = make_doc()
    data = doc.to_dict()
    validate_document(data)
    again = Document.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == doc
    assert again.to_dict() == data


@pytest.mark.parametrize("damage", [
    lambda d: d["entities"][0].update(surface="x"),
    lambda d: d["entities"][0].pop("label"),
    lambda d: d["entities"].append("東北經產局"),
    lambda d: d["sectors"][0]["evidence"].append({"sentence": "x"}),
])
def test_malformed_entity_or_sector_json_is_a_clear_corpus_error(tmp_path: Path, damage) -> None:
    from pipeline.corpus.store import Corpus, CorpusError

    data = make_doc().to_dict()
    damage(data)
    path = tmp_path / f"{data['id']}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CorpusError, match="not a readable document"):
        Corpus(tmp_path / "corpus").load_json(path)

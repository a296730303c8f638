"""The document-level NER stage: cover/table evidence, coreference, entity records."""

from __future__ import annotations

import pytest

from pipeline.document import Block, Document, Metadata, Person, Source, Table
from pipeline.ner import stage
from pipeline.text.fold import fold


def make_doc() -> Document:
    doc = Document(id="t", source=Source(filename="t.pdf", sha256="0", size=0))
    doc.metadata = Metadata(
        agency="經濟部",
        authors=[Person(name="王大明", title="科長", unit="工業局金屬機電組")],
    )
    doc.tables = [
        Table(caption="表 3：出席人員", page=4, header=["單位", "職稱", "姓名"], rows=[], section="3.1", kind="attendees"),
    ]
    doc.people = [
        Person(name="山本一郎", title="課長", unit="國際課", org="大阪府 商工勞動部", source_table=0),
        Person(name="佐藤花子", title="主查", unit="國際課", org="大阪府 商工勞動部", source_table=0),
    ]
    doc.blocks = [
        Block(lang="zh-Hant", text="本局王科長率團拜會大阪府商工勞動部，由山本 一郎課長接待。", section="3.1", page=4),
        Block(lang="zh-Hant", text="日方表示，本部將持續支持台日合作；工業局也將協助。", section="3.2", page=5),
    ]
    return doc


def test_table_rows_yield_person_and_org_with_table_source() -> None:
    doc = make_doc()
    stage.annotate(doc)
    people = {e.canonical: e for e in doc.entities if e.label == "PERSON"}
    sato = people["佐藤花子"]
    assert sato.sources == ["table"]
    assert sato.title == "主查"
    assert sato.org == "大阪府商工勞動部"
    assert sato.mentions[0].table == 0
    yamamoto = people["山本一郎"]
    assert "table" in yamamoto.sources and yamamoto.count == 2  # table row + body text
    orgs = {e.canonical: e for e in doc.entities if e.label == "ORG"}
    assert "table" in orgs["大阪府商工勞動部"].sources


def test_self_references_resolve_to_the_reporting_agency() -> None:
    doc = make_doc()
    stage.annotate(doc)
    orgs = {e.canonical: e for e in doc.entities if e.label == "ORG"}
    bureau = orgs["經濟部工業局"]  # 本局 + 工業局 (contextual alias, 經濟部 on the cover)
    assert "coref" in bureau.sources
    assert bureau.count >= 2
    assert "coref" in orgs["經濟部"].sources  # 本部
    assert not [e for e in doc.entities if e.text in ("日方", "台日")]


def test_surname_and_title_resolve_to_the_cover_author() -> None:
    doc = make_doc()
    stage.annotate(doc)
    wang = [e for e in doc.entities if e.label == "PERSON" and e.canonical == "王大明"]
    assert len(wang) == 1
    assert set(wang[0].sources) >= {"cover", "coref"}
    assert wang[0].text == "王大明"


def test_entity_records_are_unique_and_mentions_point_into_blocks() -> None:
    doc = make_doc()
    stage.annotate(doc)
    keys = [(e.canonical_id, e.label) for e in doc.entities]
    assert len(keys) == len(set(keys))
    for e in doc.entities:
        assert set(e.to_dict()) >= {"text", "label", "canonical", "canonical_id", "lang", "count", "mentions", "sources"}
        assert e.count == len(e.mentions)
        for m in e.mentions:
            if m.block is None:
                continue
            surface = doc.blocks[m.block].text[m.start : m.end]
            assert surface
            assert m.section == doc.blocks[m.block].section
            if e.label != "PERSON" and "coref" not in e.sources and "acronym" not in e.sources:
                assert fold(surface) in fold(e.canonical) or fold(e.canonical) in fold(surface) or surface


def test_empty_document() -> None:
    doc = Document(id="e", source=Source(filename="e.pdf", sha256="0", size=0))
    stage.annotate(doc)
    assert doc.entities == []


def test_chinese_model_is_an_optional_component() -> None:

    from pipeline.ner import models
    from pipeline.ner.config import LABELS

    assert models.zh_model() is not None
    text = "張志明和陳美玲昨天一起去高雄參觀，並拜訪了李國華。"
    spans = models.model_spans([text], "zh-Hant")[0]
    assert spans and all(s.label in LABELS and text[s.start : s.end] for s in spans)
    ents = stage.extract_entities(text, "zh-Hant")
    assert any("model" in e.sources for e in ents)


def test_cells_of_other_tables_are_annotated() -> None:
    doc = make_doc()
    doc.tables.append(Table(caption="表 2：行程表", page=5, header=["", "上午", "下午"],
                            rows=[["9/17", "", "去程 (松山→羽田機場)"]], section="3.2", kind="schedule"))
    stage.annotate(doc)
    fac = [e for e in doc.entities if e.text == "羽田機場"]
    assert fac and fac[0].label == "FAC"
    m = fac[0].mentions[0]
    assert (m.where, m.table, m.row, m.col, m.block) == ("table", 1, 1, 2, None)
    assert "去程 (松山→羽田機場)"[m.start : m.end] == "羽田機場"
    # attendee tables are evidence already: their cells are not annotated again
    assert not [e for e in doc.entities if e.text in ("單位", "職稱")]


def test_known_place_names_are_never_model_persons() -> None:
    from pipeline.ner.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert stage._is_place_name("仙台", gaz)  # 仙台市
    assert stage._is_place_name("千葉縣", gaz)
    assert not stage._is_place_name("王大明", gaz)


def test_unknown_component_in_the_config_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.errors import ResourceError
    from pipeline.ner.config import load_config
    from pipeline.ner.stage import COMPONENTS, extract_entities

    cfg = load_config()["pipeline"]
    assert set(cfg["order"]) <= set(COMPONENTS)
    monkeypatch.setitem(cfg, "order", [*cfg["order"], "no_such_component"])
    with pytest.raises(ResourceError, match="no_such_component"):
        extract_entities("經濟部工業局赴日本。")


def test_unknown_japanese_repair_in_the_config_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.errors import ResourceError
    from pipeline.ner.config import load_config
    from pipeline.ner.japanese import REPAIRS
    from pipeline.ner.stage import extract_entities

    cfg = load_config()["japanese"]
    assert set(cfg["repairs"]) <= set(REPAIRS)
    monkeypatch.setitem(cfg, "repairs", [*cfg["repairs"], "no_such_repair"])
    with pytest.raises(ResourceError, match="no_such_repair"):
        extract_entities("九州経済産業局との意見交換を行った。", "ja")


def test_japanese_repairs_are_switched_by_the_config(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.ner.config import load_config
    from pipeline.ner.stage import extract_entities

    text = "米商務省の担当者と面談した。"
    assert {(e.text, e.label) for e in extract_entities(text, "ja")} == {("米", "GPE"), ("商務省", "ORG")}
    cfg = load_config()["japanese"]
    monkeypatch.setitem(cfg, "repairs", [r for r in cfg["repairs"] if r != "org_prefixes"])
    assert {(e.text, e.label) for e in extract_entities(text, "ja")} == {("米商務省", "ORG")}

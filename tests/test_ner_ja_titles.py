"""Japanese family names before a unit's title are the persons (pipeline/ner/ja_titles.py)."""

from __future__ import annotations

from pipeline.ner.stage import extract_entities


def _persons(text: str) -> set[str]:
    return {e.text for e in extract_entities(text, "ja") if e.label == "PERSON"}


def test_a_family_name_before_a_units_title_is_the_person() -> None:
    found = _persons("交流協定調印式には、小林学長、大谷医学部長、服部総合理工学研究科長が出席した。")
    assert {"小林", "大谷", "服部"} <= found and "大谷医学" not in found


def test_a_full_name_before_its_organisation_and_title_stays_whole() -> None:
    assert "稲葉善治" in _persons("是澤裕二環境省土壌環境課長、稲葉善治日本ロボット工業会会長が出席した。")

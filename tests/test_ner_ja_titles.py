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


def test_an_organisation_does_not_run_over_a_persons_name_into_his_title() -> None:
    found = {(e.text, e.label) for e in extract_entities("福井県日中友好協会酒井会長、福井銀行伊東会長が参加", "ja")}
    assert {("福井県日中友好協会", "ORG"), ("酒井", "PERSON"), ("伊東", "PERSON")} <= found

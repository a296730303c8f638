"""Organisation names that coordinate their fields are one name (pipeline/ner/coordinated.py)."""

from __future__ import annotations

import pytest

from pipeline.ner.coordinated import coordinated_spans
from pipeline.ner.spans import Span
from pipeline.ner.stage import extract_entities


def _names(text: str, prior: list[Span] | None = None, lang: str = "zh-Hant") -> list[str]:
    return [text[s.start:s.end] for s in coordinated_spans(text, prior or [], lang)]


def test_a_federal_ministry_after_its_country_is_one_name_without_the_country() -> None:
    text = "此次代表團為德國聯邦經濟暨能源部推廣的政策"
    assert _names(text, [Span(6, 8, "GPE", "gazetteer", "gazetteer")]) == ["聯邦經濟暨能源部"]


def test_a_state_ministry_keeps_its_state() -> None:
    text = "由薩克森邦科學、文化暨旅遊部主導的交流"
    assert _names(text, [Span(1, 5, "GPE", "gazetteer", "gazetteer")]) == ["薩克森邦科學、文化暨旅遊部"]


@pytest.mark.parametrize(("text", "name"), [
    ("ビッグデータ・マネージメント学部、外国語学部など", "ビッグデータ・マネージメント学部"),
    ("国際部副部長、会計・統計部長が出席", "会計・統計部"),
])
def test_japanese_units_with_a_nakaguro_are_one_name(text: str, name: str) -> None:
    assert _names(text, lang="ja") == [name]


@pytest.mark.parametrize("text", [
    "拜會經濟部、教育部及科技部",  # a list of bodies
    "経済産業省・文部科学省の支援",  # 文部 is not a head closing a name
    "団長の梁国新・経済部政務次長",  # a person and a known body
    "德國北部及南部地區",
    "在和歌山縣廳與台簽署備忘錄",
])
def test_lists_and_phrases_are_not_coordinated_names(text: str) -> None:
    assert _names(text, lang="ja" if "・" in text else "zh-Hant") == []


def test_stage_finds_the_whole_unit_name_and_keeps_the_person() -> None:
    found = {(e.text, e.label) for e in extract_entities("団長の梁国新・経済部政務次長、会計・統計部長が出席した。")}
    assert ("会計・統計部", "ORG") in found and ("梁国新・経済部", "ORG") not in found

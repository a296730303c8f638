"""Precision guards: descriptions, counts, delegations, form labels and leading verbs are not names."""

from __future__ import annotations

import pytest

from pipeline.ner.gazetteer import load_gazetteer
from pipeline.ner.guards import apply_guards, form_labels, generic_orgs, lead_words, places_as_orgs
from pipeline.ner.spans import Span
from pipeline.ner.stage import extract_entities


def span_of(text: str, surface: str, label: str = "ORG") -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), label, "orgs", "rule")


@pytest.mark.parametrize("surface", ["該公司", "相關部門", "中國政府機構", "兩地政府", "五家公司", "經貿訪問團"])
def test_descriptions_counts_and_delegations_are_dropped(surface: str) -> None:
    text = f"會中{surface}表示支持。"
    assert generic_orgs(text, span_of(text, surface), load_gazetteer()) is None


@pytest.mark.parametrize("surface", ["日中經濟協會代表團", "日中经济协会代表团"])
def test_a_delegation_of_a_named_body_keeps_the_body(surface: str) -> None:
    text = f"會中{surface}表示支持。"
    kept = generic_orgs(text, span_of(text, surface), load_gazetteer())
    assert kept is not None and text[kept.start:kept.end] == surface[:-3]


@pytest.mark.parametrize("surface", ["日本政府", "千葉縣政府", "台灣積體電路製造公司"])
def test_named_organisations_are_kept(surface: str) -> None:
    text = f"會中{surface}表示支持。"
    assert generic_orgs(text, span_of(text, surface), load_gazetteer()) is not None


def test_a_leading_meeting_verb_is_trimmed_off_the_name() -> None:
    text = "訪團拜會了東北經濟產業局。"
    kept = lead_words(text, span_of(text, "拜會了東北經濟產業局"), load_gazetteer())
    assert kept is not None and text[kept.start:kept.end] == "東北經濟產業局"


def test_a_bullet_is_trimmed_off_the_name() -> None:
    text = "〇北部科学技術大学 訪問"
    kept = lead_words(text, span_of(text, "〇北部科学技術大学"), load_gazetteer())
    assert kept is not None and text[kept.start:kept.end] == "北部科学技術大学"


def test_a_listed_place_that_starts_like_a_preposition_stays_whole() -> None:
    text = "前往和歌山縣。"
    kept = lead_words(text, span_of(text, "和歌山縣", "GPE"), load_gazetteer())
    assert kept is not None and text[kept.start:kept.end] == "和歌山縣"


def test_form_labels_are_never_persons() -> None:
    text = "氏名：山田太郎"
    assert form_labels(text, span_of(text, "氏名", "PERSON"), load_gazetteer()) is None


def test_evidence_from_the_cover_is_not_second_guessed() -> None:
    text = "該公司"
    evidence = Span(0, 3, "ORG", "evidence", "cover")
    assert apply_guards(text, [evidence], load_gazetteer()) == [evidence]


def test_stage_output_has_no_description_organisation() -> None:
    names = {e.text for e in extract_entities("我方拜會該公司，並與相關部門交換意見。", "zh-Hant")}
    assert not names & {"該公司", "相關部門"}


@pytest.mark.parametrize("surface", ["广东省", "乌海市", "新竹縣", "寧夏回族自治區"])
def test_a_place_with_its_administrative_suffix_is_a_place_not_an_organisation(surface: str) -> None:
    text = f"鉴于{surface}发生的事件"
    kept = places_as_orgs(text, span_of(text, surface), load_gazetteer())
    assert kept is not None and kept.label == "GPE"


@pytest.mark.parametrize("surface", ["通産省", "米商務省", "乌海市政府", "台北市政府", "新竹縣議會"])
def test_ministries_and_governments_stay_organisations(surface: str) -> None:
    text = f"鉴于{surface}发生的事件"
    kept = places_as_orgs(text, span_of(text, surface), load_gazetteer())
    assert kept is not None and kept.label == "ORG"


def test_a_count_cut_off_before_the_span_still_makes_a_description() -> None:
    text = "引进一家战略性投资上市公司。"
    start = text.index("家")
    assert generic_orgs(text, Span(start, text.index("。"), "ORG", "orgs", "rule"), load_gazetteer()) is None


@pytest.mark.parametrize(("text", "lang", "name"), [
    ("以利經濟部推動產業合作", "zh-Hant", "經濟部"),
    ("謝謝日本交流協會的協助", "zh-Hant", "日本交流協會"),
    ("與姊妹校明治大學文學部交流", "zh-Hant", "明治大學文學部"),
])
def test_a_name_does_not_start_with_a_purpose_word_or_a_relation(text: str, lang: str, name: str) -> None:
    assert name in {e.text for e in extract_entities(text, lang)}


def test_organising_a_group_is_no_unit_named_group() -> None:
    found = {e.text for e in extract_entities("香川縣已五度組團來台，台東縣政府組團回訪。", "zh-Hant")}
    assert not any(t.endswith("組") for t in found)


@pytest.mark.parametrize("text", ["積極在印尼做布局，加強台灣的產業格局", "雙方簽署備忘錄並部署人力，相處融洽之處"])
def test_common_words_ending_in_a_unit_head_are_no_units(text: str) -> None:
    assert not [e.text for e in extract_entities(text, "zh-Hant") if e.label == "ORG"]

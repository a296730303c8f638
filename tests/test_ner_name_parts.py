"""Organisation names by their written parts (pipeline/ner/name_parts.py)."""

from __future__ import annotations

import pytest

from pipeline.ner.stage import extract_entities


def _found(text: str, lang: str) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in extract_entities(text, lang)}


@pytest.mark.parametrize(("text", "lang", "name"), [
    ("キングモンクッツ工科大学トンブリ校と協定", "ja", "キングモンクッツ工科大学トンブリ校"),
    ("加州大学洛杉矶分校教授", "zh-Hans", "加州大学洛杉矶分校"),
])
def test_a_campus_written_after_its_university_is_part_of_the_name(text: str, lang: str, name: str) -> None:
    assert (name, "ORG") in _found(text, lang)


def test_a_campus_as_a_site_and_a_principal_are_not_part_of_the_name() -> None:
    assert ("台灣大學", "ORG") in _found("台灣大學校長出席", "zh-Hant")


def test_units_joined_by_a_middle_dot_are_two_and_a_country_before_it_is_a_place() -> None:
    assert {("国際交流センター", "ORG"), ("国際交流課", "ORG")} <= _found("本学の国際交流センター・国際交流課職員", "ja")
    assert {("タイ", "GPE"), ("モンクット王工科大学", "ORG")} <= _found("タイ・モンクット王工科大学", "ja")


def test_a_place_with_its_reading_opens_the_name_after_it() -> None:
    assert ("浦項(ポハン)商工会議所", "ORG") in _found("浦項(ポハン)商工会議所を訪問", "ja")


def test_a_list_separator_ends_what_came_before_a_name() -> None:
    assert ("贸工部", "ORG") in _found("副总理张志贤、贸工部部长", "zh-Hans")


def test_a_short_name_in_brackets_closing_a_name_is_no_part_of_it() -> None:
    found = {(e.text, e.label) for e in extract_entities("日本貿易振興機構(ジェトロ)の静岡貿易情報センター", "ja")}
    assert ("日本貿易振興機構", "ORG") in found


def test_a_subsidiary_descriptor_is_no_part_of_the_company_name() -> None:
    found = {e.text for e in extract_entities("设立独资分公司巴斯夫一体化基地(广东)有限公司", "zh-Hans")}
    assert "巴斯夫一体化基地(广东)有限公司" in found

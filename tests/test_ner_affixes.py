"""The edges of organisation names: marks, katakana joins, 駐/在, party and government, 了."""

from __future__ import annotations

import pytest

from pipeline.ner.affixes import expatriate_prefixes, katakana_joins
from pipeline.ner.spans import Span
from pipeline.ner.stage import extract_entities


def _orgs(text: str, lang: str) -> set[str]:
    return {e.text for e in extract_entities(text, lang) if e.label == "ORG"}


def test_a_japanese_legal_mark_belongs_to_the_company_before_it() -> None:
    assert _orgs("電源開発㈱、味の素（株）の担当者", "ja") >= {"電源開発㈱", "味の素（株）"}


def test_katakana_words_joined_by_a_middle_dot_are_one_name() -> None:
    found = _orgs("ダラス・フォートワース日米協会、トヨタモーター・ノースアメリカを訪問", "ja")
    assert found >= {"ダラス・フォートワース日米協会", "トヨタモーター・ノースアメリカ"}


@pytest.mark.parametrize(("text", "lang", "name"), [
    ("在日韓国商工会議所、駐日韓国大使館", "ja", "在日韓国商工会議所"),
    ("在日韓国商工会議所、駐日韓国大使館", "ja", "駐日韓国大使館"),
    ("中国驻日本大使馆参赞", "zh-Hans", "中国驻日本大使馆"),
])
def test_an_expatriate_or_diplomatic_prefix_is_part_of_the_name(text: str, lang: str, name: str) -> None:
    assert name in _orgs(text, lang)


def test_a_prefix_on_the_line_before_does_not_join_the_name() -> None:
    text = "中国驻\n日本大使馆"
    spans = [Span(4, 9, "ORG", "orgs", "rule")]
    assert [(s.start, s.end) for s in expatriate_prefixes(text, spans)] == [(4, 9)]


def test_a_grown_katakana_name_leaves_no_organisation_inside_it() -> None:
    # The known ORG the join grew over goes, as a place would: no overlapping ORG spans.
    text = "ソニー・トヨタ協会を訪問"
    spans = [Span(0, 3, "ORG", "gazetteer", "gazetteer"), Span(4, 9, "ORG", "orgs", "rule")]
    assert [(s.start, s.end) for s in katakana_joins(text, spans)] == [(0, 9)]


def test_chinese_zai_is_a_preposition_not_a_prefix() -> None:
    assert not any(t.startswith("在") for t in _orgs("會議在本局及在福島縣技術中心舉行", "zh-Hant"))


def test_a_party_committee_and_the_government_are_two_bodies() -> None:
    assert _orgs("海南省委省政府高度重视", "zh-Hans") == {"海南省委", "省政府"}


def test_a_chinese_name_holds_no_aspect_particle() -> None:
    assert _orgs("实地考察了中国重汽济南商用车公司", "zh-Hans") == {"中国重汽济南商用车公司"}


@pytest.mark.parametrize(("text", "name"), [("FEC副会長兼日アセアン文化経済委員会委員長", "日アセアン文化経済委員会"),
                                            ("元行政院院長の謝長廷氏", "行政院")])
def test_a_second_post_or_a_former_post_is_not_part_of_the_name(text: str, name: str) -> None:
    assert _orgs(text, "ja") == {name}


def test_the_unit_of_a_date_is_not_part_of_the_name_after_it() -> None:
    assert "台越經濟文化教育發展協會" in _orgs("2024年5月8日台越經濟文化教育發展協會舉行理監事會", "zh-Hant")

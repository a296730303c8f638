"""Names next to titles: fragments of titles and units are no persons, and the name
shapes of Japanese text (lists, brackets, shinjitai titles). Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.ner.name_dict import family_first, to_shinjitai
from pipeline.ner.persons import person_spans
from pipeline.ner.stage import extract_entities


def persons(text: str, lang: str) -> set[str]:
    return {e.text for e in extract_entities(text, lang) if e.label == "PERSON"}


def rule_names(text: str, lang: str = "zh-Hant") -> set[str]:
    return {text[s.start:s.end] for s in person_spans(text, [], lang)}


def test_shinjitai_forms_and_family_names() -> None:
    assert to_shinjitai("縣長") == "県長" and to_shinjitai("專員") == "専員"
    assert family_first("陳大明") and family_first("服部健一") and not family_first("經濟部")


def test_a_title_that_closes_a_unit_has_no_name_before_it() -> None:
    names = rule_names("英國貿易辦事處長白大衛出席會議。")
    assert "貿易辦事" not in names


def test_joiners_and_postings_are_not_names() -> None:
    assert not rule_names("與創辦人暨執行長會談。") & {"創辦人暨"}
    assert "駐台" not in rule_names("法國駐台代表出席。")


def test_a_representative_group_is_not_a_title() -> None:
    assert not rule_names("经济界访华代表团抵达北京。", "zh-Hans")
    assert not rule_names("建出代表项目。", "zh-Hans")


def test_a_name_never_starts_inside_a_title_nor_is_a_photo_position() -> None:
    assert "長法律" not in rule_names("高雄県長法律顧問。", "ja")
    assert "左六" not in rule_names("合影(左六會長)。")


def test_a_place_between_name_and_head_title() -> None:
    names = persons("式典には、陳大明台南市長が出席した。", "ja")
    assert "陳大明" in names and "陳大明台南" not in names


def test_a_family_name_ending_in_a_unit_character_is_kept() -> None:
    assert "阿部健一" in rule_names("交流協会の阿部健一理事長が挨拶した。", "ja")


def test_japanese_text_lists_and_brackets_of_chinese_names() -> None:
    names = persons("顧問を歴任(蘇大同、曹小明、潘一安)。", "ja")
    assert {"蘇大同", "曹小明", "潘一安"} <= names
    attendees = persons("台北側出席者 林大同(国際組科長)\n", "ja")
    assert "林大同" in attendees


def test_chinese_name_before_an_honorific_in_japanese_text() -> None:
    assert "柯大明" in persons("執行長の柯大明氏らと意見交換した。", "ja")


def test_a_given_name_after_the_title_in_taiwanese_official_style_is_a_person() -> None:
    from pipeline.ner.stage import extract_entities

    found = {e.text for e in extract_entities("由溫主任曜禎偕陳協理錦文出席", "zh-Hant") if e.label == "PERSON"}
    assert {"曜禎", "錦文"} <= found and "曜禎偕陳協理錦文" not in found
    assert not {e.text for e in extract_entities("王處長表示，會議順利", "zh-Hant") if e.label == "PERSON"} & {"表示"}


def test_a_title_ending_before_a_name_is_seen_through_an_earlier_overlapping_title() -> None:
    from pipeline.ner.persons import title_ends_at

    text = "前經濟企畫廳長官堺屋太一"  # 經濟企畫廳長 (a scan would stop there) overlaps 長官
    assert title_ends_at(text, text.index("堺"), reach=8)
    assert not title_ends_at(text, text.index("屋"), reach=8)


@pytest.mark.parametrize(("text", "name"), [
    ("由工商協進會理事長吳東亮及宮城縣國際經濟振興協會理事長遠藤信哉進行線上簽署", "遠藤信哉"),  # jieba: 長遠
    ("广州市长孙志洋、蔚山市长金斗谦出席签约仪式。", "孙志洋"),  # jieba: 长孙
    ("全国氢能标准化技术委员会主任马林聪等,皆是业内专家。", "马林聪"),  # not 马林聪等
    ("由工商協進會理事長吳東亮理及宮城縣代表出席", "吳東亮"),  # the model's person, not a Japanese 吳東亮理
])
def test_a_name_after_a_title_survives_words_read_across_its_edges(text: str, name: str) -> None:
    found = {e.text for e in extract_entities(text, "zh-Hant" if "會" in text else "zh-Hans") if e.label == "PERSON"}
    assert name in found and not any(f != name and name in f for f in found)


def test_a_cabinet_post_is_one_title_before_the_name_ends() -> None:
    found = {e.text for e in extract_entities("岩屋毅外務大臣、林芳正官房長官と会談した。", "ja") if e.label == "PERSON"}
    assert {"岩屋毅", "林芳正"} <= found and not {"岩屋毅外務", "林芳正官房"} & found


@pytest.mark.parametrize(("text", "lang", "unit"), [("人事課長が説明した。", "ja", "人事課"), ("經濟部長出席會議。", "zh-Hant", "經濟部")])
def test_a_units_head_title_glued_to_it_is_cut(text: str, lang: str, unit: str) -> None:
    from pipeline.ner.gazetteer import load_gazetteer
    from pipeline.ner.org_words import glued_titles
    from pipeline.ner.spans import Span

    span = Span(0, len(unit) + 1, "ORG", "model", "model")
    cut = glued_titles(text, span, load_gazetteer())
    assert cut is not None and text[cut.start:cut.end] == unit


def test_a_japanese_full_name_read_as_an_organisation_by_the_model_is_a_person() -> None:
    from pipeline.ner.person_checks import check_model_persons
    from pipeline.ner.spans import Span

    text = "木川田一隆与东方电气出席。"
    spans = [Span(0, 5, "ORG", "model", "model"), Span(6, 10, "ORG", "model", "model")]
    assert [s.label for s in check_model_persons(text, spans, "zh-Hans")] == ["PERSON", "ORG"]

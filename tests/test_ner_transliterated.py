"""Dotted transliterated names are persons in a person's context (pipeline/ner/transliterated.py)."""

from __future__ import annotations

import pytest

from pipeline.ner.stage import extract_entities
from pipeline.ner.transliterated import transliterated_spans


def _persons(text: str, lang: str) -> set[str]:
    return {e.text for e in extract_entities(text, lang) if e.label == "PERSON"}


@pytest.mark.parametrize(("text", "lang", "names"), [
    ("德国埃森市市长托马斯·库芬、明登市市长米夏埃尔·耶克出席", "zh-Hans", {"托马斯·库芬", "米夏埃尔·耶克"}),
    ("中国欧盟商会高级商务经理沃尔克·穆勒等9位专家", "zh-Hans", {"沃尔克·穆勒"}),
    ("美國總統唐納·川普表示", "zh-Hant", {"唐納·川普"}),
    ("應材總裁暨執行長蓋瑞.迪克森表示", "zh-Hant", {"蓋瑞.迪克森"}),
    ("サビーネ・ガンター=リヒター氏（Lyogroup International、CEO）", "ja", {"サビーネ・ガンター=リヒター"}),
    ("一行はチュオン・タン・サン国家主席、ヴー・フイ・ホアン商工大臣に表敬", "ja", {"チュオン・タン・サン", "ヴー・フイ・ホアン"}),
    ("オフィス長、ピア・シュミット (Pia Schmitt) 課長", "ja", {"ピア・シュミット", "Pia Schmitt"}),
])
def test_a_dotted_name_after_a_title_or_before_an_honorific_is_a_person(text: str, lang: str, names: set[str]) -> None:
    assert names <= _persons(text, lang)


@pytest.mark.parametrize(("text", "lang"), [("罗伯特·博世依旧稳居第一", "zh-Hans"), ("四日市·天津经济交流中心", "zh-Hans"),
                                            ("・トヨタモーター・ノースアメリカ視察", "ja"), ("国際部プログラム・マネージャー", "ja")])
def test_a_dotted_name_without_a_persons_context_is_no_person(text: str, lang: str) -> None:
    assert not _persons(text, lang)


def test_a_chinese_name_after_a_title_pairs_with_its_latin_name_in_brackets() -> None:
    assert {"李睿德", "Brad Little"} <= _persons("美國愛達荷州州長李睿德(Brad Little)夫婦4日訪台", "zh-Hant")


def test_a_title_after_a_dotted_name_is_no_part_of_it() -> None:
    # 博 and 士 are transliteration characters too (博世); 博士 after the name is the title.
    text = "代表约翰·史密斯博士出席"
    assert [text[s.start:s.end] for s in transliterated_spans(text, [], "zh-Hans")] == ["约翰·史密斯"]


def test_without_a_title_before_it_the_name_starts_at_its_transliteration_characters() -> None:
    from pipeline.ner.transliterated import transliterated_spans

    text = "会见了托马斯·库芬市长"
    assert [text[s.start:s.end] for s in transliterated_spans(text, [], "zh-Hans")] == ["托马斯·库芬"]

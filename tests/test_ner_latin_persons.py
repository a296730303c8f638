"""Latin-script persons known by a name pair, a reading or a photo credit
(pipeline/ner/latin_persons.py), hyphenated name parts (pipeline/ner/persons.py) and a
capitals-only company name matched by a given name (latin_forms.title_case_fragment).
The sentences are written for these tests; the persons are invented."""

from __future__ import annotations

import pytest

from pipeline.ner.stage import extract_entities


def _persons(text: str, lang: str) -> set[str]:
    return {e.text for e in extract_entities(text, lang) if e.label == "PERSON"}


def test_latin_name_paired_with_a_chinese_name_and_an_honorific_is_a_person() -> None:
    text = "基調講演は研究院の副院長である Mei-Ling Tsai(蔡美玲)氏が担当した。"
    assert "Mei-Ling Tsai" in _persons(text, "ja")


def test_latin_translation_after_a_titled_person_with_hyphenated_family_name() -> None:
    text = "本次座談由協會理事長柯博文（Robert Kent-Harlow）主持。"
    assert {"柯博文", "Robert Kent-Harlow"} <= _persons(text, "zh-Hant")


def test_name_with_kana_reading_and_inverted_romanisation_in_one_bracket() -> None:
    text = "林志遠(りん・しえん/Lin, Chih-yuan) 1. 現職: 台中市副市長"
    assert {"林志遠", "りん・しえん", "Lin, Chih-yuan"} <= _persons(text, "ja")


def test_name_after_a_photo_credit_is_a_person() -> None:
    text = "会場の様子 Photo by Kenji Morimoto 台湾の企業が出展した。"
    assert "Kenji Morimoto" in _persons(text, "ja")


def test_organisation_after_a_photo_credit_is_no_person() -> None:
    text = "会場の様子 Photo: Taiwan Trade Center"
    assert not _persons(text, "ja")


def test_company_name_in_brackets_after_a_company_is_no_person() -> None:
    text = "雙方與台積電(Taiwan Semiconductor)代表會談。"
    assert "Taiwan Semiconductor" not in _persons(text, "zh-Hant")


def test_given_name_equal_to_a_capitals_company_name_stays_a_person() -> None:
    text = "並與商會Mark Johnson副總裁座談。"
    ents = {(e.label, e.text) for e in extract_entities(text, "zh-Hant")}
    assert ("PERSON", "Mark Johnson") in ents
    assert ("ORG", "Mark") not in ents


@pytest.mark.parametrize(("text", "lang", "body"), [("Dr. Klaus Weber（Fraunhofer ISE）と面談した。", "ja", "Fraunhofer ISE"),
                                                    ("陳明（ITRI）博士", "zh-Hant", "ITRI")])
def test_a_latin_body_in_brackets_after_a_person_is_the_persons_organisation(text: str, lang: str, body: str) -> None:
    assert (body, "ORG") in {(e.text, e.label) for e in extract_entities(text, lang)}


def test_a_romanised_name_in_brackets_stays_the_person() -> None:
    found = {(e.text, e.label) for e in extract_entities("山田太郎（YAMADA Taro）", "ja")}
    assert ("YAMADA Taro", "ORG") not in found


@pytest.mark.parametrize(("text", "lang", "name"), [("Pornapit Darasawang国際担当副学長のほか", "ja", "Pornapit Darasawang"),
                                                    ("John Smith教授表示", "zh-Hant", "John Smith")])
def test_a_person_shaped_latin_name_before_a_title_is_a_person(text: str, lang: str, name: str) -> None:
    assert (name, "PERSON") in {(e.text, e.label) for e in extract_entities(text, lang)}


def test_a_latin_company_before_a_title_stays_a_company() -> None:
    assert ("Tokyo Electron", "ORG") in {(e.text, e.label) for e in extract_entities("Tokyo Electron社長", "ja")}

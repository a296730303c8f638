"""Names the stage used to miss in real text: Latin-script persons, Simplified spellings of the genre's lists."""

from __future__ import annotations

import pytest

from pipeline.ner.stage import extract_entities


def labelled(text: str, lang: str | None = None) -> dict[str, str]:
    return {e.text: e.label for e in extract_entities(text, lang)}


@pytest.mark.parametrize("text,name", [
    ("德國弗勞恩霍夫研究院院長Dr. Anna Becker致詞。", "Anna Becker"),
    ("该公司副总裁Pieter van Dam介绍了研发进展。", "Pieter van Dam"),
    ("荷蘭商會主席Marc De Vries與工業局座談。", "Marc De Vries"),
    ("會後由 Prof. Kenji Watanabe 說明研究成果。", "Kenji Watanabe"),
])
def test_latin_person_after_a_title_or_an_honorific(text: str, name: str) -> None:
    assert labelled(text).get(name) == "PERSON"


def test_transliteration_and_original_in_brackets_are_both_the_person() -> None:
    ents = labelled("巴伐利亞邦總理索德爾 (Markus Söder) 致歡迎詞。", "zh-Hant")
    assert ents.get("Markus Söder") == "PERSON" and ents.get("索德爾") == "PERSON"


def test_latin_words_of_an_organisation_are_not_a_person() -> None:
    assert labelled("執行長Dr. Research Institute說明。").get("Research Institute") != "PERSON"


def test_simplified_title_anchors_a_name_like_the_traditional_one() -> None:
    assert labelled("副总裁王建国出席签约仪式。", "zh-Hans").get("王建国") == "PERSON"


def test_company_limited_is_one_name_not_a_fragment() -> None:
    ents = labelled("双方与深圳市华强电子股份有限公司签署协议。", "zh-Hans")
    assert "限公司" not in ents and not any(t.startswith(("限公司", "公司")) for t in ents)

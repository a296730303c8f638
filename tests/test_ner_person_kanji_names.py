"""Japanese personal names written in Chinese text (pipeline/ner/kanji_names.py).

Sentences written for these tests; the names are common Japanese family and given names.
"""

from __future__ import annotations

from pipeline.ner import kanji_names
from pipeline.ner.spans import Span
from pipeline.ner.stage import extract_entities


def persons(text: str, lang: str = "zh-Hant") -> set[str]:
    return {e.text for e in extract_entities(text, lang) if e.label == "PERSON"}


def test_family_and_given_names_come_from_the_dictionary_in_any_script() -> None:
    assert kanji_names.ja_family("松本") and kanji_names.ja_family("斋藤")  # Simplified 斋 = 斎
    assert kanji_names.ja_given("健太") and kanji_names.ja_given("正義")
    assert not kanji_names.ja_family("經濟") and not kanji_names.ja_given("表示")


def test_japanese_name_before_a_title_is_one_span() -> None:
    text = "本次座談由北海道大學工學研究院高橋健太教授主持。"
    spans = kanji_names.titled_japanese_names(text, [], "zh-Hant")
    assert [text[s.start:s.end] for s in spans] == ["高橋健太"]


def test_japanese_name_after_a_title_runs_to_the_boundary() -> None:
    text = "協會理事長松本正義、副理事長小林武史出席。"
    spans = kanji_names.titled_japanese_names(text, [], "zh-Hant")
    assert {text[s.start:s.end] for s in spans} == {"松本正義", "小林武史"}


def test_a_chinese_name_after_a_title_is_left_to_the_chinese_rules() -> None:
    text = "外交部長林佳明出席並致詞。"
    assert kanji_names.titled_japanese_names(text, [], "zh-Hant") == []


def test_a_title_joiner_does_not_start_a_name() -> None:
    text = "該會議員兼安全小組副主席出席。"
    assert kanji_names.titled_japanese_names(text, [], "zh-Hant") == []


def test_a_model_span_cut_inside_a_japanese_name_is_completed() -> None:
    text = "會後松本正義表示雙方將持續合作。"
    cut = Span(2, 5, "PERSON", "model", "model")  # 松本正|義
    spans = kanji_names.complete_japanese_names(text, [cut], [], "zh-Hant")
    assert [text[s.start:s.end] for s in spans] == ["松本正義"]


def test_only_the_given_name_found_takes_the_family_name_before_a_title() -> None:
    text = "由東北大學教授團隊與中村廉孝教授共同指導。"
    given = Span(text.index("廉孝"), text.index("廉孝") + 2, "PERSON", "model", "model")
    spans = kanji_names.complete_japanese_names(text, [given], [], "zh-Hant")
    assert [text[s.start:s.end] for s in spans] == ["中村廉孝"]
    untitled = "硅光" + "以及"
    assert kanji_names.complete_japanese_names(untitled, [Span(0, 2, "PERSON", "model", "model")], [], "zh-Hant") == []


def test_japanese_name_with_an_honorific_in_a_sentence() -> None:
    names = persons("研討會邀請早稻田大學山口健太先生及京都大學佐藤幸人教授演講。")
    assert {"山口健太", "佐藤幸人"} <= names


def test_rules_do_not_run_on_japanese_text() -> None:
    assert kanji_names.titled_japanese_names("理事長松本正義、", [], "ja") == []

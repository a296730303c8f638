"""Reporters in Chinese news bylines (pipeline/ner/bylines.py); bylines written for these tests."""

from __future__ import annotations

from pipeline.ner.bylines import byline_spans


def names(text: str, lang: str = "zh-Hant") -> list[str]:
    return [text[s.start:s.end] for s in byline_spans(text, [], lang)]


def test_reporter_name_running_into_the_place() -> None:
    assert names("(中央社記者陳大文東京5日專電)日本政府") == ["陳大文"]


def test_reporter_with_a_one_character_given_name_before_a_space() -> None:
    assert names("记者 宋磊 通讯员 赵静", "zh-Hans") == ["宋磊"]
    assert names("（記者王明攝）") == ["王明"]


def test_line_byline_with_a_slash_and_place() -> None:
    assert names("標題\n林和平/台中報導\n本文") == ["林和平"]


def test_press_conference_and_other_languages_are_not_bylines() -> None:
    assert names("召開記者會說明") == []
    assert names("記者王小明撮影", "ja") == []

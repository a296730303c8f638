"""Checks of the models' PERSON spans (pipeline/ner/person_checks.py); sentences written for these tests."""

from __future__ import annotations

from pipeline.ner.person_checks import check_model_persons
from pipeline.ner.spans import Span


def checked(text: str, piece: str, lang: str = "zh-Hant") -> list[str]:
    start = text.index(piece)
    spans = check_model_persons(text, [Span(start, start + len(piece), "PERSON", "model", "model")], lang)
    return [text[s.start:s.end] for s in spans]


def test_photo_positions_are_not_persons() -> None:
    assert checked("合影(右三副理事長王大明)", "右三") == []


def test_a_span_starting_with_a_joiner_is_not_a_person() -> None:
    assert checked("山田委員長暨日方代表團表示滿意", "暨日方代表團") == []


def test_a_trade_name_before_company_words_is_not_a_person() -> None:
    assert checked("日系企業の華新科技股份有限公司を訪問", "華新", "ja") == []
    assert checked("华新电子公司", "华新", "zh-Hans") == []


def test_a_given_name_takes_its_surname_back_before_a_title() -> None:
    assert checked("語言中心詹琪琳老師支援", "琪琳") == ["詹琪琳"]
    assert checked("王大明表示", "大明") == ["大明"]  # no title after it: left alone


def test_other_persons_pass_unchanged() -> None:
    assert checked("由王大明科長說明", "王大明") == ["王大明"]

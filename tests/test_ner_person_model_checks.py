"""Checks of the models' PERSON spans (pipeline/ner/person_checks.py); sentences written for these tests."""

from __future__ import annotations

from pipeline.ner.person_checks import check_model_persons, org_short_names
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


def test_a_name_ending_in_an_organisation_word_is_not_a_person() -> None:
    assert checked("超越德萊國際躍升", "德萊國際") == []


def test_a_trade_name_of_a_company_in_the_document_becomes_an_organisation() -> None:
    texts = ["华新集团今年扩产。", "华新与当地政府签约。"]
    spans = [[Span(0, 4, "ORG", "orgs", "rule")], [Span(0, 2, "PERSON", "model", "model")]]
    out = org_short_names(texts, spans)
    assert [s.label for s in out[1]] == ["ORG"]
    alone = org_short_names(texts[1:], spans[1:])
    assert [s.label for s in alone[0]] == ["PERSON"]  # no company of that name: left alone


def test_two_chinese_names_across_a_space_are_two_persons_and_a_transliterated_city_is_a_place() -> None:
    from pipeline.ner.person_checks import check_model_persons
    from pipeline.ner.spans import Span

    text = "聂金秀 李少辉出席，访问奥贝维利耶市"
    k = text.index("奥")
    spans = [Span(0, 7, "PERSON", "model", "model"), Span(k, k + 6, "PERSON", "model", "model")]
    out = [(text[s.start:s.end], s.label) for s in check_model_persons(text, spans, "zh-Hans")]
    assert out == [("聂金秀", "PERSON"), ("李少辉", "PERSON"), ("奥贝维利耶市", "GPE")]

"""Organisation spans judged by jieba's words: a clause before the name is cut off, an
organisation word after common words only is a description. Real jieba, real configuration,
own snippets."""

from __future__ import annotations

import pytest

from pipeline.ner.gazetteer import load_gazetteer
from pipeline.ner.org_words import common_nps, glued_titles, lead_phrases
from pipeline.ner.spans import Span


def span_of(text: str, surface: str) -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), "ORG", "orgs", "rule")


def kept(guard, text: str, surface: str) -> str | None:  # type: ignore[no-untyped-def]
    span = guard(text, span_of(text, surface), load_gazetteer())
    return None if span is None else text[span.start:span.end]


@pytest.mark.parametrize(("surface", "name"), [
    ("昨日多家媒体传出华润集团", "华润集团"),  # common words and a verb before a name
    ("代表团一行赴东丽株式会社", "东丽株式会社"),  # a listed lead verb after a quantity
    ("午宴中代表處", "代表處"),  # a localiser after a noun: during the lunch
])
def test_a_clause_before_the_name_is_cut_off(surface: str, name: str) -> None:
    assert kept(lead_phrases, f"據報，{surface}。", surface) == name


@pytest.mark.parametrize("surface", [
    "立法院外交及國防委員會",  # a conjunction inside the name
    "電子與光電系統研究所",  # 與 joins two fields of one institute
    "輸出加工區管理處",  # a verb that starts the name of a zone authority
    "商工中金札幌支店",  # 中 is a character of the name
    "福井県産業振興センター",  # a verb before a bare organisation word belongs to the name
    "大连华锐重工有限公司",  # a place that jieba tags as an adverb
])
def test_a_name_with_verbs_or_conjunctions_inside_stays_whole(surface: str) -> None:
    assert kept(lead_phrases, f"會同{surface}人員", surface) == surface


@pytest.mark.parametrize("surface", [
    "科技公司", "零部件公司", "全资子公司", "三大集團", "台灣分公司", "日本總部", "私立大學", "代表處", "研究機構",
])
def test_an_organisation_word_after_common_words_is_a_description(surface: str) -> None:
    assert kept(common_nps, f"會中{surface}表示支持。", surface) is None


@pytest.mark.parametrize("surface", [
    "交通大學", "成功大學",  # universities named by common words
    "国家能源集团",  # a group named by common nouns
    "松下公司",  # jieba knows the name with its head
    "欣興電子公司", "台灣電力公司",  # an unknown brand, a place before a company
])
def test_a_named_organisation_stays(surface: str) -> None:
    assert kept(common_nps, f"會中{surface}表示支持。", surface) == surface


@pytest.mark.parametrize(("surface", "unit"), [("國際組專員", "國際組"), ("企画課課長", "企画課"), ("资讯处处长", "资讯处")])
def test_a_title_glued_after_a_unit_is_cut_off(surface: str, unit: str) -> None:
    assert kept(glued_titles, f"由{surface}陳明華說明。", surface) == unit


def test_a_unit_without_a_title_stays_whole() -> None:
    assert kept(glued_titles, "由企劃處說明。", "企劃處") == "企劃處"

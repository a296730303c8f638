"""Chinese company names: brand + industry head, bare brands, company cues, enumerations."""

from __future__ import annotations

import pytest

from pipeline.ner.brands import (
    brand_of_org,
    brand_pass,
    brand_suffix,
    company_cue_spans,
    head_brand_spans,
    merge,
    propagate,
)
from pipeline.ner.lists import list_label_spans
from pipeline.ner.spans import Span
from pipeline.ner.stage import extract_entities


def span_of(text: str, surface: str, label: str = "ORG", component: str = "model", **attrs: str) -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), label, component, "model", attrs=dict(attrs))


def surfaces(text: str, spans: list[Span], label: str = "ORG") -> list[str]:
    return [text[s.start : s.end] for s in spans if s.label == label]


@pytest.mark.parametrize(("run", "brand"), [("目前蓝晶", "蓝晶"), ("由瑞迪", "瑞迪"), ("发展", ""), ("相关", ""),
                                            ("国家", ""), ("两大", ""), ("大力发展", ""), ("智能", "")])
def test_a_brand_is_the_name_like_end_of_a_run_not_a_common_word(run: str, brand: str) -> None:
    assert brand_suffix(run) == brand


def test_brand_and_head_in_a_list_of_companies_are_companies() -> None:
    text = "参展企业包括华星研究院、蓝晶半导体、瑞迪科技以及沐川氢能等。"
    spans = [span_of(text, "华星研究院")]
    assert surfaces(text, head_brand_spans(text, spans)) == ["蓝晶半导体", "瑞迪科技", "沐川氢能"]


def test_traditional_brand_and_head_followed_by_its_latin_name() -> None:
    text = "訪團拜會沐川科技(Muchuan Tech)高層。"
    assert surfaces(text, head_brand_spans(text, [])) == ["沐川科技"]


@pytest.mark.parametrize("text", ["我们要大力发展半导体和相关科技，推动新能源及国家能源安全。",
                                  "本屆以數位科技與智慧顯示為主軸，推動永續能源。",
                                  "两大集团签署协议，该集团表示欢迎。"])
def test_generic_phrases_and_unsupported_jargon_are_no_companies(text: str) -> None:
    assert head_brand_spans(text, []) == []


def test_a_place_written_before_the_brand_belongs_to_the_name() -> None:
    text = "签约方包括上海蓝晶半导体、华星研究院。"
    spans = [span_of(text, "上海", "GPE", "gazetteer"), span_of(text, "华星研究院")]
    assert surfaces(text, head_brand_spans(text, spans)) == ["上海蓝晶半导体"]


def test_a_brand_read_as_a_person_before_a_head_is_a_company() -> None:
    text = "当地以博瑞斯氢能乘用车为龙头。"
    spans = [span_of(text, "博瑞斯", "PERSON")]
    out = head_brand_spans(text, spans)
    assert surfaces(text, out) == ["博瑞斯氢能"]
    assert surfaces(text, merge(spans, out[0]), "PERSON") == []


@pytest.mark.parametrize(("name", "brand"), [("蓝晶电子股份有限公司", "蓝晶"), ("上海蓝晶半导体有限公司", "蓝晶"),
                                             ("瑞迪集团", "瑞迪"), ("德商公司", ""), ("蓝晶半导体", "蓝晶"),
                                             ("国家能源集团", ""), ("中国化学", ""), ("目前蓝晶半导体", ""),
                                             ("蓝晶半导体(无锡)有限公司", "蓝晶"), ("sk蓝晶半导体(中国)有限公司", "sk蓝晶")])
def test_the_brand_of_a_company_named_with_its_legal_form_or_a_whole_brand_and_head(name: str, brand: str) -> None:
    assert brand_of_org(name) == brand


def test_a_bare_brand_names_the_company_introduced_earlier() -> None:
    texts = ["蓝晶电子股份有限公司今日在南京签约。", "会上蓝晶宣布扩产，蓝晶半导体项目同时开工。"]
    finals = [[span_of(texts[0], "蓝晶电子股份有限公司")], [span_of(texts[1], "蓝晶", "PERSON")]]
    out = brand_pass(texts, ["zh-Hans", "zh-Hans"], finals)
    assert surfaces(texts[1], out[1]) == ["蓝晶", "蓝晶半导体"]
    assert surfaces(texts[1], out[1], "PERSON") == []


def test_a_brand_inside_a_longer_word_is_not_propagated() -> None:
    text = "中华大地上的华大半导体。"
    assert surfaces(text, propagate(text, [], {"华大"})) == ["华大半导体"]


def test_a_person_read_name_before_a_company_word_is_the_company() -> None:
    text = "沃尔森旗下的门店与博瑞斯公司合作，王大明旗下无人。"
    spans = [span_of(text, "沃尔森", "PERSON"), span_of(text, "博瑞斯", "PERSON"),
             span_of(text, "王大明", "PERSON", "persons", title="市长")]
    assert surfaces(text, company_cue_spans(text, spans)) == ["沃尔森", "博瑞斯公司"]


def test_untitled_persons_listed_with_companies_are_companies() -> None:
    text = "合作伙伴有蓝晶集团、博瑞斯、海德以及沃尔森。"
    spans = [span_of(text, "蓝晶集团"), span_of(text, "博瑞斯", "PERSON"), span_of(text, "海德", "PERSON"),
             span_of(text, "沃尔森", "PERSON")]
    assert surfaces(text, list_label_spans(text, spans)) == ["博瑞斯", "海德", "沃尔森"]


def test_a_list_closed_by_a_company_noun_lists_companies() -> None:
    text = "包括博瑞斯、海德在内的零部件供应商排名上升。"
    spans = [span_of(text, "博瑞斯", "PERSON"), span_of(text, "海德", "PERSON")]
    assert surfaces(text, list_label_spans(text, spans)) == ["博瑞斯", "海德"]


def test_a_list_opened_by_a_company_noun_lists_companies_with_their_heads() -> None:
    text = "排名前十的零部件供应商里，现代博瑞斯、海德以及沃尔森的排名没有变化。"
    spans = [span_of(text, "博瑞斯", "PERSON"), span_of(text, "海德", "PERSON"), span_of(text, "沃尔森", "PERSON")]
    assert surfaces(text, list_label_spans(text, spans)) == ["现代博瑞斯", "海德", "沃尔森"]


@pytest.mark.parametrize("text", ["出席的有王大明市长、李小华、陈国强及蓝晶集团。", "张明、李华等公司高层出席。",
                                  "公司董事长中，张明、李华出席。"])
def test_lists_of_people_stay_people(text: str) -> None:
    names = ["王大明", "李小华", "陈国强"] if "王大明" in text else ["张明", "李华"]
    spans = [span_of(text, n, "PERSON") for n in names]
    if "蓝晶集团" in text:
        spans.append(span_of(text, "蓝晶集团"))
    assert list_label_spans(text, spans) == []


def test_a_country_before_the_brand_is_not_part_of_the_name() -> None:
    text = "參訪南韓沐川電機、華星研究院。"
    country = span_of(text, "南韓", "GPE", "gazetteer", country="1")
    assert surfaces(text, head_brand_spans(text, [country, span_of(text, "華星研究院")])) == ["沐川電機"]


def test_a_city_in_a_list_of_brands_is_the_company_named_after_it() -> None:
    found = {(e.text, e.label) for e in extract_entities("享誉世界的FANUC、安川、川崎、OTC等全球著名品牌。", "zh-Hans")}
    assert ("川崎", "ORG") in found


@pytest.mark.parametrize("text", ["北京、上海、深圳等城市的企业", "北京、上海等地企业"])
def test_cities_listed_before_a_kind_of_place_stay_places(text: str) -> None:
    assert {e.label for e in extract_entities(text, "zh-Hans")} == {"GPE"}


def test_a_list_opener_on_the_line_before_gives_the_first_item_no_head() -> None:
    # The opener's last characters end the line before: they are no part of the first item.
    text = "零部件供应商里，现代\n摩比斯、博世等"
    spans = [Span(11, 14, "PERSON", "model", "model"), Span(15, 17, "ORG", "model", "model")]
    assert [text[s.start:s.end] for s in list_label_spans(text, spans)] == ["摩比斯"]


def test_latin_initials_with_a_corporate_head_name_a_company_and_stay_with_its_brand() -> None:
    text = "LG化学与SK蓝晶半导体(中国)有限公司签约，SK蓝晶将扩产。"
    spans = [span_of(text, "LG", "ORG", "latin"), span_of(text, "SK蓝晶半导体(中国)有限公司", "ORG", "orgs")]
    out = brand_pass([text], ["zh-Hans"], [spans])[0]
    assert surfaces(text, out) == ["LG化学", "SK蓝晶半导体(中国)有限公司", "SK蓝晶"]


def test_latin_initials_before_a_sector_or_product_word_are_no_company() -> None:
    text = "推动AI机器人与OLED材料研发。"
    spans = [span_of(text, "AI", "INDUSTRY", "gazetteer")]
    assert surfaces(text, head_brand_spans(text, spans)) == []

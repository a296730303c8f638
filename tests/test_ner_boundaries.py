"""Boundary repairs: fragments cut inside a word grow to the whole name, names joined by a verb
split, two full names across a space split, lead verbs leave a surname; industry heads start at
word boundaries and come from a complete classification. Real jieba, real configuration."""

from __future__ import annotations

import pytest

from pipeline.ner.boundaries import fragments, prefixes, units, verb_joins
from pipeline.ner.gazetteer import load_gazetteer
from pipeline.ner.guards import lead_words
from pipeline.ner.industries import industry_spans
from pipeline.ner.person_bounds import person_edges, person_pairs
from pipeline.ner.spans import Span
from pipeline.ner.words import word_aligned, word_start


def span_of(text: str, surface: str, label: str = "ORG", component: str = "orgs") -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), label, component, "rule")


def surfaces(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in spans]


def test_word_start_finds_a_word_running_across_a_position() -> None:
    text = "上海无线通信研究中心"
    assert word_start(text, text.index("线")) == text.index("无")
    assert word_start(text, text.index("无")) == text.index("无")


@pytest.mark.parametrize(("text", "place", "fragment", "whole"), [
    ("已落地的内蒙古龙源新能源发展有限公司签约", "蒙古", "源发展有限公司", "内蒙古龙源新能源发展有限公司"),
    ("阐述。上海无线通信研究中心主要从事研究", "上海", "线通信研究中心", "上海无线通信研究中心"),
    ("协会和日本国家旅游局也将参加", "日本国", "家旅游局", "日本国家旅游局"),
])
def test_a_fragment_cut_inside_a_word_grows_over_the_place_it_starts_with(
        text: str, place: str, fragment: str, whole: str) -> None:
    spans = [span_of(text, place, "GPE", "gazetteer"), span_of(text, fragment)]
    assert surfaces(text, fragments(text, spans, load_gazetteer())) == [(whole, "ORG")]


def test_a_company_of_one_common_word_takes_the_brand_before_it() -> None:
    text = "欣旺达电子股份有限公司是国内领先的企业"
    spans = [span_of(text, "欣旺达", "PERSON", "model"), span_of(text, "电子股份有限公司")]
    assert surfaces(text, fragments(text, spans, load_gazetteer())) == [("欣旺达电子股份有限公司", "ORG")]


def test_a_named_company_and_a_place_before_it_stay_apart() -> None:
    text = "我方拜會日本經產省北東亞課。"
    spans = [span_of(text, "日本", "GPE", "gazetteer"), span_of(text, "經產省北東亞課")]
    assert surfaces(text, fragments(text, spans, load_gazetteer())) == [("日本", "GPE"), ("經產省北東亞課", "ORG")]


def test_two_organisations_joined_by_a_verb_or_conjunction_are_split() -> None:
    text = "工研院攜手產業技術總合研究所推動合作，經濟部暨國際貿易署出席。"
    spans = [span_of(text, "工研院攜手產業技術總合研究所", component="model"),
             span_of(text, "經濟部暨國際貿易署", component="model")]
    assert surfaces(text, verb_joins(text, spans, load_gazetteer())) == [
        ("工研院", "ORG"), ("產業技術總合研究所", "ORG"), ("經濟部", "ORG"), ("國際貿易署", "ORG")]


def test_an_organisation_that_ends_in_a_verb_is_a_clause() -> None:
    text = "由局長代表簽署。"
    assert verb_joins(text, [span_of(text, "局長代表簽署", component="model")], load_gazetteer()) == []


def test_a_name_with_a_verb_inside_stays_whole() -> None:
    text = "經濟部臺日產業合作推動辦公室主辦"
    span = span_of(text, "經濟部臺日產業合作推動辦公室", component="model")
    assert verb_joins(text, [span], load_gazetteer()) == [span]


def test_two_full_names_across_a_space_are_two_persons() -> None:
    text = "（记者李世龙 范林华）"
    spans = person_pairs(text, [span_of(text, "李世龙 范林华", "PERSON", "model")], load_gazetteer())
    assert surfaces(text, spans) == [("李世龙", "PERSON"), ("范林华", "PERSON")]


def test_a_japanese_name_keeps_its_inner_space() -> None:
    text = "渡部 修部長"
    span = span_of(text, "渡部 修", "PERSON", "model")
    assert person_pairs(text, [span], load_gazetteer()) == [span]


@pytest.mark.parametrize(("surface", "kept"), [("晉見賴", "賴"), ("特邀蔡", "蔡"), ("隨代表處", "代表處")])
def test_a_lead_verb_is_trimmed_even_down_to_a_surname(surface: str, kept: str) -> None:
    text = f"期間{surface}總統"
    label = "ORG" if kept.endswith("處") else "PERSON"
    out = lead_words(text, span_of(text, surface, label, "model"), load_gazetteer())
    assert out is not None and text[out.start:out.end] == kept


def test_a_lead_verb_alone_is_no_name() -> None:
    text = "期間將晉見總統"
    assert lead_words(text, span_of(text, "晉見", "PERSON", "model"), load_gazetteer()) is None


def industries(text: str, places: tuple[str, ...] = ()) -> list[str]:
    prior = [span_of(text, p, "GPE", "gazetteer") for p in places]
    return [text[s.start:s.end] for s in industry_spans(text, prior, "zh-Hans")]


@pytest.mark.parametrize(("text", "places", "expected"), [
    ("着重介绍了该市食品产业的基本情况", (), ["食品产业"]),
    ("结合各自在新能源产业链的优势", (), ["新能源"]),
    ("蚌埠市智能传感产业相关企业已达百家", ("蚌埠市",), ["智能传感产业"]),
    ("日本大力发展机器人产业与社会需求有关", ("日本",), ["机器人产业"]),
    ("组织食品行业的企业家再访", (), ["食品行业"]),
    # a scope is no part of the sector; one-character adverbs and numerals open no sector
    ("全球动力电池产业竞争加剧", (), ["动力电池产业"]),
    ("吸引更多高科技产业进驻", (), ["高科技产业"]),
])
def test_industry_heads_start_at_word_boundaries(text: str, places: tuple[str, ...], expected: list[str]) -> None:
    assert industries(text, places) == expected


@pytest.mark.parametrize("text", ["不断完善产业服务体系", "打造产业地标", "已成功培育出众多行业领军企业", "建设核心器件产业园"])
def test_verbs_quantities_and_parks_are_no_sector(text: str) -> None:
    assert industries(text) == []


def test_classified_sector_names_are_found_at_word_boundaries_only() -> None:
    # 旅游业 is not in the classification; it is a sector as an item of a list of sectors
    assert industries("旅游业、制糖业、纺织业均有发展") == ["制糖业", "纺织业", "旅游业"]
    assert industries("该行拓展金融业务") == []


def test_a_person_begun_inside_a_word_after_a_place_is_its_organisation() -> None:
    text = "由苏州市工商联副主席邱良元率领"
    spans = [span_of(text, "苏州", "GPE", "gazetteer"), span_of(text, "市工商联", "PERSON", "model"),
             span_of(text, "邱良元", "PERSON", "model")]
    assert surfaces(text, person_edges(text, spans, load_gazetteer())) == [
        ("苏州市工商联", "ORG"), ("邱良元", "PERSON")]


def test_a_name_cut_after_its_title_grows_back_to_the_title() -> None:
    text = "拜會該縣知事川勝平太與副知事大須賀淑郎、難波喬司等人"
    spans = [span_of(text, "賀淑郎", "PERSON", "model")]
    assert surfaces(text, person_edges(text, spans, load_gazetteer())) == [("大須賀淑郎", "PERSON")]


@pytest.mark.parametrize(("text", "name"), [("業拓展會秘書長黃偉基出席", "黃偉基"), ("所长助理俞跃辉出席", "俞跃辉")])
def test_the_end_of_a_longer_title_is_not_taken_into_the_name(text: str, name: str) -> None:
    spans = [span_of(text, name, "PERSON", "model")]
    assert surfaces(text, person_edges(text, spans, load_gazetteer())) == [(name, "PERSON")]


def test_a_compound_term_before_a_field_word_is_a_sector_a_general_domain_is_not() -> None:
    assert industries("彰显了蚌埠在智能传感器领域的强大实力") == ["智能传感器"]
    assert industries("进一步加强两市在经济领域的合作") == []


def test_a_body_and_its_unit_written_together_are_one_name() -> None:
    text = "並由立法院外交及國防委員會款宴"
    spans = [span_of(text, "立法院", component="gazetteer"), span_of(text, "外交及國防委員會")]
    assert surfaces(text, units(text, spans, load_gazetteer())) == [("立法院外交及國防委員會", "ORG")]


def test_a_country_the_name_repeats_and_a_description_are_split_off() -> None:
    text = "应日本国日中经济发展中心和半導體化材製造商德山株式會社的邀请"
    spans = [span_of(text, "日本国日中经济发展中心", component="model"),
             span_of(text, "半導體化材製造商德山株式會社", component="model")]
    assert surfaces(text, prefixes(text, spans, load_gazetteer())) == [
        ("日本国", "GPE"), ("日中经济发展中心", "ORG"), ("德山株式會社", "ORG")]


def test_a_country_that_is_part_of_the_name_stays() -> None:
    text = "與日本台灣交流協會合辦"
    span = span_of(text, "日本台灣交流協會", component="model")
    assert prefixes(text, [span], load_gazetteer()) == [span]


def test_a_name_cut_one_character_short_after_its_title_is_completed() -> None:
    text = "並與董事長魏哲家會談"
    spans = person_edges(text, [span_of(text, "魏哲", "PERSON", "model")], load_gazetteer())
    assert surfaces(text, spans) == [("魏哲家", "PERSON")]


def test_a_full_name_is_not_run_into_the_verb_after_it() -> None:
    text = "国务院总理温家宝在人民大会堂会见"
    span = span_of(text, "温家宝", "PERSON", "model")
    assert person_edges(text, [span], load_gazetteer()) == [span]


def test_a_country_lexicalised_with_its_ministry_stays_split() -> None:
    text = "訪團拜會美國商務部國際貿易署"
    spans = [span_of(text, "美國", "GPE", "gazetteer"), span_of(text, "商務部國際貿易署")]
    spans[0].attrs["country"] = True
    assert surfaces(text, fragments(text, spans, load_gazetteer())) == [("美國", "GPE"), ("商務部國際貿易署", "ORG")]


def test_a_latin_name_after_an_organisation_is_not_its_unit() -> None:
    text = "並與奧斯汀商會Mark Johnson副總裁座談"
    spans = [span_of(text, "奧斯汀商會"), span_of(text, "Mark", component="model")]
    assert surfaces(text, units(text, spans, load_gazetteer())) == [("奧斯汀商會", "ORG"), ("Mark", "ORG")]


def test_the_items_of_a_list_closed_by_a_sector_word_are_sectors() -> None:
    assert industries("加强在环保、节能等重点领域的互利合作") == ["节能", "环保"]
    assert industries("说明在生活和商业等各领域的发展") == []


def test_an_organisation_gives_back_the_characters_it_shares_with_the_title_after_it() -> None:
    from pipeline.ner.spans import Span
    from pipeline.ner.title_tails import trim_title_tails

    text = "福岡県日台友好議員連盟会長の山田太郎氏と国際部副部長が出席した。"
    org = text.index("福岡県")
    unit = text.index("国際部")
    spans = [Span(org, text.index("会長") + 1, "ORG", "orgs", "rule"),
             Span(unit, unit + 5, "ORG", "orgs", "rule")]
    got = {text[s.start:s.end] for s in trim_title_tails(text, spans)}
    assert got == {"福岡県日台友好議員連盟", "国際部"}
    # a name that is no organisation without the shared character keeps it (經濟部|部長)
    text = "經濟部部長出席。"
    assert trim_title_tails(text, [Span(0, 3, "ORG", "gazetteer", "gazetteer")])[0].end == 3


def test_a_person_gives_back_the_start_of_the_title_after_it() -> None:
    from pipeline.ner.spans import Span
    from pipeline.ner.title_tails import trim_title_tails

    cases = [("崔鐘太常任理事が挨拶した。", "崔鐘太常任", "崔鐘太"),  # 常任|理事 is one title
             ("山口県の村岡嗣政県知事が来台した。", "村岡嗣政県", "村岡嗣政"),  # 県 of 県知事 ends no name
             ("塩田知事與訪問團會面。", "塩田知", "塩田")]
    for text, span, name in cases:
        start = text.index(span)
        (got,) = trim_title_tails(text, [Span(start, start + len(span), "PERSON", "model", "model")])
        assert text[got.start:got.end] == name
    # a name that ends where the title starts keeps every character
    text = "中村知事が来台した。"
    assert trim_title_tails(text, [Span(0, 2, "PERSON", "model", "model")])[0].end == 2


def test_word_aligned_reads_one_segmentation_of_the_context() -> None:
    assert not word_aligned("中華大地", 1, 3)  # 華大 is no word of 中華大地
    assert word_aligned("走遍中華大地", 2, 6)
    assert word_aligned("华大半导体签约", 0, 5)

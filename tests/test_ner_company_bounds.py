"""Registered company names keep their place, brand, bracketed place and parent; clauses after the
legal form are cut; a department joins its body across a layout space; a ministry name that ends a
prefecture's department name is that department. Real jieba, real configuration, own snippets."""

from __future__ import annotations

import pytest

from pipeline.ner.boundaries import prefixes, verb_joins
from pipeline.ner.company_bounds import country_subsidiaries, legal_forms, parent_units, unit_gaps
from pipeline.ner.gazetteer import load_gazetteer
from pipeline.ner.spans import Span
from pipeline.ner.stage import extract_entities


def span_of(text: str, surface: str, label: str = "ORG", component: str = "orgs") -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), label, component, "rule")


def surfaces(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in spans]


def test_a_registered_name_takes_the_place_it_starts_with() -> None:
    text = "本團拜訪蘇州恆遠精密機械有限公司。"
    spans = [span_of(text, "蘇州", "GPE", "gazetteer"), span_of(text, "恆遠精密機械有限公司")]
    assert surfaces(text, legal_forms(text, spans, load_gazetteer())) == [("蘇州恆遠精密機械有限公司", "ORG")]


def test_a_subsidiary_name_runs_over_its_bracketed_place_to_the_parent() -> None:
    text = "雙方與華聯機械集團公司(天津)精密部件有限公司簽約。"
    spans = [span_of(text, "華聯機械集團公司"), span_of(text, "精密部件有限公司")]
    got = surfaces(text, legal_forms(text, spans, load_gazetteer()))
    assert got == [("華聯機械集團公司(天津)精密部件有限公司", "ORG")]


def test_a_bracketed_place_takes_the_brand_written_before_it() -> None:
    text = "其中,青禾农业(昆明)贸易有限公司与两家企业签约。"
    spans = [span_of(text, "贸易有限公司")]
    assert surfaces(text, legal_forms(text, spans, load_gazetteer())) == [("青禾农业(昆明)贸易有限公司", "ORG")]


def test_a_sector_word_and_latin_initials_before_the_bracket_belong_to_the_name() -> None:
    text = "记者从SK青禾半导体(中国)有限公司获悉。"
    spans = [span_of(text, "SK", "ORG", "latin"), span_of(text, "半导体", "INDUSTRY", "gazetteer"),
             span_of(text, "中国", "GPE", "gazetteer"), span_of(text, "有限公司")]
    got = surfaces(text, legal_forms(text, spans, load_gazetteer()))
    assert ("SK青禾半导体(中国)有限公司", "ORG") in got and ("SK", "ORG") not in got


def test_a_brand_read_as_a_person_belongs_to_the_company() -> None:
    text = "工業団地内の宏遠科技股份有限公司を訪問した。"
    spans = [span_of(text, "宏遠", "PERSON", "model"), span_of(text, "科技股份有限公司")]
    assert surfaces(text, legal_forms(text, spans, load_gazetteer())) == [("宏遠科技股份有限公司", "ORG")]


def test_a_clause_glued_after_the_legal_form_is_cut_and_the_name_found() -> None:
    text = "分别与两家企业、东海物流株式会社签约金额达5亿日元。"
    spans = [span_of(text, "株式会社签约金额达")]
    assert surfaces(text, legal_forms(text, spans, load_gazetteer())) == [("东海物流株式会社", "ORG")]


def test_a_name_without_legal_form_is_left_alone() -> None:
    text = "本團拜訪蘇州工業園區管理委員會。"
    spans = [span_of(text, "蘇州", "GPE", "gazetteer"), span_of(text, "工業園區管理委員會")]
    assert surfaces(text, legal_forms(text, spans, load_gazetteer())) == surfaces(text, spans)


def test_a_registered_name_keeps_its_country() -> None:
    text = "與中國中華電力股份有限公司簽約。"
    spans = [span_of(text, "中國中華電力股份有限公司")]
    assert surfaces(text, prefixes(text, spans, load_gazetteer())) == [("中國中華電力股份有限公司", "ORG")]


def test_a_department_after_a_layout_space_joins_its_hospital() -> None:
    text = "研修先 国立成功大学病院 小児科"
    spans = [span_of(text, "国立成功大学病院"), span_of(text, "小児科")]
    assert surfaces(text, unit_gaps(text, spans, load_gazetteer())) == [("国立成功大学病院 小児科", "ORG")]


def test_a_known_body_after_a_space_stays_apart() -> None:
    text = "主辦 工業技術研究院 國家發展委員會 科技部"
    spans = [span_of(text, "工業技術研究院"), span_of(text, "科技部", component="gazetteer")]
    assert len(unit_gaps(text, spans, load_gazetteer())) == 2


def test_a_ministry_name_ending_a_prefecture_department_is_the_department() -> None:
    text = "由千葉縣商工勞動部長出席。"
    spans = [span_of(text, "千葉縣", "GPE", "gazetteer"), span_of(text, "勞動部", component="gazetteer")]
    assert surfaces(text, parent_units(text, spans, load_gazetteer())) == [("千葉縣商工勞動部", "ORG")]


def test_a_country_and_a_description_before_a_known_body_stay_apart() -> None:
    text = "日本最大經濟團體經團聯會長表示。"
    spans = [span_of(text, "日本", "GPE", "gazetteer"), span_of(text, "經團聯", component="gazetteer")]
    assert surfaces(text, parent_units(text, spans, load_gazetteer())) == surfaces(text, spans)


def test_a_listed_short_name_and_a_company_joined_by_a_conjunction_are_two_names() -> None:
    text = "近日,振华股份与中联重科机械有限公司签署协议。"
    spans = [span_of(text, "振华股份与中联重科机械有限公司")]
    got = surfaces(text, verb_joins(text, spans, load_gazetteer()))
    assert got == [("振华股份", "ORG"), ("中联重科机械有限公司", "ORG")]


def test_a_subsidiary_after_its_group_and_a_verb_after_a_split_name_are_cut() -> None:
    text = "华信集团所属华信电子有限公司签署协议。"
    spans = [span_of(text, "华信集团所属华信电子有限公司")]
    got = surfaces(text, verb_joins(text, spans, load_gazetteer()))
    assert got == [("华信集团", "ORG"), ("华信电子有限公司", "ORG")]
    text = "振华股份与中联集团签署协议。"
    got = surfaces(text, verb_joins(text, [span_of(text, "振华股份与中联集团签署")], load_gazetteer()))
    assert got == [("振华股份", "ORG"), ("中联集团", "ORG")]


def test_a_listed_short_name_takes_its_place() -> None:
    text = "近日,上海振华股份发布公告。"
    spans = [span_of(text, "上海", "GPE", "gazetteer"), span_of(text, "振华股份")]
    assert surfaces(text, legal_forms(text, spans, load_gazetteer())) == [("上海振华股份", "ORG")]


def test_a_company_with_its_country_after_it_is_its_subsidiary() -> None:
    assert ("NEC台湾", "ORG") in {(e.text, e.label) for e in extract_entities("NEC台湾と北陸NECが協力した。", "ja")}


def test_a_company_with_its_country_in_brackets_after_it_is_its_subsidiary() -> None:
    # the repair alone: whether the model finds 近鉄エキスプレス in a fragment is the model's matter
    text = "近鉄エキスプレス(台湾)の担当者"
    country = span_of(text, "台湾", "GPE", "gazetteer")
    country.attrs["country"] = True  # as the gazetteer marks a country
    spans = [span_of(text, "近鉄エキスプレス", component="model"), country]
    got = surfaces(text, country_subsidiaries(text, spans, load_gazetteer()))
    assert got == [("近鉄エキスプレス(台湾)", "ORG")]


@pytest.mark.parametrize("text", ["国立台湾大学(台湾)の研究者", "ソニー台湾工場を視察"])
def test_a_country_after_a_university_or_before_a_site_stays_a_place(text: str) -> None:
    found = {e.text for e in extract_entities(text, "ja")}
    assert "国立台湾大学(台湾)" not in found and "ソニー台湾" not in found


@pytest.mark.parametrize(("text", "name"), [("6日,国家能源集团氢能科技有限公司签署协议", "国家能源集团氢能科技有限公司"),
                                            ("宁德时代新能源科技股份有限公司发布", "宁德时代新能源科技股份有限公司"),
                                            ("東北大學未來科學技術共同研究中心", "東北大學未來科學技術共同研究中心")])
def test_a_stop_character_inside_a_noun_of_the_name_does_not_cut_it(text: str, name: str) -> None:
    assert name in {e.text for e in extract_entities(text)}


def test_a_stop_character_outside_a_noun_still_stops_a_name() -> None:
    assert "可能與公司" not in {e.text for e in extract_entities("可能與公司合作")}


@pytest.mark.parametrize(("text", "country", "company"), [("德国格拉默集团在漳州投资", "德国", "格拉默集团"),
                                                          ("越南軍用電子電信集團代表", "越南", "軍用電子電信集團")])
def test_a_foreign_country_before_a_company_is_a_place_of_its_own(text: str, country: str, company: str) -> None:
    found = {(e.text, e.label) for e in extract_entities(text)}
    assert (country, "GPE") in found and (company, "ORG") in found


@pytest.mark.parametrize("text", ["中國中車股份有限公司發布公告", "日本電產株式會社發布公告"])
def test_a_domestic_or_japanese_country_in_a_registered_name_stays(text: str) -> None:
    assert text[:-4] in {e.text for e in extract_entities(text)}


def test_a_stop_character_inside_a_noun_of_the_name_before_the_bracket_does_not_cut_it() -> None:
    text = "双方合资成立乐友新能源材料(无锡)有限公司。"
    spans = [span_of(text, "无锡", "GPE", "gazetteer"), span_of(text, "有限公司")]
    assert ("乐友新能源材料(无锡)有限公司", "ORG") in surfaces(text, legal_forms(text, spans, load_gazetteer()))

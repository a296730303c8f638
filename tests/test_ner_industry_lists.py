"""Sector lists: the other short noun items of a list that names sectors are sectors; lists of
products, of names or of activities are left alone. Real jieba, real configuration; sentences
written for these tests."""

from __future__ import annotations

import pytest

from pipeline.ner.industries import industry_spans
from pipeline.ner.industry_lists import find_lists
from pipeline.ner.spans import Span
from pipeline.ner.stage import extract_entities


def industries(text: str, lang: str = "zh-Hant", prior: tuple[tuple[str, str], ...] = ()) -> set[str]:
    spans = []
    for surface, label in prior:
        start = text.index(surface)
        spans.append(Span(start, start + len(surface), label, "gazetteer", "gazetteer"))
    return {text[s.start:s.end] for s in industry_spans(text, spans, lang)}


@pytest.mark.parametrize("text, lang, expected", [
    # closed by 等 + a sector word: every item is a sector
    ("本市將扶植紡織、陶瓷、物流等傳統產業轉型", "zh-Hant", {"紡織", "陶瓷", "物流"}),
    # two generic sector words make the list one of sectors (化工, 金融); 陶瓷 is one too
    ("當地經濟以化工、陶瓷、金融為主", "zh-Hant", {"化工", "陶瓷", "金融"}),
    # a conjunction joins the last item (及)
    ("协议涵盖电力、钢铁及轨道交通", "zh-Hans", {"电力", "钢铁", "轨道交通"}),
    # Japanese list closed by などの産業
    ("同県では窯業、観光、水産などの産業が盛んである", "ja", {"窯業", "観光", "水産"}),
])
def test_items_of_a_list_of_sectors_are_sectors(text: str, lang: str, expected: set[str]) -> None:
    assert expected <= industries(text, lang)


def test_a_list_of_products_is_not_a_list_of_sectors() -> None:
    assert industries("該廠生產汽車、機車、腳踏車等產品") == set()


def test_a_list_without_a_known_sector_is_left_alone() -> None:
    assert industries("會中討論人才、資金、土地等議題") == set()


def test_two_items_with_one_sector_need_a_sector_closer() -> None:
    assert industries("雙方討論了金融、人才培育") == set()
    assert "陶瓷" in industries("雙方關注金融、陶瓷相關的合作")


def test_names_and_activities_are_never_list_sectors() -> None:
    found = industries("推動電子、機械、觀光交流等領域", prior=(("機械", "INDUSTRY"),))
    assert "觀光交流" not in found and "電子" in found


def test_an_item_inside_a_known_sector_name_is_not_split_out() -> None:
    text = "鎖定醫療器材、航空及宇宙等領域"
    found = industries(text, prior=(("醫療器材", "INDUSTRY"), ("航空及宇宙", "INDUSTRY")))
    assert "航空" not in found and "宇宙" not in found


def test_a_bracketed_alias_of_the_last_item_is_an_item() -> None:
    text = "ロボット、ドローン(無人機)などの分野で協力する"
    assert {"ドローン", "無人機"} <= industries(text, "ja", prior=(("ロボット", "INDUSTRY"),))


def test_the_first_item_starts_after_the_verb_that_introduces_the_list() -> None:
    text = "雙方同意針對陶瓷、電子等產業合作"
    (items, _end), = find_lists(text, "zh-Hant")
    assert [text[s:e] for s, e in items] == ["陶瓷", "電子"]


def test_an_enumeration_closed_by_a_field_word_drops_activities() -> None:
    assert "文化交流" not in industries("推動紡織、文化交流等領域的合作")


@pytest.mark.parametrize("text, lang, expected", [
    ("這項技術已用於造船業及航運", "zh-Hant", {"造船業"}),
    ("当地的家政服务业发展迅速", "zh-Hans", {"家政服务业"}),
    ("県内の窯業関係者と商工業関係の団体が集まった", "ja", {"商工業"}),
    ("地元のサービス業を支援する", "ja", {"サービス業"}),
])
def test_a_noun_ending_in_ye_names_a_sector(text: str, lang: str, expected: set[str]) -> None:
    assert expected <= industries(text, lang)


@pytest.mark.parametrize("text, lang", [
    ("許多中小企業與餐飲業者參加", "zh-Hant"),
    ("該行拓展金融業務", "zh-Hant"),
    ("両社は部品で協業を検討し、大企業の卒業生を採用する", "ja"),
])
def test_firms_tasks_and_operators_are_not_ye_sectors(text: str, lang: str) -> None:
    assert industries(text, lang) == set()


def test_a_sector_ends_before_its_supply_chain_and_a_clause_is_no_sector() -> None:
    from pipeline.ner.stage import extract_entities

    found = {e.text for e in extract_entities("带动智能传感上下游产业发展，推動產業提昇產業競爭力。", "zh-Hans") if e.label == "INDUSTRY"}
    assert "智能传感" in found and "智能传感上下游产业" not in found and "產業提昇產業" not in found


def test_a_sector_does_not_start_with_the_end_of_the_word_before_it_nor_with_a_partnership() -> None:
    from pipeline.ner.stage import extract_entities

    found = {e.text for e in extract_entities("考察了新能源产业和做强金融设备产业，促進台美製造業合作", "zh-Hans") if e.label == "INDUSTRY"}
    assert {"新能源产业", "金融设备产业"} <= found and not {"了新能源产业", "强金融设备产业", "台美製造業"} & found


@pytest.mark.parametrize(("text", "sector"), [("当社はスマートシティー関連産業への参入を目指す。", "スマートシティー関連産業"),
                                              ("県はヘルスケアサービス関連産業を育成する。", "ヘルスケアサービス関連産業")])
def test_a_japanese_sector_head_is_never_cut_inside_a_katakana_word(text: str, sector: str) -> None:
    assert (sector, "INDUSTRY") in {(e.text, e.label) for e in extract_entities(text, "ja")}


def test_a_list_item_joining_two_sectors_is_two_sectors() -> None:
    found = {(e.text, e.label) for e in extract_entities("研究中心專注於先進半導體、人工智慧、通訊與能源等領域的研發。", "zh-Hant")}
    assert {("通訊", "INDUSTRY"), ("能源", "INDUSTRY")} <= found
    assert ("通訊與能源", "INDUSTRY") not in found


@pytest.mark.parametrize(("text", "lang", "wrong", "right"), [
    ("随着制造业转型升级,园区加快发展。", "zh-Hans", "随着制造业", None),  # a preposition is no head
    ("如果制造业外移,就业将受影响。", "zh-Hans", "如果制造业", None),  # nor a conjunction
    ("新园区代表了锂电产业的方向。", "zh-Hans", "新园区代表了锂电产业", "锂电产业"),  # 了 ends the clause
    ("縣府推動五大產業發展。", "zh-Hant", "五大產業", None),  # a count of sectors names none
])
def test_a_clause_before_a_sector_word_stays_out_of_the_sector(text: str, lang: str, wrong: str, right: str | None) -> None:
    found = {e.text for e in extract_entities(text, lang) if e.label == "INDUSTRY"}
    assert wrong not in found
    assert right is None or right in found

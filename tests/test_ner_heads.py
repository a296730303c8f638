"""Names found by their head word: facilities and zones (where they start), news media, party committees, PRC ministries."""

from __future__ import annotations

import pytest

from pipeline.ner.stage import extract_entities


def _places(text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in extract_entities(text) if e.label in ("FAC", "LOC", "GPE")}


def test_facility_name_starts_at_a_known_place_after_words_that_are_no_name():
    assert ("台中長榮桂冠酒店", "FAC") in _places("代表團於5日假台中長榮桂冠酒店舉行座談會。")


def test_times_and_verbs_of_travel_are_not_part_of_a_hotel_name():
    places = _places("訪問團於上午抵達，晚間入住京王廣場大飯店。")
    assert ("京王廣場大飯店", "FAC") in places
    assert not any("入住" in name for name, _ in places)


def test_a_brand_before_a_place_stays_in_the_facility_name():
    assert ("三井台中アウトレットパーク", "FAC") in _places("三井台中アウトレットパークを視察した。")


@pytest.mark.parametrize("text, name", [
    ("一行參觀東京都美術館與上野圖書館。", "上野圖書館"),
    ("考察团参观了苏州工业园。", "苏州工业园"),
    ("考察团走访武汉经济技术开发区。", "武汉经济技术开发区"),
])
def test_venue_and_park_heads_make_places(text, name):
    assert name in {n for n, _ in _places(text)}


@pytest.mark.parametrize("text, name", [
    ("据《大阪日报》报道，该公司将在当地建厂。", "大阪日报"),
    ("杭州市委书记会见了代表团。", "杭州市委"),
    ("工信部和国家发改委联合发布通知。", "国家发改委"),
])
def test_news_media_party_committees_and_prc_ministries_are_organisations(text, name):
    assert (name, "ORG") in {(e.text, e.label) for e in extract_entities(text)}

"""The shipped gazetteers: format, trilingual names, documented sources."""

from __future__ import annotations

from pathlib import Path

from pipeline import resources
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import load_gazetteer, read_entries

GAZETTEER_DIR = resources.path("corpora/gazetteers")

HAND_WRITTEN = ["tw_agencies.tsv", "jp_agencies.tsv", "tw_places.tsv", "regions.tsv", "intl_organisations.tsv",
                "political_parties.tsv", "industries.tsv"]


def test_every_configured_file_exists_and_is_documented() -> None:
    readme = (GAZETTEER_DIR / "README.md").read_text(encoding="utf-8")
    for name in load_config()["gazetteer"]["files"]:
        assert (GAZETTEER_DIR / name).exists(), name
        assert name in readme, f"{name} not described in the README"


def test_entries_have_known_labels_and_names() -> None:
    labels = {"ORG", "PERSON", "GPE", "LOC", "FAC", "INDUSTRY"}
    for name in load_config()["gazetteer"]["files"]:
        entries = read_entries(GAZETTEER_DIR / name)
        assert entries, name
        for e in entries:
            assert e.label in labels, (name, e)
            assert e.primary, (name, e)


def test_hand_written_japanese_entries_have_three_languages() -> None:
    for e in read_entries(GAZETTEER_DIR / "jp_agencies.tsv"):
        assert e.names.get("zh_hant") and e.names.get("ja") and e.names.get("en"), e


def test_industry_terms_cover_the_genre_sectors() -> None:
    from pipeline.ner.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for term in ["資通訊產業", "半導體", "電子零組件", "可再生能源", "醫療儀器", "航空及宇宙", "水素", "ロボット", "半导体"]:
        entry = gaz.lookup(term)
        assert entry is not None and entry.label == "INDUSTRY", term


def test_derived_files_match_their_sources() -> None:
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "gazetteers" / "ja"
    if not shared.exists():
        import pytest

        pytest.skip("shared gazetteers absent")
    prefs = read_entries(GAZETTEER_DIR / "ja_prefectures.tsv")
    assert len(prefs) == 47
    assert {e.names["ja"] for e in prefs} >= {"北海道", "千葉県", "沖縄県"}
    assert any(e.names["zh_hant"] == "千葉縣" for e in prefs)


def test_prc_divisions_are_places_and_their_short_forms_stay_out_of_japanese_text() -> None:
    from pipeline.ner.stage import extract_entities

    zh = {e.text: e.label for e in extract_entities("代表团访问内蒙古和徐州，并在大连签约。", "zh-Hans")}
    assert zh.get("内蒙古") == zh.get("徐州") == zh.get("大连") == "GPE"
    assert "蒙古" not in zh  # the country inside the region's name is not matched
    ja = {e.text: e.label for e in extract_entities("中山 健一氏が講演した。", "ja")}
    assert ja.get("中山") != "GPE" and "中山市" not in ja


def test_an_organisation_named_after_its_city_keeps_the_city() -> None:
    from pipeline.ner.stage import extract_entities

    ents = {e.text: e.label for e in extract_entities("苏州市工商联主席会见了日本客人。", "zh-Hans")}
    assert ents.get("苏州市工商联") == "ORG", ents


def test_a_country_in_an_official_name_stays_but_one_before_a_name_is_split() -> None:
    gaz = load_gazetteer()
    whole = "亦在中華民國對外貿易發展協會的協助下"
    assert [whole[m.start:m.end] for m in gaz.scan(whole)] == ["中華民國對外貿易發展協會"]
    split = "拜會日本經濟產業省"
    assert [split[m.start:m.end] for m in gaz.scan(split)] == ["日本", "經濟產業省"]


def test_a_country_before_a_known_ministry_is_split_after_a_lead_word_too() -> None:
    from pipeline.ner.stage import extract_entities

    found = {(e.text, e.label) for e in extract_entities("据日本厚生劳动省的数据", "zh-Hans")}
    assert found == {("日本", "GPE"), ("厚生劳动省", "ORG")}
    assert load_gazetteer().country_split("中國生產力中心") == 0  # its own name, not 中國 + a body


def test_listed_short_names_are_companies_but_phrases_and_places_are_not() -> None:
    from pipeline.ner.stage import extract_entities

    found = {(e.text, e.label) for e in extract_entities("比亚迪与宁德时代、中芯国际在新产业领域合作。", "zh-Hans")}
    assert {("比亚迪", "ORG"), ("宁德时代", "ORG"), ("中芯国际", "ORG")} <= found
    assert not any(text == "新产业" for text, _ in found)
    city = load_gazetteer().lookup("張家界")  # a city's name, not the stock named after it
    assert city is None or city.label == "GPE"


def test_longest_prefix_finds_the_longest_accepted_opening_within_its_bounds() -> None:
    gaz = load_gazetteer()
    countries = lambda _k, entry: entry.label == "GPE"  # noqa: E731
    assert gaz.longest_prefix("日本台灣交流協會", 2, 4, countries) == 2  # 日本, not 日本台灣交流協會 (an ORG)
    assert gaz.longest_prefix("日本台灣交流協會", 2, 8, lambda _k, e: e.label == "ORG") == 8
    assert gaz.longest_prefix("日本台灣交流協會", 3, 8, countries) == 0  # 日本 is shorter than allowed
    assert gaz.longest_prefix("交流協會", 2, 4, countries) == 0

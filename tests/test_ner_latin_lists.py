"""Latin brand names known by their context (pipeline/ner/latin_lists.py, latin.py's
apposition in quotes and bracket after a model's organisation). The sentences are written
for these tests; the company names are real, the facts are made up."""

from __future__ import annotations

import pytest

from pipeline.ner.stage import extract_entities


def _names(text: str, lang: str, label: str = "ORG") -> set[str]:
    return {e.text for e in extract_entities(text, lang) if e.label == label}


def test_latin_item_of_a_list_with_a_company_is_a_company() -> None:
    text = "本次研習的合作夥伴包括台積電、Zeiss及日月光,課程為期兩週。"
    assert "Zeiss" in _names(text, "zh-Hant")


def test_latin_items_closed_by_a_company_cue_are_companies() -> None:
    text = "訪團下午參訪了Qorvo、Wolfspeed等美國廠商,討論化合物半導體供應鏈。"
    names = _names(text, "zh-Hant")
    assert {"Qorvo", "Wolfspeed"} <= names


def test_multiword_and_plus_names_in_a_counted_startup_list() -> None:
    text = "当日はスタートアップ3社(Blue Harbor、Mobi+、QUANTEX)がピッチを行った。"
    names = _names(text, "ja")
    assert {"Blue Harbor", "Mobi+", "QUANTEX"} <= names


def test_chinese_name_with_latin_translation_in_a_company_list() -> None:
    text = "部長此行拜訪超微(AMD)、美光(Micron)等公司高層。"
    names = _names(text, "zh-Hant")
    assert {"AMD", "Micron", "超微", "美光"} <= names


def test_tech_terms_in_a_list_with_a_company_are_not_companies() -> None:
    text = "該計畫結合工研院、AI及IoT技術,推動智慧製造。"
    names = _names(text, "zh-Hant")
    assert not {"AI", "IoT"} & names


def test_acronym_of_an_agreement_listed_with_an_organisation_is_not_a_company() -> None:
    text = "說明加入世界衛生組織(WHO)和數位經濟夥伴協定(DEPA)的重要性。"
    assert "DEPA" not in _names(text, "zh-Hant")


def test_name_before_a_company_role_is_a_company() -> None:
    text = "我們與Databricks執行長會面,討論資料平台合作。"
    assert "Databricks" in _names(text, "zh-Hant")


@pytest.mark.parametrize("text", ["我們與Mark Johnson副總裁座談。", "本日はJohn Smith社長が講演した。"])
def test_person_shaped_name_before_a_role_is_no_company(text: str) -> None:
    lang = "ja" if "本日" in text else "zh-Hant"
    assert not {"Mark Johnson", "John Smith"} & _names(text, lang)


def test_quoted_name_after_a_brand_word_is_one_organisation_without_a_place() -> None:
    text = "同機構の支援ブランド「Smart Harbor Japan」は、大阪でイベントを開いた。"
    ents = {(e.label, e.text) for e in extract_entities(text, "ja")}
    assert ("ORG", "Smart Harbor Japan") in ents
    assert ("GPE", "Japan") not in ents


def test_place_inside_a_fund_name_is_part_of_the_fund() -> None:
    text = "双方は共同ファンド「Pacific Asia Growth Fund」を設立した。"
    ents = {(e.label, e.text) for e in extract_entities(text, "ja")}
    assert ("ORG", "Pacific Asia Growth Fund") in ents
    assert ("LOC", "Asia") not in ents and ("GPE", "Asia") not in ents


def test_brand_found_once_by_its_list_is_a_company_at_every_mention() -> None:
    text = "部長此行拜訪超微(AMD)、美光(Micron)等公司高層。\nMicron長期投資臺灣,在台中設有廠區。"
    ents = [e for e in extract_entities(text, "zh-Hant") if e.label == "ORG" and e.text == "Micron"]
    assert ents and len([m for m in ents[0].mentions if m.start is not None]) == 2


@pytest.mark.parametrize("text,name", [("瑞士Sulzer將擴建旗下工廠。", "Sulzer"), ("雙方簽約後,德國Trumpf將在台設廠。", "Trumpf"),
                                       ("本案由美商Lumentum投資。", "Lumentum")])
def test_latin_name_after_a_country_or_firm_nationality_is_a_company(text: str, name: str) -> None:
    assert name in _names(text, "zh-Hant")


@pytest.mark.parametrize("text", ["德國Industrie 4.0計畫成效顯著。", "日本Society 5.0政策。", "推動日本IoT發展。"])
def test_programme_or_term_after_a_country_is_no_company(text: str) -> None:
    assert not {n for n in _names(text, "zh-Hant") if n.isascii()}


def test_latin_name_after_a_trade_descriptor_is_a_company() -> None:
    text = "全球設備製造商Lam Research宣布在台擴廠。"
    assert "Lam Research" in _names(text, "zh-Hant")


@pytest.mark.parametrize("text,name", [("收購Qorvo後擴大業務。", "Qorvo"), ("說明Wolfspeed建廠計畫。", "Wolfspeed")])
def test_single_coined_latin_word_is_a_company(text: str, name: str) -> None:
    assert name in _names(text, "zh-Hant")


@pytest.mark.parametrize("text", ["會議由Smith主持。", "使用Zoom線上會議。", "在Windows上執行。", "本次採用Python開發。"])
def test_single_english_word_or_given_name_is_no_company(text: str) -> None:
    assert not {n for n in _names(text, "zh-Hant") if n.isascii()}


@pytest.mark.parametrize("text,lang", [("會議由KQTEC理事長王大明主持。", "zh-Hant"), ("本日はKQTEC常務理事が説明した。", "ja")])
def test_acronym_before_a_title_is_the_officers_body(text: str, lang: str) -> None:
    assert "KQTEC" in _names(text, lang)


@pytest.mark.parametrize("text", ["會議由ICT部長主持。", "公司HR經理說明。"])
def test_term_before_a_title_is_no_body(text: str) -> None:
    assert not {n for n in _names(text, "zh-Hant") if n.isascii()}


@pytest.mark.parametrize("text,name", [("他亦兼任KTPO辦公室主任。", "KTPO辦公室"), ("由ACME Labs推進室說明。", "ACME Labs推進室")])
def test_acronym_with_an_office_word_is_one_unit(text: str, name: str) -> None:
    assert name in _names(text, "zh-Hant")


def test_term_with_an_office_word_is_no_unit() -> None:
    assert not {n for n in _names("公司設立AI推進室與IoT中心。", "zh-Hant") if n[:1].isascii()}


@pytest.mark.parametrize("text", ["美國Kerrigan教授發表論文。", "新選手Vortan加入戰隊。", "推出遊戲《Skyforge》。",
                                  "Brantley等人提出新方法。"])
def test_single_coined_word_of_a_person_or_a_work_is_no_company(text: str) -> None:
    assert not {n for n in _names(text, "zh-Hant") if n.isascii()}


def test_chinese_name_in_brackets_after_a_latin_company_is_the_same_company() -> None:
    names = _names("部長首站拜訪Qorvo（科沃）公司,並與Wolfspeed（沃孚）等廠商座談。", "zh-Hant")
    assert {"科沃", "沃孚"} <= names

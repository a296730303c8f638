"""NER on written Chinese passages (plain text, gazetteer + rule components)."""

from __future__ import annotations

import pytest

from pipeline.annotations import Entity
from pipeline.ner.stage import extract_entities, run
from pipeline.ner.units import Context, Unit


def by_text(ents: list[Entity]) -> dict[str, Entity]:
    return {e.text: e for e in ents}


def test_chinese_sentence_entities() -> None:
    text = "經濟部工業局金屬機電組王大明科長於今年三月拜會九州經濟產業局，並參訪福岡縣北九州市的半導體工廠。"
    ents = by_text(extract_entities(text, "zh-Hant"))
    assert ents["王大明"].label == "PERSON"
    assert ents["王大明"].title == "科長"
    assert ents["九州經濟產業局"].label == "ORG"
    assert ents["半導體"].label == "INDUSTRY"
    places = [e for e in ents.values() if e.label == "GPE"]
    assert any(e.text.startswith("福岡縣") for e in places)
    assert "科長" not in ents  # a title is never an entity
    org = [e for e in ents.values() if e.label == "ORG" and "金屬機電組" in e.text]
    assert org and org[0].canonical == "經濟部工業局金屬機電組"


def test_mentions_index_the_text() -> None:
    text = "國科會與工研院合作，工研院(ITRI)負責研發。"
    ents = extract_entities(text, "zh-Hant")
    assert ents
    for e in ents:
        for m in e.mentions:
            assert text[m.start : m.end]
    itri = [e for e in ents if e.canonical == "財團法人工業技術研究院"]
    assert len(itri) == 1 and itri[0].count == 3


def test_meeting_parties_are_not_entities() -> None:
    text = "日方表示歡迎台方企業前往投資，我方將持續推動雙方合作，台日關係良好。"
    ents = extract_entities(text, "zh-Hant")
    assert not {"日方", "台方", "我方", "雙方", "台日"} & {e.text for e in ents}


def test_acronym_defined_in_the_text_resolves_to_its_full_name() -> None:
    text = "本案由台灣智慧機械推動辦公室(TSMPO)執行。\n之後 TSMPO 將邀請企業參加。"
    ents = [e for e in extract_entities(text, "zh-Hant") if e.canonical == "台灣智慧機械推動辦公室"]
    assert len(ents) == 1
    assert ents[0].count == 3  # full name, the acronym in brackets, the later use
    assert "acronym" in ents[0].sources


def test_contextual_alias_needs_its_parent() -> None:
    with_parent = extract_entities("經濟部表示，將持續支持工業局的計畫。", "zh-Hant")
    assert any(e.canonical == "經濟部工業局" for e in with_parent)
    without = extract_entities("該國工業局發布新規定。", "zh-Hant")
    assert not any(e.canonical == "經濟部工業局" for e in without)


def test_title_anchored_person_forms() -> None:
    ents = by_text(extract_entities("會中由所長：山田一郎說明，另有渡辺 健太郎部長出席。", "zh-Hant"))
    assert ents["山田一郎"].title == "所長"
    assert ents["渡辺 健太郎"].label == "PERSON"


def test_unresolved_surname_with_title_is_a_person_of_its_own() -> None:
    # guidelines §1: 鄒科長 gives a PERSON mention of the surname alone (and in Japanese text a
    # lone kanji before a title is dropped: as often a cut given name)
    people = [e for e in extract_entities("陳科長致詞。", "zh-Hant") if e.label == "PERSON"]
    assert [(e.text, e.title) for e in people] == [("陳", "科長")]


def test_words_before_a_title_are_not_names() -> None:
    ents = extract_entities("國際課長與產學推動科長出席。", "zh-Hant")
    assert not [e for e in ents if e.label == "PERSON"]


def test_place_compounds_split_into_components() -> None:
    text = "工廠位於新竹縣竹北市，另一座在大分縣中津工業區，辦公室在仙台市青葉區本町，東北地區。"
    ents = by_text(extract_entities(text, "zh-Hant"))
    for name in ("新竹縣", "竹北市", "大分縣", "仙台市", "青葉區"):
        assert ents[name].label == "GPE", name
    assert ents["中津工業區"].label == "LOC"
    assert ents["東北地區"].label == "LOC"
    assert not {"新竹縣竹北市", "大分縣中津工業區", "本町", "青葉區本町"} & set(ents)


def test_zones_in_both_scripts_keep_the_city_apart() -> None:
    hant = by_text(extract_entities("訪團前往高雄市楠梓加工出口區及路竹科學園區。", "zh-Hant"))
    assert hant["高雄市"].label == "GPE"
    assert hant["楠梓加工出口區"].label == "LOC"
    assert hant["路竹科學園區"].label == "LOC"
    hans = by_text(extract_entities("代表团参观了武汉市东湖高新区的企业，并拜会苏州工业园区管委会。", "zh-Hans"))
    assert hans["武汉市"].label == "GPE"
    assert hans["东湖高新区"].label == "LOC"  # not 市东湖高新区
    assert hans["苏州工业园区管委会"].label == "ORG"


def test_country_prefix_before_a_ministry_is_split() -> None:
    ents = by_text(extract_entities("拜會韓國產業通商資源部及日本內閣府，並參訪韓國產業技術振興院。", "zh-Hant"))
    assert ents["韓國"].label == "GPE"
    assert ents["產業通商資源部"].label == "ORG"
    assert ents["內閣府"].label == "ORG"
    assert ents["韓國產業技術振興院"].label == "ORG"  # the country is part of this name


def test_facilities_by_suffix() -> None:
    text = "自仁川國際機場搭機，於千葉商工會議所第一 Hall 及幕張展覽館 Makuhari Messe 舉行，北九州港為組裝港。"
    ents = by_text(extract_entities(text, "zh-Hant"))
    for name in ("仁川國際機場", "千葉商工會議所第一 Hall", "幕張展覽館", "Makuhari Messe", "北九州港"):
        assert ents[name].label == "FAC", name
    assert "組裝港" not in ents


def test_organisation_suffix_chain() -> None:
    ents = by_text(extract_entities("拜會大阪府商工勞動部產業振興課，討論合作。", "zh-Hant"))
    assert ents["大阪府商工勞動部產業振興課"].label == "ORG"


def test_simplified_and_traditional_share_entities() -> None:
    a = {e.canonical_id for e in extract_entities("日本经济产业省", "zh-Hans")}
    b = {e.canonical_id for e in extract_entities("日本經濟產業省", "zh-Hant")}
    assert a == b and a


def test_unit_chain_of_gazetteer_names_takes_the_specific_canonical() -> None:
    ents = extract_entities("經濟部工業局金屬機電組與日本經產省開會。", "zh-Hant")
    canon = {e.canonical for e in ents if e.label == "ORG"}
    assert {"經濟部工業局金屬機電組", "日本經濟產業省"} <= canon
    assert "日本經產省" not in canon


def test_acronym_written_before_its_full_name() -> None:
    text = "KMIA（高雄市機械工業協會）舉辦說明會，KMIA 會員踴躍參加。"
    ents = [e for e in extract_entities(text, "zh-Hant") if e.canonical == "高雄市機械工業協會"]
    assert len(ents) == 1 and ents[0].count == 3


def test_short_names_of_prefectures_and_capitals_are_places_but_persons_win() -> None:
    ents = by_text(extract_entities("在東京、金澤、沖繩等地舉辦，石川 太郎部長出席。", "zh-Hant"))
    assert ents["金澤"].label == ents["沖繩"].label == "GPE"
    assert ents["石川 太郎"].label == "PERSON"
    assert "石川" not in ents


def test_industry_suffix_and_term_extension() -> None:
    text = "訪團了解扣件產業與半導體設備，並討論福島縣第四次產業革命、相關產業及產業局業務。"
    ents = by_text(extract_entities(text, "zh-Hant"))
    assert ents["扣件產業"].label == ents["半導體設備"].label == "INDUSTRY"
    assert not {"第四次產業", "相關產業", "產業", "內產業"} & set(ents)


def test_names_without_titles_between_an_organisation_and_a_verb() -> None:
    text = "JETRO 海外調查部伊藤健二介紹產業政策，研究所海外事業本部 NGUYEN Van Anh 說明，由Harald Schenk所長介紹。"
    ents = by_text(extract_entities(text, "zh-Hant"))
    for name in ("伊藤健二", "NGUYEN Van Anh", "Harald Schenk"):
        assert ents[name].label == "PERSON", name


def test_latin_and_university_unit_organisations() -> None:
    text = ("協辦單位：大阪府貿易協同組合、東葛 Techno Plaza，並與 Kansai Robot Consortium 及"
            "京都大學未來產業共同研究中心、名古屋大學 GaN 研究中心交流。東北各縣半導體協議會。")
    ents = by_text(extract_entities(text, "zh-Hant"))
    for name in ("大阪府貿易協同組合", "東葛 Techno Plaza", "Kansai Robot Consortium",
                 "京都大學未來產業共同研究中心", "名古屋大學 GaN 研究中心"):
        assert ents[name].label == "ORG", name
    assert "縣半導體協議會" not in ents


def test_world_cities_and_short_names_with_their_suffix() -> None:
    ents = by_text(extract_entities("訪團自首爾轉往慕尼黑，再赴深圳市南山區；日本市場前景看好。", "zh-Hant"))
    for name in ("首爾", "慕尼黑", "深圳市", "南山區"):
        assert ents[name].label == "GPE", name
    assert not {"市南山區", "日本市"} & set(ents)


def test_names_with_a_conjunction_and_simplified_suffixes() -> None:
    text = "工業技術研究院（工研院）電子與光電系統研究所說明。国家发展和改革委员会与工业和信息化部发布通知。訪團與千葉縣廳會談。"
    ents = by_text(extract_entities(text, "zh-Hant"))
    for name in ("電子與光電系統研究所", "国家发展和改革委员会", "工业和信息化部", "千葉縣廳"):
        assert ents[name].label == "ORG", name
    assert not {"訪團與千葉縣廳", "与工业和信息化部"} & set(ents)
    industry = by_text(extract_entities("預計吸引扣件產業買主，運輸用機械器具製造業", "zh-Hant"))
    assert {"扣件產業", "運輸用機械器具製造業"} <= set(industry)


def test_model_span_checks_for_latin_cuts_and_org_suffixes() -> None:
    from pipeline.ner.models import _cuts_word, _org_suffixed

    text = "參訪Fraunhofer IPMS研究所"
    assert _cuts_word(text, 2, 11)  # Fraunhofe|r
    assert not _cuts_word(text, 2, 17)  # Fraunhofer IPMS
    assert not _cuts_word("在台北", 1, 3)
    assert _org_suffixed("某某技術協會") and _org_suffixed("示範大學")
    assert not _org_suffixed("王大明") and not _org_suffixed("協會")


def test_company_word_extends_a_known_brand_only_at_a_word_boundary() -> None:
    from pipeline.ner.rules import company_word_spans
    from pipeline.ner.spans import Span

    text = "拜會東芝電子，並討論東芝半導體產業與工業局電子資訊組。"
    prior = [Span(2, 4, "ORG", "model", "model"), Span(10, 12, "ORG", "model", "model"),
             Span(18, 21, "ORG", "gazetteer", "gazetteer")]
    got = {text[s.start : s.end] for s in company_word_spans(text, prior)}
    assert got == {"東芝電子"}  # not 東芝半導體 (產業 follows), not 工業局電子 (a government unit)


def test_model_place_chains_are_cut_into_administrative_levels() -> None:
    from pipeline.ner.models import _admin_parts

    def cut(t: str) -> list[str]:
        return [t[a:b] for a, b in _admin_parts(t)]

    assert cut("广东省深圳市南山区") == ["广东省", "深圳市", "南山区"]
    assert cut("台北市大安區") == ["台北市", "大安區"]
    assert cut("内蒙古自治区呼和浩特市") == ["内蒙古自治区", "呼和浩特市"]
    for whole in ("新北市", "市中区", "嘉義縣市", "深圳市科技园"):
        assert cut(whole) == [whole]


def _industries(text: str) -> set[str]:
    return {e.text for e in extract_entities(text, "zh-Hant") if e.label == "INDUSTRY"}


def test_a_verb_inside_the_run_before_the_suffix_ends_the_clause() -> None:
    # 勇攀 is a verb: the sector is what follows it, not the whole run before 產業
    assert _industries("本市勇攀智慧醫療產業高峰，吸引投資。") == {"智慧醫療產業"}
    # after 引領 only 全球 remains, a generic word: no sector
    assert _industries("該公司在半導體領域引領全球產業，並協助地方。") == {"半導體"}


def test_describing_words_and_particles_are_not_sectors() -> None:
    assert _industries("隨著現代產業轉型，縣府推動工業自動化產業。") == {"工業自動化產業"}


def test_bare_tourism_is_the_activity_and_tourism_industry_the_sector() -> None:
    assert _industries("雙方將深化觀光交流。") == set()
    assert _industries("縣府發展觀光產業。") == {"觀光產業"}


def test_a_zone_after_a_bare_city_name_is_named_with_it_in_any_script() -> None:
    # 新竹 has no administrative suffix: it is part of the park's name; the suffix is
    # found whatever the script of 園區/園区/园区
    for text, lang in (("代表團參訪新竹科學工業園區。", "zh-Hant"), ("一行は新竹科学工業園区を視察した。", "ja"),
                       ("代表团参观新竹科学工业园区。", "zh-Hans")):
        places = {e.text for e in extract_entities(text, lang) if e.label in ("GPE", "LOC")}
        assert {"新竹科學工業園區", "新竹科学工業園区", "新竹科学工业园区"} & places, (text, places)


def test_a_zone_after_a_county_stays_apart_from_it() -> None:
    places = {e.text: e.label for e in extract_entities("參訪岩手縣北上工業區的工廠。", "zh-Hant")}
    assert places.get("岩手縣") == "GPE" and places.get("北上工業區") == "LOC"


def test_a_region_takes_its_area_suffix_but_a_country_or_city_does_not() -> None:
    ents = by_text(extract_entities("公司在华南地区和西日本地区设厂，日本地區與大阪地區也有據點。", "zh-Hans"))
    assert ents["华南地区"].label == "LOC" and ents["西日本地区"].label == "LOC"
    assert "日本" in ents and "大阪" in ents and "日本地區" not in ents and "大阪地區" not in ents


def test_a_wider_region_is_not_read_as_the_region_inside_it() -> None:
    ents = by_text(extract_entities("深化與中東歐及東南歐國家的合作", "zh-Hant"))
    assert {"中東歐", "東南歐"} <= set(ents) and "中東" not in ents


def test_a_country_with_its_state_form_is_one_place_with_the_country_id() -> None:
    assert ("タイ国", "GPE") in {(e.text, e.label) for e in extract_entities("タイ国の大使と日本国内の企業", "ja")}
    ents = extract_entities("派遣国：ブラジル連邦共和国。ブラジルの企業と越南社會主義共和國", "ja")
    brazil = [e for e in ents if e.canonical == "巴西"]
    assert len(brazil) == 1 and brazil[0].label == "GPE" and brazil[0].count == 2
    assert "越南社會主義共和國" in {e.text for e in ents}


@pytest.mark.parametrize(("text", "name"), [("河南省商务厅厅长李明", "河南省商务厅"), ("德国国家工程院院士葛兴福", "德国国家工程院"),
                                            ("济南市投资促进局组织企业", "济南市投资促进局")])
def test_simplified_text_stops_a_unit_head_before_a_title_as_traditional_does(text: str, name: str) -> None:
    assert name in {e.text for e in extract_entities(text, "zh-Hans")}


@pytest.mark.parametrize(("text", "place"), [("中韩(惠州)产业园正式开园", "中韩(惠州)产业园"), ("推动郑州城市群发展", "郑州城市群")])
def test_a_park_with_its_city_in_brackets_and_a_city_cluster_are_one_place(text: str, place: str) -> None:
    assert place in {e.text for e in extract_entities(text, "zh-Hans") if e.label == "LOC"}


def test_a_bracketed_city_on_the_line_before_is_no_part_of_a_park() -> None:
    # A document block may hold several lines; the bracket ends the line before the park.
    found = {e.text for e in run([Unit("项目位于(惠州)\n创新产业园正式开园", "zh-Hans", None, None, 0, 0)], Context())}
    assert not any("\n" in t for t in found)


def test_a_katakana_municipality_with_its_suffix_is_a_place_in_japanese() -> None:
    found = {(e.text, e.label) for e in extract_entities("12月18日にローゼンハイム市を訪問した。", "ja")}
    assert ("ローゼンハイム市", "GPE") in found and not any(t == "ローゼンハイム" for t, _ in found)

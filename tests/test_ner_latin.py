"""Latin-script names in Chinese and Japanese text (pipeline/ner/latin.py), on real sentences.

Sources (public pages, short excerpts; none is in corpora/eval/real):
- EPOCH  https://m.epochtimes.com.tw/n230325/ (經部赴歐招商, 2017)
- TGN    https://www.taiwanglobalization.net/latest/page/44 (台歐簽署合作備忘錄, 2012)
- CTIMES http://ctimes.com.tw/DispNews/tw/無人機/2502181545RS.shtml (2025)
- TIPLO  https://tiplo.com.tw/jp/tn/1438/45707 (経済部台日産業提携訪日団, 2015)
- KSOFT  https://home.kingsoft.jp/amp/news/pr/prwire/201810018605 (ITRI 覚書, 2018)
- PCHOME http://mypaper.pchome.com.tw/larryk2304n8a/post/1374885745 (TJPO 與鹿兒島縣簽MOU, 2018)
- YS     https://www.ys-consulting.com.tw/news/28319.html (2011)
- ENGBUS https://m.engbus.cn/hangye/7/6677.html (德国贸易环境) and CBBL http://www.cbbl-lawyers.de/taiwan/ (2024)
- KYODO  https://japantoday.com/category/business/taiwan-plans-investment-and-trade-center-in-japan%27s-fukuoka (2025)
- MOEA   https://www.moea.gov.tw/MNS/english/news/News.aspx?kind=6&menu_id=176&news_id=86038 (2019)
- SEED   ../shared/seeds (the 2019 trip report)
"""

from __future__ import annotations

import pytest

from pipeline import resources
from pipeline.ner.latin_forms import only_legal_forms
from pipeline.ner.stage import extract_entities
from pipeline.text.fold import fold
from pipeline.training.romaji import hepburn

EPOCH = ("經濟部表示,此行與關鍵廠商推動再生能源技術交流,包括見證法國放射性廢棄物處理機構ANDRA與台電公司簽署合作備忘錄(MOU),"
         "另外亦拜訪瑞士核廢料處理機構ZWILAG及瑞士萊茵水力發電廠(Rhinkratwerk Neuhausen AG)。")
EPOCH_2 = ("為推動生技醫藥產業國際交流,洽訪全球前三大製藥商瑞士諾華(Novartis)公司、國際醫藥大廠英商葛蘭素史克(GSK)公司,"
           "強化數位醫療和細胞精準醫療。在物聯網、智慧機械、國防科技及循環經濟等創新產業,我與法國新創公司Sfly簽署投資意向書(LOI),"
           "並洽訪全球智慧機械領導廠商法商達梭系統(Dassault Systems)公司。")
TGN = ("經濟部中小企業處於去(2011)年與歐洲商業育成網絡(European Business & Innovation Center Network,以下簡稱EBN)"
       "簽署合作備忘錄(MOU)。本次簽署儀式首先由中小企業處葉雲龍處長向遠道組團而來的EBN貴賓致歡迎詞,"
       "EBN副總裁─Mr. Lennard Drogendijk隨即表示未來一年內將在MOU合作框架下,致力完成雙方各項友好交流活動。")
CTIMES = "拜會德國官方招商機構「北威州商務署(NRW Global Business)」,了解北威州的投資招商模式。"
TIPLO = ("今回の訪日団は7月17日に日本の有名ゲームメーカーである株式会社カプコンと台湾の財団法人資訊工業策進会"
         "(Institute for Information Industry、略称「III」)台日産業推進センター(Taiwan-Japan Industrial Promotion Center)"
         "との協力覚書調印に立ち会った。また日本のエイベックス・グループ・ホールディングス株式会社と台湾の智崴資訊科技股份有限公司"
         "(Brogent Technologies Inc.)との間では、新興のコンテンツ産業の商品を開発する協力覚書に調印した。")
KSOFT = "提携企業は(1)中化銀髪(Chunghwa Senior Care)と台湾日立アジアパシフィック、(3)福楽多(Furuto Medical &Welfare)と株式会社I&Cです。"
PCHOME = ("於2月7日在經濟部工業局呂正華局長與鹿兒島產業支援中心ROKUTAN SHOICHI理事長見證下,"
          "由TJPO呂正欽執行長與鹿兒島縣商工勞動水產部部長SAKOU TSUKASA簽署合作備忘錄。")
KYODO = ("The world's largest contract chipmaker, Taiwan Semiconductor Manufacturing Co., started mass production at its "
         "first factory in Kumamoto Prefecture in Kyushu at the end of last year, while construction of its second factory "
         "is expected to begin later this year.")
MOEA = ("The Industrial Development Bureau reported that the delegation visited international manufacturers in the fields "
        "of semiconductor equipment and materials (DISCO, Panasonic IS, Mitsui Chemicals, Hitachi Chemical Company), "
        "smart manufacturing/regenerative medicine (Cellseed, Hitachi, NEC), energy (Marunouchi Heat Supply, Hitachi "
        "Mitsubishi Hydro Corporation), and information platform services (LINE) to expand the investment and R&D in Taiwan.")
MOEA_2 = ("Consisting of members from the Industrial Development Bureau, Department of Investment Services, Taiwan-Japan "
          "Industrial Collaboration Promotion Office (TJPO), Advanced Semiconductor Engineering, Inc., and TA LIANG "
          "Technology Co., the delegation aimed to negotiate specific semiconductor cooperation with Japan.")
YS = "林次長は、今回台湾投資に意欲を示した企業として、古河電気工業、森ビル、JSR、カネカ、三菱商事などの名前を挙げた。"


def surfaces(text: str, label: str, lang: str | None = None) -> set[str]:
    """Every mention's surface text of the entities with ``label``."""
    out = set()
    for e in extract_entities(text, lang):
        if e.label == label:
            for m in e.mentions:
                out.add(text[m.start:m.end])
    return out


def test_a_name_ending_in_a_legal_form_is_one_organisation() -> None:
    assert "Rhinkratwerk Neuhausen AG" in surfaces(EPOCH, "ORG", "zh-Hant")
    assert "Brogent Technologies Inc." in surfaces(TIPLO, "ORG", "ja")


def test_english_names_with_an_organisation_head_are_organisations() -> None:
    orgs = surfaces(TIPLO, "ORG", "ja")
    assert {"Institute for Information Industry", "Taiwan-Japan Industrial Promotion Center"} <= orgs
    assert "European Business & Innovation Center Network" in surfaces(TGN, "ORG", "zh-Hant")


def test_a_latin_translation_in_brackets_takes_the_label_of_the_name_before_it() -> None:
    assert "NRW Global Business" in surfaces(CTIMES, "ORG", "zh-Hant")


def test_a_brand_in_brackets_before_gongsi_or_after_a_kind_of_body_is_an_organisation() -> None:
    orgs = surfaces(EPOCH_2, "ORG", "zh-Hant") | surfaces(EPOCH, "ORG", "zh-Hant")
    assert {"Novartis", "GSK", "Dassault Systems", "Sfly", "ANDRA", "ZWILAG"} <= orgs
    assert not {"MOU", "LOI"} & orgs  # a document is not a body


def test_a_japanese_legal_form_before_a_latin_name_is_part_of_it() -> None:
    assert "株式会社I&C" in surfaces(KSOFT, "ORG", "ja")


def test_an_acronym_listed_among_companies_is_a_company() -> None:
    assert "JSR" in surfaces(YS, "ORG", "ja")


def test_romanised_names_in_capitals_next_to_a_title_are_persons() -> None:
    persons = surfaces(PCHOME, "PERSON", "zh-Hant")
    assert {"ROKUTAN SHOICHI", "SAKOU TSUKASA"} <= persons
    assert "Lennard Drogendijk" in surfaces(TGN, "PERSON", "zh-Hant")


def test_an_organisation_name_before_a_title_is_not_a_person() -> None:
    text = "外交部說明,歐洲議會訪團偕歐洲議會人民黨團（European People’s Party）議員來訪。"
    assert "European People’s Party" not in surfaces(text, "PERSON", "zh-Hant")
    assert "European People’s Party" in surfaces(text, "ORG", "zh-Hant")


def test_kinds_of_company_are_not_organisations() -> None:
    text = ("在德设立公司之型态计有:有限公司(GmbH)股份有限公司(AG)两合公司(KG)无限公司(OHG)股份两合公司(KGaA)"
            "有限两合公司(GmbH & Co.KG)其中最适合外国投资者在德国投资,且采用最普遍之法人形式为有限公司GmbH.")
    assert not {s for s in surfaces(text, "ORG", "zh-Hans") if s.isascii()}
    german = ("Das taiwanesische Gesellschaftsrecht kennt vier Gesellschaftsformen: die Offene Handelsgesellschaft (OHG), "
              "die Gesellschaft mit beschränkter Haftung (GmbH), die Kommanditgesellschaft (KG) und die Aktiengesellschaft (AG).")
    assert not surfaces(german, "ORG", "en")
    assert only_legal_forms("GmbH & Co. KG") and not only_legal_forms("Robert Bosch GmbH")


def test_a_place_before_a_latin_name_belongs_to_it() -> None:
    seed = (resources.shared_dir() / "seeds" / "000_83d5a5fe7b9e6195.txt").read_text(encoding="utf-8")
    line = next(x for x in seed.splitlines() if "福島縣 Technology Centre，" in x)
    orgs = surfaces(line, "ORG", "zh-Hant")
    assert "福島縣 Technology Centre" in orgs and "Technology Centre" not in orgs


def test_mentions_of_one_company_share_a_key_without_case_spacing_or_legal_form() -> None:
    text = TIPLO + "Brogent  Technologies提供模擬裝置,BROGENT TECHNOLOGIES INC.亦參展。"
    ents = [e for e in extract_entities(text, "ja") if e.label == "ORG" and fold(e.text).startswith("brogent")]
    assert len(ents) == 1 and len(ents[0].mentions) >= 2
    assert ents[0].canonical_id


def test_a_second_name_defined_with_the_same_acronym_is_an_alias_of_the_first() -> None:
    text = ("本組與德國研究基金會 (DFG) 簽署合作協議。Protocol between Deutsche Forschungsgemeinschaft (DFG) "
            "and National Science Council (NSC). 其後NSC與DFG定期舉辦研討會。")
    ents = extract_entities(text, "zh-Hant")
    dfg = [e for e in ents if any(text[m.start:m.end] == "Deutsche Forschungsgemeinschaft" for m in e.mentions)]
    assert dfg and any(text[m.start:m.end] == "德國研究基金會" for m in dfg[0].mentions)
    nsc = [e for e in ents if any(text[m.start:m.end] == "NSC" for m in e.mentions)]
    assert nsc and nsc[0].canonical == "National Science Council"


@pytest.mark.parametrize("text", [
    "該公司CEO表示將擴大投資。",
    "The delegation arrived in the morning.",
    "會議以 Zoom 線上方式舉行。",
])
def test_plain_latin_words_are_not_organisations(text: str) -> None:
    assert not surfaces(text, "ORG")


def test_names_in_an_english_list_are_separate_organisations() -> None:
    orgs = surfaces(MOEA, "ORG", "en") | surfaces(MOEA_2, "ORG", "en")
    assert {"Hitachi Chemical Company", "Hitachi Mitsubishi Hydro Corporation", "Department of Investment Services",
            "Taiwan-Japan Industrial Collaboration Promotion Office", "Advanced Semiconductor Engineering, Inc.",
            "TA LIANG Technology Co."} <= orgs
    assert not any("," in o and not o.endswith("Inc.") for o in orgs)


def test_japanese_places_and_companies_written_in_latin_letters_are_found() -> None:
    ents = {(e.text, e.label): e for e in extract_entities(KYODO, "en")}
    assert ("Kumamoto Prefecture", "GPE") in ents
    assert ents[("Kumamoto Prefecture", "GPE")].canonical == "熊本縣"  # one id with 熊本県 / 熊本縣
    assert ("Taiwan Semiconductor Manufacturing Co.", "ORG") in ents
    assert not any(label == "ORG" and text.islower() for text, label in ents)  # "begin" is no company


@pytest.mark.parametrize(("text", "name", "not_name"), [
    ("協辦單位：千葉縣產業振興中心、東葛 Techno Plaza。", "東葛 Techno Plaza", "Techno Plaza"),
    ("訪團拜會：柏葉 Robot Consortium、九州 Silicon Group。", "柏葉 Robot Consortium", "Robot Consortium"),
    # more than four kanji are a phrase; a name with no kanji_prefix_heads word takes none
    ("協辦單位：北總台地區域 Techno Plaza。", "Techno Plaza", "北總台地區域 Techno Plaza"),
    ("3 月 7 日參訪 Fraunhofer 光子微系統研究所。", "Fraunhofer", "日參訪 Fraunhofer"),
])
def test_two_to_four_kanji_before_a_latin_organisation_head_are_part_of_its_name(
        text: str, name: str, not_name: str) -> None:
    names = {e.text for e in extract_entities(text, "zh-Hant") if e.label == "ORG"}
    assert name in names
    assert not_name not in names


@pytest.mark.parametrize("kana,latin", [
    ("トウキョウ", "Tokyo"), ("オオサカ", "Osaka"), ("ホッカイドウ", "Hokkaido"), ("コウベ", "Kobe"),
    ("サッポロ", "Sapporo"), ("キタキュウシュウ", "Kitakyushu"), ("シズオカ", "Shizuoka"), ("ジョウエツ", "Joetsu"),
])
def test_kana_readings_are_spelled_as_places_are_in_english(kana: str, latin: str) -> None:
    assert hepburn(kana) == latin

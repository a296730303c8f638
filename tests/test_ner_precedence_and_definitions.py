"""Document-defined short names (以下、…), a country written before one of its own places,
verbs of joining, and a model's company name over the industry word it ends with: the whole
NER stage with the shipped models, gazetteers and configuration."""

from __future__ import annotations

import pytest

from pipeline.ner.boundaries import prefixes, verb_joins
from pipeline.ner.gazetteer import load_gazetteer
from pipeline.ner.ja_names import katakana_titled_names
from pipeline.ner.spans import Precedence, Span, resolve
from pipeline.ner.stage import extract_entities


def found(text: str, lang: str | None = None) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in extract_entities(text, lang)}


def span_of(text: str, surface: str, label: str = "ORG", component: str = "orgs") -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), label, component, "rule")


def test_a_hereafter_short_name_takes_the_label_of_the_name_before_it() -> None:
    text = ("大日光・エンジニアリングは7月17日、連結子会社TROIS ENGINEERING PRETEC HONG KONG LTD"
            "(以下、TROIS HK)との合弁会社の設立を発表した。出資比率はTROIS HK 40%。")
    assert ("TROIS HK", "ORG") in found(text, "ja")
    assert ("TROIS", "ORG") not in found(text, "ja")


def test_a_short_name_of_something_that_is_no_entity_is_no_entity_anywhere() -> None:
    text = "田辺三菱製薬は7月16日、筋萎縮性側索硬化症(以下、ALS)の治療薬の承認を取得した。ALSは難病である。"
    assert not {name for name, _ in found(text, "ja")} & {"ALS"}


def test_a_self_reference_defined_as_a_short_name_stays_a_description() -> None:
    text = "國科會於1988年在德國法蘭克福設立科技組(以下簡稱本組)。本組負責推展台灣與德國的科技合作。"
    assert ("本組", "ORG") not in found(text, "zh-Hant")


@pytest.mark.parametrize(("text", "name"), [
    ("台北榮總與日本近畿大學簽署合作備忘錄。", "近畿大學"),
    ("工商協進會與日本宮城縣國際經濟振興協會續簽合作備忘錄。", "宮城縣國際經濟振興協會"),
    ("代表團拜會中國北京大學。", "北京大學"),
])
def test_a_country_written_before_one_of_its_own_places_is_split_off(text: str, name: str) -> None:
    gaz = load_gazetteer()
    country = text[text.index(name) - 2:text.index(name)]
    out = prefixes(text, [span_of(text, country + name)], gaz)
    assert [(text[s.start:s.end], s.label) for s in out] == [(country, "GPE"), (name, "ORG")]


@pytest.mark.parametrize("name", ["日本陝西總商會", "德國薩克森自由邦駐臺科技辦事處", "日本台灣交流協會"])
def test_a_country_stays_in_a_name_when_the_place_after_it_is_elsewhere_or_the_office_is_abroad(name: str) -> None:
    text = f"參訪{name}。"
    out = prefixes(text, [span_of(text, name)], load_gazetteer())
    assert [(text[s.start:s.end], s.label) for s in out] == [(name, "ORG")]


def test_a_verb_of_joining_splits_two_names_without_a_legal_suffix() -> None:
    text = "英飞凌科技携手上汽集团成立合资公司。"
    out = verb_joins(text, [span_of(text, "英飞凌科技携手上汽集团")], load_gazetteer())
    assert sorted(text[s.start:s.end] for s in out) == ["上汽集团", "英飞凌科技"]


def test_a_model_company_name_takes_in_the_industry_word_it_ends_with_but_nothing_else_does() -> None:
    text = "武田制药和工业物联网"
    precedence = Precedence({"gazetteer": 1, "model": 4}, frozenset(), {"model": frozenset({"INDUSTRY"})})
    industry = [span_of(text, "制药", "INDUSTRY", "gazetteer"), span_of(text, "物联网", "INDUSTRY", "gazetteer")]
    named = span_of(text, "武田制药", "ORG", "model")
    named.attrs["whole_name"] = True
    plain = span_of(text, "工业物联网", "ORG", "model")
    out = resolve([*industry, named, plain], precedence)
    assert [(text[s.start:s.end], s.label) for s in out] == [("武田制药", "ORG"), ("物联网", "INDUSTRY")]


def test_a_market_is_no_city() -> None:
    assert ("机器人市", "GPE") not in found("日本机器人市场预计2025年达490亿美元。", "zh-Hans")


def test_two_complete_names_joined_by_a_middle_dot_are_two_names() -> None:
    text = "本日、台日貿易発展基金会・台日商務交流協進会の一行が来訪した。"
    names = found(text, "ja")
    assert ("台日貿易発展基金会", "ORG") in names and ("台日商務交流協進会", "ORG") in names


def test_a_brand_introduced_with_its_trade_word_names_the_company_alone_later() -> None:
    text = "英飞凌科技携手上汽集团成立合资企业。此后，英飞凌在无锡扩大生产。"
    assert ("英飞凌", "ORG") in found(text, "zh-Hans")


def test_a_katakana_hall_inside_a_longer_word_is_no_facility() -> None:
    text = "昭和ホールディングス(本社:東京都)は、ベトナムの企業と覚書を締結した。"
    assert not any(label == "FAC" for _, label in found(text, "ja"))


def test_a_person_written_in_katakana_ends_where_han_characters_start() -> None:
    text = "川越市を訪れ、川合善明市長と握手を交わすベトナムクアンナム省のレー・ヴァン・タン人民委員会副主席(同右)ら"
    names = found(text, "ja")
    assert ("レー・ヴァン・タン", "PERSON") in names and ("人民委員会", "ORG") in names


@pytest.mark.parametrize(("text", "person"), [
    ("英飞凌科技首席运营官JochenHanebeck表示,无锡工厂将扩产。", "JochenHanebeck"),
    ("亞利桑那州商務廳總裁Sandra Watson表示歡迎。", "Sandra Watson"),
])
def test_a_latin_name_right_after_a_title_is_a_person(text: str, person: str) -> None:
    assert (person, "PERSON") in found(text, "zh-Hans" if "运" in text else "zh-Hant")


def test_a_title_followed_by_a_name_leaves_the_body_before_it_alone() -> None:
    names = found("奥林巴斯首席战略官竹内康雄表示，将扩大在华投资。", "zh-Hans")
    assert ("竹内康雄", "PERSON") in names and ("奥林巴斯", "PERSON") not in names


def test_an_abbreviation_in_brackets_names_the_body_before_it_but_a_place_does_not() -> None:
    names = found("九州経済連合会（九経連）の会長と面談した。九経連は協力を表明した。", "ja")
    assert ("九経連", "ORG") in names
    assert ("台湾", "ORG") not in found("国立台湾大学（台湾）と中国医薬大学（台湾）の学生が来日した。", "ja")


@pytest.mark.parametrize(("text", "name"), [
    ("與亞利桑那州政府簽署合作備忘錄。", "亞利桑那州政府"),
    ("无锡高新区招商发展中心主任表示欢迎。", "无锡高新区招商发展中心"),
])
def test_an_organisation_name_runs_through_a_known_place_with_a_stop_character_in_it(text: str, name: str) -> None:
    assert (name, "ORG") in found(text)


@pytest.mark.parametrize(("text", "person"), [
    ("タイ王国ソムキット副首相が福岡県を訪問されました。", "ソムキット"),
    ("在日ドイツ大使館のリムシャ公使にもご出席いただきました。", "リムシャ"),
])
def test_a_katakana_word_unknown_to_the_dictionary_before_a_title_is_a_foreign_person(text: str, person: str) -> None:
    assert (person, "PERSON") in found(text, "ja")


@pytest.mark.parametrize("text", ["プロジェクト部長とトヨタ社長が出席した。", "トリアー市長が来日した。",
                                  "プロジェクトニッポン部長が説明した。"])
def test_a_common_word_a_company_or_a_city_before_a_title_is_no_foreign_person(text: str) -> None:
    assert katakana_titled_names(text, []) == []


def test_a_name_printed_with_a_variant_character_is_read_as_its_common_form() -> None:
    assert ("髙橋正和", "PERSON") in found("ジェトロジャカルタ事務所の髙橋正和所長は、日系企業の経営課題を説明した。", "ja")


def test_a_family_name_before_a_deputy_title_gives_the_title_its_first_character() -> None:
    from pipeline.ner.ja_titles import unit_titles

    text = "(前列左から)山本学長、黃会長、陳副学長"
    names = [text[s.start:s.end] for s in unit_titles(text, []) if s.label == "PERSON"]
    assert "陳" in names and "陳副" not in names


@pytest.mark.parametrize(("text", "name"), [
    ("项目投资方中芯国际集成电路制造有限公司表示将扩产。", "中芯国际集成电路制造有限公司"),
    ("此次中标中国中铁公司的项目。", "中国中铁公司"),  # the country of a known name stays (a listed company)
])
def test_the_party_a_company_is_in_a_deal_is_no_part_of_its_name(text: str, name: str) -> None:
    assert (name, "ORG") in found(text, "zh-Hans")


@pytest.mark.parametrize(("text", "name"), [
    ("日本经济同友会代表干事表示欢迎。", "日本经济同友会"),
    ("亞創無人機創新園區廠商協進會理事長羅正方出席。", "亞創無人機創新園區廠商協進會"),
])
def test_kinds_of_association_end_a_name_and_a_descriptor_leaves_more_than_the_kind(text: str, name: str) -> None:
    assert (name, "ORG") in found(text)


def test_an_acronym_after_the_full_name_in_one_bracket_names_it_and_a_title_does_not() -> None:
    from pipeline.ner.acronyms import acronym_definitions

    text = "拜會亞利桑那州商務廳（Arizona Commerce Authority， ACA）總裁。"
    start = text.index("Arizona")
    full = Span(start, start + len("Arizona Commerce Authority"), "ORG", "latin", "rule")
    assert set(acronym_definitions(text, [full])) == {"ACA"}
    text = "由山田太郎（Acme Holdings， CEO）主講。"
    start = text.index("Acme")
    full = Span(start, start + len("Acme Holdings"), "ORG", "latin", "rule")
    assert acronym_definitions(text, [full]) == {}


def test_a_branch_office_is_an_organisation() -> None:
    assert ("台北駐福岡經濟文化分處", "ORG") in found("台北駐福岡經濟文化分處處長出席。", "zh-Hant")


@pytest.mark.parametrize(("text", "name"), [
    ("台中市政府經濟發展局長張峯源昨日率團前往日本福岡展開市政參訪。", "台中市政府經濟發展局"),
    ("日本山口縣農林水產部長岡本章生率考察團赴嘉義縣。", "山口縣農林水產部"),
])
def test_a_unit_of_a_body_named_before_it_is_one_name_even_when_its_head_s_title_shares_the_suffix(
        text: str, name: str) -> None:
    names = found(text, "zh-Hant")
    assert (name, "ORG") in names and ("展開市", "GPE") not in names


def test_a_title_alone_is_no_unit() -> None:
    assert not any(label == "ORG" for _, label in found("副局長李明出席，該處長表示歡迎。", "zh-Hant"))


@pytest.mark.parametrize("text", ["福岡にはタイ王国の総領事館が開設される予定で、総領事館は天神に置かれる。",
                                  "両大学は協定を締結した。", "兩大學簽署協議。"])
def test_a_kind_of_body_or_a_count_of_them_is_no_name(text: str) -> None:
    assert not any(label == "ORG" for _, label in found(text))


@pytest.mark.parametrize(("text", "name"), [
    ("在インドネシア日本大使館の公使が出席した。", "在インドネシア日本大使館"),
    ("同省女性連合会のチョン議長が来日した。", "女性連合会"),
])
def test_japanese_resident_and_self_reference_prefixes(text: str, name: str) -> None:
    assert (name, "ORG") in found(text, "ja")


@pytest.mark.parametrize("name", ["HASHIMOTO SOGYO(THAILAND)CO.,LTD.", "Showa Rubber (Thailand) Co.,Ltd."])
def test_a_latin_company_name_goes_on_over_a_bracketed_place_and_its_legal_form(name: str) -> None:
    assert (name, "ORG") in found(f"タイに現地法人「{name}」を設立した。", "ja")


@pytest.mark.parametrize(("text", "kept", "not_org"), [
    ("四川省政府副省长出席。", ("四川省政府", "ORG"), "四川省政府副省"),
    ("首爾市西大門區廳長李成憲來訪。", ("西大門區", "GPE"), "首爾市西大門區廳"),
    ("富田電機竹科新廠一期完工。", ("竹科", "LOC"), "富田電機竹科"),
])
def test_a_deputy_s_or_district_head_s_title_and_a_place_s_last_character_make_no_unit(
        text: str, kept: tuple[str, str], not_org: str) -> None:
    names = found(text)
    assert kept in names and (not_org, "ORG") not in names


@pytest.mark.parametrize(("text", "name"), [
    ("发布三款东方电气集团自主研发的产品。", "东方电气集团"),
    ("全球机器人巨头库卡集团宣布在华扩产。", "库卡集团"),
    ("市长率重庆市政府代表团出访。", "重庆市政府"),
])
def test_the_model_start_beats_a_run_over_words_before_the_suffix(text: str, name: str) -> None:
    orgs = {surface for surface, label in found(text, "zh-Hans") if label == "ORG"}
    assert name in orgs and not any(o.endswith(name) and o != name for o in orgs)


def test_a_short_name_defined_after_a_space_names_the_entity_before_it() -> None:
    from pipeline.ner.acronyms import hereafter_definitions
    from pipeline.ner.spans import Span

    text = "徐州工程机械集团有限公司 (以下简称徐工集团)收购施维英。"
    full = Span(0, text.index(" "), "ORG", "orgs", "rule")
    names, not_names = hereafter_definitions(text, [full])
    assert names == {"徐工集团": full} and not not_names


@pytest.mark.parametrize(("text", "name", "not_place"), [
    ("九州半導體數位創新協會會長山口宜洋指出合作順利。", "山口宜洋", "山口"),  # a titled person, not the short place
    ("與台南黃偉哲市長締結交流協定。", "黃偉哲", "黃偉哲市"),  # the model's person is no city
])
def test_a_titled_person_is_not_read_as_a_place(text: str, name: str, not_place: str) -> None:
    got = found(text, "zh-Hant")
    assert (name, "PERSON") in got and (not_place, "GPE") not in got


def test_a_two_character_short_name_read_across_words_is_not_there() -> None:
    got = found("今年日本台商總會會長將接任亞洲台商總會會長一職。", "zh-Hant")
    assert not any(surface == "商總" for surface, _label in got)


@pytest.mark.parametrize(("text", "place"), [("车辆产自其西班牙超级工厂。", "西班牙"), ("該公司在中國工廠生產零件。", "中國")])
def test_a_plant_named_by_its_country_is_no_facility(text: str, place: str) -> None:
    got = found(text)
    assert (place, "GPE") in got and not any(label == "FAC" for _surface, label in got)
    assert ("熊本工場", "FAC") in found("參訪熊本工場。")


@pytest.mark.parametrize(("text", "facility", "places"), [
    ("宣布在上海投资建立新工厂。", None, {"上海"}),  # a clause and a description, no name
    ("在合志市興建新研發大樓", None, {"合志市"}),
    ("参观无锡工厂。", "无锡工厂", set()),  # the city holds a stop character (无)
    ("參訪台中國際會展中心。", "台中國際會展中心", set()),
])
def test_a_facility_name_starts_after_the_clause_that_introduces_it(text: str, facility: str | None,
                                                                   places: set[str]) -> None:
    got = found(text)
    assert {surface for surface, label in got if label == "FAC"} == ({facility} if facility else set())
    assert places <= {surface for surface, label in got if label == "GPE"}


@pytest.mark.parametrize("text", ["吸引金融机构与投资银行进驻。", "將設立技術培訓中心與醫療機構。"])
def test_a_kind_of_body_described_by_common_words_is_no_name(text: str) -> None:
    assert not any(label == "ORG" for _surface, label in found(text))


def test_a_kind_of_body_opened_by_a_name_or_latin_letters_stays() -> None:
    assert ("JXTG能源集团", "ORG") in found("日本JXTG能源集团宣布合作。", "zh-Hans")
    assert ("工業技術研究院", "ORG") in found("與工業技術研究院合作。", "zh-Hant")


def test_a_country_does_not_take_the_character_that_opens_the_next_word() -> None:
    got = found("计划在日本国内共同建设加注站，访问了日本国际贸易促进协会。", "zh-Hans")
    assert ("日本", "GPE") in got and ("日本国", "GPE") not in got


def test_a_country_glued_before_a_katakana_province_and_a_citys_own_form() -> None:
    got = found("ベトナムクアンナム省を訪問し、ソウル特別市の市長と会談した。", "ja")
    assert {("ベトナム", "GPE"), ("クアンナム省", "GPE"), ("ソウル特別市", "GPE")} <= got
    assert ("ベトナムクアンナム省", "GPE") not in got and ("特別市", "GPE") not in got


def test_a_zone_starts_after_the_clause_that_introduces_it() -> None:
    got = found("代表团走进句容经济开发区，传递出开发区的新动能。", "zh-Hans")
    assert ("句容经济开发区", "LOC") in got and not any(surface.endswith("出开发区") for surface, _l in got)


def test_an_ordinary_katakana_word_of_the_postal_organisations_names_no_body() -> None:
    from pipeline.ner.name_dict import common_loanword

    assert common_loanword("グローバル") and not common_loanword("トヨタ")
    assert ("グローバル", "ORG") not in found("グローバルな人材の育成に取り組む。", "ja")

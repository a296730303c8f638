"""Japanese repairs (pipeline/ner/japanese.py) through the whole NER stage on Japanese text:
spaced names, readings, units before titles, organisation chains, self-reference prefixes."""

from __future__ import annotations

from pipeline.ner.ja_names import is_given_name, is_surname, plausible_person
from pipeline.ner.stage import extract_entities


def _by_label(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in extract_entities(text):  # language detected per line, as for a document
        for m in e.mentions:
            out.setdefault(e.label, set()).add(text[m.start:m.end])
    return out


def test_name_dictionary() -> None:
    assert is_surname("川勝") and is_surname("陳") and not is_surname("産業")
    assert is_given_name("一郎") and not is_given_name("機械")
    assert plausible_person("片岡隆一") and plausible_person("梁国新")  # Chinese surname first
    assert not plausible_person("産業機械") and not plausible_person("小児科") and not plausible_person("市内")
    assert plausible_person("リャオ")  # kana is not judged here


def test_form_lines_give_spaced_names_and_readings() -> None:
    text = ("静岡県知事の台湾訪問の概要についてお知らせします。\n(当方)\n静岡県知事 川勝 太郎\n浜松市長 松井 健二\n"
            "静岡県経済産業部長 村田 一郎 ほか計5名\n(相手方)\n総経理 佐野 竜一(さの りゅういち)\n"
            "総統府 秘書長 陳 建仁(ちん けんじん)")
    got = _by_label(text)
    assert {"川勝 太郎", "松井 健二", "村田 一郎", "佐野 竜一", "陳 建仁"} <= got["PERSON"]
    assert {"さの りゅういち", "ちん けんじん"} <= got["PERSON"]
    assert "静岡県経済産業部" in got["ORG"]  # prefecture + department: one ORG
    assert not {"秘書長 陳", "総経理"} & got["PERSON"]


def test_unit_chains_and_units_before_titles() -> None:
    text = ("開会式には、田中太郎国土交通省鉄道局技術企画課長、山本花子環境省水・大気環境局水環境課長らが出席した。\n"
            "本学大学院工学研究科は、国立台湾大学の電機資訊学院と協定を結んでいる。")
    got = _by_label(text)
    assert {"国土交通省鉄道局技術企画課", "環境省水・大気環境局水環境課"} <= got["ORG"]
    assert {"田中太郎", "山本花子"} <= got["PERSON"]
    assert not {"技術企画", "水環境"} & got.get("PERSON", set())  # a unit before 課長 is no person
    assert "大学院工学研究科" in got["ORG"] and "本学大学院工学研究科" not in got["ORG"]
    assert "国立台湾大学の電機資訊学院" not in got["ORG"]


def test_foreign_dignitaries_readings_and_honorifics() -> None:
    text = ("記者会見には団長の林志明・経済部政務次長、中華民国工業協会の王建国・栄誉会長、"
            "張・前副総統が出席した。\n王(ワン)学長と森田学長が協定に署名した。\n"
            "説明は山口一郎氏と佐藤様が行った。")
    got = _by_label(text)
    assert {"林志明", "王建国", "張", "王", "ワン", "森田", "山口一郎", "佐藤"} <= got["PERSON"]
    assert not any("・" in t for t in got.get("ORG", set()))  # 林志明・|経済部: a person, then the ministry


def test_self_government_units_and_country_prefixes() -> None:
    text = ("なお、県大阪事務所は事業を支援している。\n出席者:県商工労働部長、島根大学医学部\n"
            "同協会は昨年、米商務省と覚書を交わした。")
    got = _by_label(text)
    assert {"県大阪事務所", "県商工労働部", "島根大学医学部", "商務省"} <= got["ORG"]
    assert "米商務省" not in got["ORG"] and "米" in got["GPE"]


def test_company_names_contacts_and_events() -> None:
    text = ("(2) 場所\n 台湾大同不動産股份有限公司\n 大同集団 新光奧特萊斯(アウトレット)股份有限公司\n"
            "担当者:佐藤・清水\n今回の商談会は、静岡県産業商談会として開かれた。\n静岡県議会 議員 山本 一郎")
    got = _by_label(text)
    assert {"台湾大同不動産股份有限公司", "新光奧特萊斯(アウトレット)股份有限公司", "静岡県議会"} <= got["ORG"]
    assert "股份有限公司" not in got["ORG"] and "動産股份有限公司" not in got["ORG"]
    assert {"佐藤", "清水", "山本 一郎"} <= got["PERSON"]
    assert "静岡県産業商談会" not in got.get("ORG", set())  # an event, not a unit of the prefecture


def test_spaced_name_before_an_honorific_stops_at_the_name() -> None:
    got = _by_label("会議には松田 健太氏、中川 美咲氏、林 明輝氏（台北市電機公会）が参加した。")
    assert {"松田 健太", "中川 美咲", "林 明輝"} <= got["PERSON"]
    assert not any(t.endswith("氏") for t in got["PERSON"])

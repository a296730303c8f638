"""People records from attendee tables: column roles, unit/title split, names."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document, Person, Source, Table
from pipeline.extract import people, table_text, tables

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE_PDF = SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"


def attendees(header: list[str], rows: list[list[str]]) -> Table:
    t = Table(caption=None, page=1, header=header, rows=rows, pages=[1])
    t.kind = table_text.table_kind(t)
    return t


@pytest.mark.parametrize(
    ("text", "unit", "title"),
    [
        ("經濟政策課 副參事", "經濟政策課", "副參事"),
        ("經濟政策課 國際經濟推進室 主幹兼室長", "經濟政策課國際經濟推進室", "主幹兼室長"),
        ("產業振興課 產業技術班主查", "產業振興課產業技術班", "主查"),
        ("總務企劃部 國際課長", "總務企劃部國際課", "課長"),
        ("產學推動科長", "產學推動科", "科長"),
        ("地域經濟部 製造產業課 課長輔佐", "地域經濟部製造產業課", "課長輔佐"),
        ("副所長", None, "副所長"),
        ("總務企劃部 國際課 總括係", "總務企劃部國際課總括係", None),
        ("Sales Department Director", "Sales Department", "Director"),
        ("某研究所 微機電部門 部門主任", "某研究所微機電部門", "部門主任"),
        ("產業振興局 產業支援課 審議員", "產業振興局產業支援課", "審議員"),
        ("", None, None),
    ],
)
def test_split_unit_title(text: str, unit: str | None, title: str | None) -> None:
    assert people.split_unit_title(text) == (unit, title)


@pytest.mark.parametrize(
    ("text", "org", "unit"),
    [
        ("某某經濟產業局 地域經濟部 情報政策課", "某某經濟產業局", "地域經濟部情報政策課"),
        ("Fraunhofer IPMS 所長室", "Fraunhofer IPMS", "所長室"),
        ("經濟部工業局電資組", "經濟部工業局電資組", "經濟部工業局電資組"),
        ("Acme Corp.", "Acme Corp.", "Acme Corp."),
        ("", None, None),
    ],
)
def test_split_org(text: str, org: str | None, unit: str | None) -> None:
    assert people.split_org(text) == (org, unit)


def test_combined_column_only() -> None:
    t = attendees(["序號", "所屬與職稱", "姓名"], [["1", "某縣商工部 產業振興局 產業支援課 課長", "原田 直子"]])
    (p,) = people.people_from_table(t, 0)
    assert (p.name, p.title, p.unit, p.org) == ("原田直子", "課長", "產業振興局產業支援課", "某縣商工部")


def test_combined_column_and_org_rule() -> None:
    t = attendees(
        ["", "單位", "所屬與職稱", "姓名"],
        [["1", "某某縣 商工勞動部", "經濟政策課 副參事", "山田 太郎"], ["2", "", "產業振興課 副課長", "佐藤花子"]],
    )
    assert t.kind == "attendees"
    got = people.people_from_table(t, 3)
    assert got[0] == Person(name="山田太郎", title="副參事", unit="經濟政策課", org="某某縣商工勞動部", source_table=3)
    # An empty unit cell under a named row is a merged cell: it inherits the org above.
    assert got[1].org == "某某縣商工勞動部" and got[1].unit == "產業振興課" and got[1].title == "副課長"


def test_separate_columns_any_order_and_role_column_ignored() -> None:
    t = attendees(["職稱", "姓名", "任務分工", "單位"], [["科長", "王 小明", "團長", "經濟部工業局電資組"]])
    assert people.people_from_table(t, 0) == [
        Person(name="王小明", title="科長", unit="經濟部工業局電資組", org="經濟部工業局電資組", source_table=0)
    ]


def test_japanese_header() -> None:
    t = attendees(["番号", "氏名", "所属", "役職"], [["1", "鈴木 一郎", "経済産業局 国際課", "課長補佐"]])
    assert t.kind == "attendees"
    (p,) = people.people_from_table(t, 1)
    # One printed unit path: its first part is the organisation.
    assert (p.name, p.title, p.unit, p.org) == ("鈴木一郎", "課長補佐", "国際課", "経済産業局")


def test_two_unit_columns_give_org_and_unit() -> None:
    t = attendees(["機關", "所屬", "職稱", "姓名"], [["國立某大學", "電機系", "教授", "林大同"]])
    (p,) = people.people_from_table(t, 0)
    assert (p.org, p.unit, p.title) == ("國立某大學", "電機系", "教授")


def test_latin_names_kept_and_bad_rows_skipped() -> None:
    t = attendees(
        ["Name", "Title", "Organization"],
        [["John  Smith", "Director", "Acme Corp."], ["", "Manager", "Acme Corp."], ["Name", "Title", "Org"]],
    )
    assert [(p.name, p.title, p.unit) for p in people.people_from_table(t, 0)] == [
        ("John Smith", "Director", "Acme Corp.")
    ]


def test_several_names_in_one_cell() -> None:
    t = attendees(["單位", "姓名"], [["某某公司", "王小明、李大華"]])
    assert [p.name for p in people.people_from_table(t, 0)] == ["王小明", "李大華"]


def test_no_name_column_gives_nobody() -> None:
    t = attendees(["日期", "上午", "下午"], [["9/17", "移動", "拜會"]])
    assert t.kind == "schedule" and people.people_from_table(t, 0) == []


def test_annotate_uses_attendee_tables_in_order() -> None:
    doc = Document(id="t", source=Source(filename="t.pdf", sha256="", size=0))
    doc.tables = [
        attendees(["日期", "行程"], [["9/17", "去程"]]),
        attendees(["姓名", "職稱"], [["王小明", "科長"]]),
        attendees(["單位", "所屬與職稱", "姓名"], [["某局", "國際課 課長", "李大華"]]),
    ]
    people.annotate(doc)
    assert [(p.name, p.source_table) for p in doc.people] == [("王小明", 1), ("李大華", 2)]


@pytest.fixture(scope="module")
def reference_people() -> list[Person]:
    if not REFERENCE_PDF.exists():
        pytest.skip("../shared reference PDF not available")
    from pipeline.backends import pdf
    raw = pdf.PdfBackend().load(REFERENCE_PDF.read_bytes(), REFERENCE_PDF.name)
    doc = Document(id="ref", source=Source(filename=REFERENCE_PDF.name, sha256="", size=0))
    tables.annotate(doc, raw)
    return doc.people


def test_reference_people(reference_people: list[Person]) -> None:
    assert len(reference_people) == 20
    by_name = {p.name: p for p in reference_people}
    assert by_name["鄒宗勳"] == Person("鄒宗勳", "科長", "經濟部工業局電資組", "經濟部工業局電資組", 0)
    assert by_name["石井克明"] == Person("石井克明", "副參事", "經濟政策課", "千葉縣商工勞動部", 2)
    assert by_name["篠崎慎一"].title == "主幹兼室長"
    assert by_name["渡部修"].title == "副所長"
    assert by_name["高坂英利"] == Person("高坂英利", "課長", "地域經濟部製造產業課", "東北經產局", 4)
    assert by_name["三浦純也"].org == "宮城縣經濟商工觀光部" and by_name["三浦純也"].title == "主事"

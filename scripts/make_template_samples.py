#!/usr/bin/env python3
"""Build the template-variant samples in ``corpora/templates/`` (PDF + golden JSON).

Each sample is one fictional 出國報告 set in another archive template: a cover
that shares its page with the 摘要, tables of contents without dot leaders
(numbers flush right, in a tab column, after spaces; over two pages; wrapped
entries), the older 行政院及所屬各機關出國報告提要 form (ruled table or plain
lines, before or after the cover), and other heading numbering (第一章/第一節,
第1章, 1./1.1/1.1.1, 一、 alone, 附錄/附件).  The golden files are written from
the same source data, never from the pipeline's output.

Needs the Debian package fonts-arphic-uming (AR PL UMing TW, embedded).
Usage: ``python scripts/make_template_samples.py [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from template_flow import Flow
from template_reports import REPORTS, Report

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "corpora" / "templates"
TIYAO_TITLE = "行政院及所屬各機關出國報告提要"
CATEGORIES = ["考察", "進修", "研究", "實習", "其他"]


# ----------------------------------------------------------------- front matter
def _cover_head(f: Flow, r: Report, outer: float, inner: float) -> None:
    """出國報告（出國類別：…） and the title lines, centred: ``outer`` above and below, ``inner`` between."""
    f.gap(outer)
    f.line(f"出國報告（出國類別：{r.category}）", 16, "center")
    f.gap(inner)
    for part in r.title_lines:
        f.line(part, 18, "center")
    f.gap(outer)


def cover(f: Flow, r: Report, style: str) -> None:
    """The current cover: 出國報告（出國類別：…）, title, labelled fields, date line."""
    _cover_head(f, r, 40, 30)
    people = [f"{p[2]}{p[0]}{p[3]}" for p in r.people]
    fields = [("服務機關", r.agency), ("姓名職稱", people[0])]
    fields += [("", p) for p in people[1:]]
    fields += [("派赴國家/地區", r.destination), ("出國期間", r.period_text), ("報告日期", r.report_date_text)]
    for label, value in fields:
        if style == "colon":
            f.line(f"{label}：{value}" if label else f"　　　　　{value}", 13, x=f.left + 60)
        else:  # label column, value column (no colon)
            if label:
                f.line(label, 13, x=f.left + 40)
            else:
                f.gap(13 * 1.7)
            f.c.setFont("UMingTW", 13)
            f.c.drawString(f.left + 170, f.y, value)


def cover_table(f: Flow, r: Report) -> None:
    """The current cover with its fields in a ruled table (label cell, value cell, no
    colons) and the report date printed under it."""
    _cover_head(f, r, 30, 20)
    people = "、".join(f"{p[2]}{p[0]}{p[3]}" for p in r.people)
    rows = [["服務機關", r.agency], ["姓名職稱", people], ["派赴國家/地區", r.destination],
            ["出國期間", r.period_text]]
    f.table(rows, [1.2, 3.8], 12)
    f.gap(40)
    f.line(f"中華民國{r.report_date_text}", 14, "center")


def tiyao_table(f: Flow, r: Report, cells: bool = False, tick: str = "■") -> None:
    """The 提要 form as a ruled table: ``label：value`` in one cell, or (``cells``) a
    label cell and a value cell."""
    f.line(TIYAO_TITLE, 15, "center")
    f.gap(8)
    boxes = "".join((tick if c == r.category else "□") + f"{i}{c}" for i, c in enumerate(CATEGORIES, 1))
    title = "".join(r.title_lines)
    if cells:
        rows = [["出國報告名稱", title], ["頁數", f"{r.pages}　含附件：□是■否"],
                ["出國計畫主辦機關", r.agency], ["聯絡人", r.contact[0]], ["電話", r.contact[1]],
                ["出國人員姓名/服務機關/單位/職稱/電話"], ["姓名", "服務機關", "單位", "職稱", "電話"]]
    else:
        rows = [["出國報告名稱：" + title, ""], [f"頁數 {r.pages} 含附件：□是■否", ""],
                ["出國計畫主辦機關/聯絡人/電話", f"{r.agency}/{r.contact[0]}/{r.contact[1]}"],
                ["出國人員姓名/服務機關/單位/職稱/電話", ""]]
    for name, org, unit, title_, phone in r.people:
        rows.append([name, org, unit, title_, phone])
    if cells:
        rows += [["出國類別", boxes], ["出國期間", r.period_text], ["出國地區", r.destination],
                 ["報告日期", r.report_date_text], ["分類號/目", "H0/綜合（經濟）"],
                 ["關鍵詞", "、".join(r.keywords)], ["內容摘要", r.abstract[0]]]
    else:
        rows += [["出國類別：" + boxes, ""],
                 [f"出國期間：{r.period_text}", f"出國地區：{r.destination}"],
                 [f"報告日期：{r.report_date_text}", ""], ["分類號/目", "H0/綜合（經濟）"],
                 ["關鍵詞：" + "、".join(r.keywords), ""], ["內容摘要：" + r.abstract[0], ""]]
    spans: dict[tuple[int, int], int] = {}
    for k, row in enumerate(rows):
        if len(row) == 2 and row[1] == "" or len(row) == 1:
            rows[k] = [row[0]]
            spans[(k, 0)] = 5
        elif len(row) == 2:
            spans[(k, 0)], spans[(k, 2)] = 2, 3
    f.table(rows, [1, 1, 1.4, 0.8, 1.3], 10.5, spans)


def tiyao_lines(f: Flow, r: Report) -> None:
    """The 提要 form as plain labelled lines (a retyped or exported form)."""
    f.line(TIYAO_TITLE, 15, "center")
    f.gap(8)
    ticks = "".join(("ˇ" if c == r.category else "□") + f"{i}{c}　" for i, c in enumerate(CATEGORIES, 1))
    lines = [
        "出國報告名稱：" + "".join(r.title_lines),
        f"頁數：{r.pages}　含附件：■是□否",
        f"出國計畫主辦機關/聯絡人/電話：{r.agency}/{r.contact[0]}/{r.contact[1]}",
        "出國人員姓名/服務機關/單位/職稱/電話：",
    ]
    lines += ["/".join(p) for p in r.people]
    lines += [
        "出國類別：" + ticks.strip(),
        f"出國期間：{r.period_text}",
        f"出國地區：{r.destination}",
        f"報告日期：{r.report_date_text}",
        "分類號/目：H0/綜合（經濟）",
        "關鍵詞：" + "、".join(r.keywords),
    ]
    for ln in lines:
        f.line(ln, 12, x=f.left)
    f.para("內容摘要：" + r.abstract[0], 12, indent_chars=0)


def abstract(f: Flow, r: Report) -> None:
    f.gap(10)
    f.line("摘要", 16, "center")
    for p in r.abstract:
        f.para(p)


def toc(f: Flow, r: Report, style: str, pages: dict[str, int], lists: bool = True) -> None:
    f.gap(10)
    f.line(r.toc_heading, 16, "center")
    for level, title in r.headings():
        f.toc_entry(title, pages.get(title, 1), style, 12, indent=24 * (level - 1))
    if lists and r.tables:
        f.gap(10)
        f.line("表目錄", 16, "center")
        for t in r.tables:
            f.toc_entry(t.caption, pages.get(t.caption, 1), style)


# ----------------------------------------------------------------- body
def body(f: Flow, r: Report) -> None:
    for block in r.body:
        kind = block[0]
        if kind == "h":
            f.heading(block[2], {1: 15, 2: 13.5}.get(block[1], 12.5))
        elif kind == "p":
            f.para(block[1])
        elif kind == "t":
            t = r.tables[block[1]]
            f.need(60)
            f.line(t.caption, 11.5, "center")
            if f.printed is not None:
                f.headings.setdefault(t.caption, f.printed)
            f.table([t.header] + t.rows, t.widths, 10.5)
        elif kind == "page":
            f.new_page()


def render(r: Report, pages: dict[str, int]) -> tuple[bytes, dict[str, int]]:
    f = Flow(footer=r.footer)
    layout = r.layout
    if layout == "shared":  # cover + 摘要 on page 1, 目次 right after (no page breaks)
        cover(f, r, "colon")
        abstract(f, r)
        toc(f, r, "right", pages)
        f.gap(20)
        f.printed = 1  # the body starts on the page the 目次 ends on
        body(f, r)
        return f.save(), f.headings
    elif layout == "two-page-toc":
        cover(f, r, "columns")
        f.new_page()
        toc(f, r, "tab", pages)
    elif layout == "tiyao-table-first":
        tiyao_table(f, r)
        f.new_page()
        cover(f, r, "colon")
        f.new_page()
        toc(f, r, "spaces", pages, lists=False)
    elif layout == "cover-table":  # cover fields in a ruled table
        cover_table(f, r)
        f.new_page()
        abstract(f, r)
        toc(f, r, "right", pages, lists=False)
    elif layout == "tiyao-only":  # the 提要 is the only front page
        tiyao_table(f, r, cells=True, tick="V")
    elif layout == "tiyao-lines-after-cover":
        cover(f, r, "colon")
        f.new_page()
        tiyao_lines(f, r)
        f.new_page()
        abstract(f, r)
        toc(f, r, "leaders", pages)
    f.new_page(numbered=True)
    body(f, r)
    return f.save(), f.headings


def build(r: Report, out: Path) -> None:
    _, pages = render(r, {})
    data, pages2 = render(r, pages)
    assert pages == pages2, f"{r.name}: TOC page numbers did not settle"
    (out / f"{r.name}.pdf").write_bytes(data)
    golden = r.golden(pages)
    (out / f"{r.name}.expected.json").write_text(
        json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{r.name}.pdf  {len(data):,} bytes")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for r in REPORTS:
        build(r, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

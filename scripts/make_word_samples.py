#!/usr/bin/env python3
"""Build the Word samples in ``corpora/templates/`` with python-docx (and LibreOffice).

* ``word-heading-styles.docx``: cover paragraphs, a page break, 摘要, a typed
  目錄 (title, tab, page number), headings that are only Word heading styles (no
  number in the text), Word tables.
* ``word-autonumber-tiyao.docx``: the 提要 form as a Word table, then the cover,
  then chapters numbered by Word itself (``第%1章`` and ``%2、`` list levels in
  numbering.xml: the numbers are not in the paragraph text).
* with LibreOffice installed, the second one is also saved as ``.odt``, ``.doc``
  and PDF, the first one as PDF (``soffice --convert-to``): the same reports
  through the converter and through the PDF backend.

Golden files come from the source data in ``template_reports.py``.
Usage: ``python scripts/make_word_samples.py [--out DIR]``
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from template_reports import Report, SampleTable, _h

OUT = Path(__file__).resolve().parents[1] / "corpora" / "templates"
CATEGORIES = ["考察", "進修", "研究", "實習", "其他"]


def _page_break(d: docx.Document) -> None:
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cover(d: docx.Document, r: Report) -> None:
    p = d.add_paragraph(f"出國報告（出國類別：{r.category}）")
    p.runs[0].font.size = Pt(16)
    t = d.add_paragraph("".join(r.title_lines))
    t.runs[0].font.size = Pt(18)
    people = [f"{p[2]}{p[0]}{p[3]}" for p in r.people]
    d.add_paragraph(f"服務機關：{r.agency}")
    d.add_paragraph("姓名職稱：" + "、".join(people))
    d.add_paragraph(f"派赴國家/地區：{r.destination}")
    d.add_paragraph(f"出國期間：{r.period_text}")
    d.add_paragraph(f"報告日期：{r.report_date_text}")


def _tiyao(d: docx.Document, r: Report) -> None:
    d.add_paragraph("行政院及所屬各機關出國報告提要").runs[0].font.size = Pt(15)
    boxes = "".join(("☑" if c == r.category else "□") + f"{i}{c}" for i, c in enumerate(CATEGORIES, 1))
    rows = [("出國報告名稱", "".join(r.title_lines)), ("頁數", f"{r.pages}　含附件：□是■否"),
            ("出國計畫主辦機關/聯絡人/電話", f"{r.agency}/{r.contact[0]}/{r.contact[1]}"),
            ("出國人員姓名/服務機關/單位/職稱/電話", "")]
    rows += [tuple(p) for p in r.people]
    rows += [("出國類別", boxes), ("出國期間", r.period_text), ("出國地區", r.destination),
             ("報告日期", r.report_date_text), ("分類號/目", "H0/綜合（經濟）"),
             ("關鍵詞", "、".join(r.keywords)), ("內容摘要", r.abstract[0])]
    table = d.add_table(rows=len(rows), cols=5)
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        cells = table.rows[i].cells
        if len(row) == 5:
            for c, text in zip(cells, row):
                c.text = text
            continue
        label = cells[0].merge(cells[1]) if row[1] else cells[0].merge(cells[4])
        label.text = row[0]
        if row[1]:
            value = cells[2].merge(cells[4])
            value.text = row[1]


def _autonumber(d: docx.Document) -> str:
    """A list definition 第%1章 / %2、 (Word prints the numbers) bound to Heading 1/2."""
    numbering = d.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="第%1章 "/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="taiwaneseCountingThousand"/>'
        '<w:lvlText w:val="%2、"/><w:lvlJc w:val="left"/></w:lvl>'
        "</w:abstractNum>")
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, style in ((0, "Heading 1"), (1, "Heading 2")):
        ppr = d.styles[style].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    return "90"


def _table(d: docx.Document, t: SampleTable) -> None:
    d.add_paragraph(t.caption)
    table = d.add_table(rows=1 + len(t.rows), cols=len(t.header))
    table.style = "Table Grid"
    for i, row in enumerate([t.header] + t.rows):
        for cell, text in zip(table.rows[i].cells, row):
            cell.text = text


def _body(d: docx.Document, r: Report, numbered_by_word: bool) -> None:
    for block in r.body:
        if block[0] == "h":
            text = block[4] if numbered_by_word or not block[3] else block[2]
            d.add_heading(text, level=block[1])
        elif block[0] == "p":
            d.add_paragraph(block[1])
        elif block[0] == "t":
            _table(d, r.tables[block[1]])
        elif block[0] == "page":
            _page_break(d)


def build_docx(r: Report, word_numbers: bool) -> bytes:
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(12)
    if r.layout == "word-tiyao":
        _tiyao(d, r)
        _page_break(d)
    _cover(d, r)
    _page_break(d)
    if r.layout == "word-styles":
        d.add_heading("摘要", level=1)
        for p in r.abstract:
            d.add_paragraph(p)
        _page_break(d)
        d.add_paragraph("目錄")  # typed by hand: title, a tab, the page number
        for title, page in word_toc(r):
            d.add_paragraph(f"{title}\t{page}")
        _page_break(d)
    if word_numbers:
        _autonumber(d)
    _body(d, r, word_numbers)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def word_toc(r: Report) -> list[tuple[str, int]]:
    """The typed 目錄 of the heading-styles sample: every heading with a page number."""
    return [(title, 1 if i < 3 else 2) for i, (_, title) in enumerate(r.headings())]


def convert(data: bytes, fmt: str) -> bytes | None:
    """The .docx converted by LibreOffice to ``fmt`` (odt, pdf), None without LibreOffice."""
    exe = shutil.which("soffice")
    if not exe:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.docx"
        src.write_bytes(data)
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to", fmt,
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        return (Path(tmp) / f"in.{fmt}").read_bytes()


STYLES = Report(
    name="word-heading-styles", layout="word-styles", category="考察",
    title_lines=["赴荷蘭考察智慧農業溫室技術及農業科技園區"],
    agency="農業部農業試驗所",
    people=[("邱俊傑", "農業部農業試驗所", "作物組", "研究員", ""),
            ("江佩珊", "農業部農業試驗所", "農業工程組", "助理研究員", "")],
    destination="荷蘭瓦赫寧根、台夫特", countries=["荷蘭"], places=["瓦赫寧根", "台夫特"],
    period_text="112年9月11日至112年9月17日", period=("2023-09-11", "2023-09-17"),
    report_date_text="112年11月20日", report_date="2023-11-20",
    abstract=["本次赴荷蘭考察智慧溫室環境控制、作物生長模型與農業科技園區之產學合作，"
              "拜會瓦赫寧根大學及研究中心與溫室設備業者，作為我國設施農業升級之參考。"],
    body=[
        ("h", 1, "目的", "", "目的"),
        ("p", "我國設施農業面臨極端氣候與人力老化之挑戰，荷蘭溫室產業以高度自動化與數據管理著稱，本次考察旨在瞭解其技術與推廣體系。"),
        ("h", 1, "考察過程", "", "考察過程"),
        ("h", 2, "瓦赫寧根大學及研究中心", "", "瓦赫寧根大學及研究中心"),
        ("p", "9月12日拜會瓦赫寧根大學溫室園藝研究團隊，說明其以作物生長模型調控光照與二氧化碳濃度之研究成果。"),
        ("t", 0),
        ("h", 2, "台夫特溫室設備業者", "", "台夫特溫室設備業者"),
        ("p", "9月14日參訪台夫特地區溫室設備業者，展示自動採收機器人與環境感測網路之整合應用。"),
        ("h", 1, "心得與建議", "", "心得與建議"),
        ("p", "建議推動溫室環境數據標準化，並與荷方研究機構合作開設智慧溫室人才培訓課程。"),
    ],
    tables=[SampleTable("表1：瓦赫寧根研究中心座談出席人員", ["姓名", "職稱", "單位"],
                        [["Dr. Jan de Vries", "教授", "Greenhouse Horticulture"],
                         ["Dr. Eva Jansen", "研究員", "Plant Sciences Group"]],
                        [1, 1, 1], "attendees", ["Dr. Jan de Vries", "Dr. Eva Jansen"])],
)

AUTONUM = Report(
    name="word-autonumber-tiyao", layout="word-tiyao", category="進修",
    title_lines=["赴新加坡進修公共住宅智慧管理及社區營造實務"],
    agency="內政部國土管理署",
    people=[("廖振宇", "內政部國土管理署", "住宅發展組", "技正", "(02)8771-2301")],
    destination="新加坡", countries=["新加坡"], places=[],
    period_text="113年3月4日至113年3月29日", period=("2024-03-04", "2024-03-29"),
    report_date_text="113年5月31日", report_date="2024-05-31",
    abstract=["本次赴新加坡建屋發展局進修四週，研習組屋智慧管理平台、社區營造與高齡友善住宅設計，"
              "並實地參訪榜鵝數位區與淡濱尼社區中心。"],
    keywords=["公共住宅", "智慧管理", "社區營造"], contact=("簡宜蓁", "(02)8771-2300"), pages=15,
    has_tiyao=True,
    body=[
        _h(1, "第1章 前言"),
        ("p", "新加坡公共住宅涵蓋八成人口，其管理制度與社區營造經驗可供我國社會住宅政策參考。"),
        _h(1, "第2章 進修內容"),
        _h(2, "一、組屋智慧管理平台"),
        ("p", "建屋發展局以感測器監測電梯、照明與用水，維修需求由平台自動派工，縮短住戶等待時間。"),
        _h(2, "二、社區營造與高齡友善設計"),
        ("p", "淡濱尼社區中心結合圖書館、運動設施與長者照護服務，設計上強調無障礙動線與跨世代交流空間。"),
        _h(1, "第3章 心得與建議"),
        ("p", "建議我國社會住宅導入設備監測與派工整合平台，並於規劃階段即納入社區公共服務設施。"),
    ],
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for r, word_numbers in ((STYLES, False), (AUTONUM, True)):
        data = build_docx(r, word_numbers)
        files = [f"{r.name}.docx"]
        (args.out / files[0]).write_bytes(data)
        for fmt in ("odt", "doc", "pdf") if r is AUTONUM else ("pdf",):
            if (converted := convert(data, fmt)) is not None:
                (args.out / f"{r.name}.{fmt}").write_bytes(converted)
                files.append(f"{r.name}.{fmt}")
        golden = r.golden({})
        golden.update(file=files[0], files=files,
                      toc=[[t, str(p)] for t, p in word_toc(r)] if r is STYLES else [])
        golden.pop("body_contains")
        golden["body_contains"] = [next(b[1] for b in r.body if b[0] == "p")[:25]]
        (args.out / f"{r.name}.expected.json").write_text(
            json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(", ".join(files))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What a table's text says: cell text, caption lines and their numbers, column
labels and header rows, and the kind of table (attendees, schedule, other).

Pure functions of strings, used by the tables stage (:mod:`pipeline.extract.tables`).
"""

from __future__ import annotations

import re

from pipeline.document import Table
from pipeline.extract import people
from pipeline.text.chars import is_cjk
from pipeline.text.clean import join_pair
from pipeline.text.marks import TOC_ENTRY_END_RE

# "表 3：…", "表3 …", "表一、…", "表 3-1 …", "Table 2. …"; a separator or a space
# must follow the number so that prose such as "表1顯示…" is not a caption.
CAPTION_RE = re.compile(
    r"^\s*(?:表\s*(?P<zh>[0-9０-９一二三四五六七八九十百]+(?:\s*[-－.]\s*[0-9０-９]+)?)"
    r"|Table\s+(?P<en>[0-9]+(?:[-.][0-9]+)?))"
    r"\s*(?:[：:、.．]\s*|\s+|$)(?P<title>.*)$",
    re.IGNORECASE,
)
_MAX_CAPTION_LEN = 80

# Words that make a cell a column label.  General vocabulary of Chinese and
# Japanese tables, not words of any one report.
HEADER_WORDS = (
    "單位", "单位", "姓名", "名前", "氏名", "職稱", "职称", "職位", "役職", "職務", "職級",
    "所屬", "所属", "部署", "部門", "機關", "機構", "公司", "會社", "会社", "組織",
    "任務", "分工", "時間", "時刻", "日期", "日時", "日付", "月日", "日程", "地點", "場所",
    "上午", "下午", "午前", "午後", "晚上", "備註", "備考", "項目", "內容", "内容",
    "說明", "名稱", "編號", "序號", "項次", "行程", "主題", "議題", "數量", "金額",
    "單價", "合計", "小計", "年度", "國家", "國別", "城市", "電話", "對象", "人數", "題目", "規格",
    # Japanese form labels (a cover form set as a table: label after label down the rows)
    "職名", "派遣国", "派遣先", "研修期間", "研修機関", "受入機関", "専門分野", "報告日",
    "name", "title", "unit", "organization", "organisation", "department", "position",
    "date", "time", "place", "venue", "item", "remark", "note", "no.", "topic", "agenda",
)
_ROWNUM_HEADER = re.compile(r"^(?:no\.?|#|序|序號|編號|項次|番号|番號|項)$", re.IGNORECASE)
_MAX_LABEL_LEN = 10
NAME_WORDS = ("姓名", "名前", "氏名", "name")
SCHEDULE_WORDS = ("日期", "時間", "上午", "下午", "午前", "午後", "行程", "日程", "日時", "date", "time")


def join_cell_lines(left: str, right: str) -> str:
    """Join two wrapped lines of one cell (see :func:`pipeline.text.clean.join_pair`).

    Unlike running text, a wrap between a CJK character and a Latin word in a
    narrow cell is almost always where the printed space was ("福島縣 /
    Technology Centre"), so that boundary gets a space.
    """
    left, right = left.rstrip(), right.lstrip()
    if left and right and (
        (is_cjk(left[-1]) and right[0].isascii() and right[0].isalpha())
        or (left[-1].isascii() and left[-1].isalpha() and is_cjk(right[0]))
    ):
        return left + " " + right
    return join_pair(left, right)


def clean_cell(cell: str | None) -> str:
    """A cell's text on one line: wrapped lines joined CJK-aware, None -> ''."""
    if not cell:
        return ""
    out = ""
    for part in cell.split("\n"):
        if part.strip():
            out = join_cell_lines(out, part) if out else part.strip()
    return out.strip()


def caption_match(text: str) -> re.Match[str] | None:
    """The caption regex match for a line that is a table caption, else None."""
    text = text.strip()
    if not text or len(text) > _MAX_CAPTION_LEN or TOC_ENTRY_END_RE.search(text):
        return None
    if text.endswith("。"):  # a sentence that happens to start with 表
        return None
    return CAPTION_RE.match(text)


def caption_number(caption: str | None) -> str | None:
    """The table number of a caption ("表 3：…" -> "3"), None if there is none."""
    m = caption_match(caption or "")
    if not m:
        return None
    return re.sub(r"\s+", "", m.group("zh") or m.group("en") or "") or None


def is_label(cell: str) -> bool:
    """Whether a header cell text looks like a column label."""
    c = cell.strip().lower()
    if not c or len(c) > _MAX_LABEL_LEN:
        return False
    return bool(_ROWNUM_HEADER.match(c)) or any(w in c for w in HEADER_WORDS)


def is_header_row(row: list[str]) -> bool:
    """A row whose non-empty cells are (mostly) column labels."""
    cells = [c for c in row if c.strip()]
    if not cells:
        return False
    labels = sum(is_label(c) for c in cells)
    return labels >= 1 and labels * 2 >= len(cells) + (1 if len(cells) > 2 else 0)


def table_kind(table: Table) -> str:
    """``attendees`` (a name or unit-and-title column), ``schedule`` or ``table``."""
    head = [h.lower() for h in table.header]
    if any(any(w in h for w in NAME_WORDS) for h in head) or any(people.is_combined_header(h) for h in head):
        return "attendees"
    if any(any(w in h for w in SCHEDULE_WORDS) for h in head):
        return "schedule"
    if table.caption and re.search(r"行程|日程|schedule|itinerary", table.caption, re.IGNORECASE):
        return "schedule"
    return "table"

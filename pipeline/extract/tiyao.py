"""The older standard front page: 行政院及所屬各機關出國報告提要.

For years reports opened (or closed their front matter) with this form instead
of, or besides, the current cover: 出國報告名稱; 頁數 and 含附件 (□是 □否);
出國計畫主辦機關 / 聯絡人 / 電話; one row per traveller (姓名 / 服務機關 / 單位 /
職稱 / 電話); 出國類別 as check boxes (□1考察 □2進修 □3研究 □4實習 □5其他, the
ticked one printed ■ ☑ ˇ V or X); 出國期間; 出國地區; 報告日期; 分類號/目;
關鍵詞; 內容摘要.

The form is a ruled table (then the tables stage has already extracted it) or
plain labelled lines.  :func:`find_form` locates it among the first pages and
turns it into rows of cells; :func:`parse_form` reads the fields into a
:class:`~pipeline.document.Metadata`, the cover stage merges them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.document import Contact, Document, Metadata, Page, Person
from pipeline.extract.cover import TITLES, FormLabels, fill_trip, is_field_line
from pipeline.extract.front import drop_table, inline_cover_tables, mark_cover

FORM_TITLE_RE = re.compile(r"出\s*國\s*報\s*告\s*提\s*要")
# Canonical field -> spellings (longest first wins where they overlap).
FORM_LABELS: dict[str, tuple[str, ...]] = {
    "報告名稱": ("出國報告名稱", "報告名稱"),
    "頁數": ("頁數",),
    "含附件": ("含附件",),
    "主辦機關": ("出國計畫主辦機關/聯絡人/電話", "出國計畫主辦機關", "計畫主辦機關", "主辦機關"),
    "聯絡人": ("聯絡人",),
    "電話": ("電話",),
    "出國人員": ("出國人員姓名/服務機關/單位/職稱/電話", "出國人員姓名", "出國人姓名", "出國人員"),
    "出國類別": ("出國類別",),
    "出國期間": ("出國期間",),
    "出國地區": ("出國地區", "派赴國家/地區", "派赴國家"),
    "報告日期": ("報告日期",),
    "分類號": ("分類號/目", "分類號"),
    "關鍵詞": ("關鍵詞", "關鍵字"),
    "內容摘要": ("內容摘要",),
}
# Fields only the 提要 has: two of them (or the form's title) make a block a 提要.
FORM_ONLY = {"報告名稱", "主辦機關", "出國人員", "出國地區", "分類號", "關鍵詞", "內容摘要", "含附件"}
MIN_FORM_LABELS = 3
MAX_FORM_PAGE = 4
CATEGORIES = ("考察", "進修", "研究", "實習", "其他")
TICKS = "■☑☒✓✔ˇVvXx●◼▇"
# The mark before the number (■1考察) or between number and label (1.■考察).
_CHECKBOX_RE = re.compile(
    rf"(?P<mark>[□☐{TICKS}]*)\s*(?P<num>[1-5１-５])?\s*[.、．]?\s*(?P<mark2>[□☐{TICKS}]*)\s*"
    rf"(?P<label>{'|'.join(CATEGORIES)})")
_PHONE_RE = re.compile(r"^[(（]?\d[\d\s()（）\-#轉ext.]{5,}$")
_TRAVELLER_HEADER = {"姓名", "服務機關", "單位", "職稱", "電話", "服務單位"}
_SPLIT_SLASH = re.compile(r"\s*[/／]\s*")


@dataclass
class Form:
    """A 提要 found in a document: its rows of cells and where it was."""

    rows: list[list[str]]
    page: int
    table: int | None = None  # index into Document.tables when it was a ruled table
    fields: dict[str, str] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)
    travellers: list[list[str]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _form_labels() -> FormLabels:
    return FormLabels(FORM_LABELS)


def labels_in(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical, printed) of form labels in a cell or line."""
    return _form_labels().find(text, anywhere=True)


def _is_form(rows: list[list[str]]) -> bool:
    text = "\n".join(c for row in rows for c in row)
    found = {lab[2] for row in rows for c in row for lab in labels_in(c)}
    return bool(FORM_TITLE_RE.search(text) and found) or (
        len(found) >= MIN_FORM_LABELS and len(found & FORM_ONLY) >= 2)


def find_form(doc: Document) -> Form | None:
    """The 提要 among the first pages: a ruled table, else a block of page lines."""
    for i, table in enumerate(doc.tables):
        rows = [table.header] + table.rows if table.header else list(table.rows)
        if table.page <= MAX_FORM_PAGE and _is_form(rows):
            return Form(rows=rows, page=table.page, table=i)
    for page in doc.pages[:MAX_FORM_PAGE]:
        for text in page.blocks_of("body") + page.blocks_of("cover"):
            rows = [[ln] for ln in text.splitlines() if ln.strip()]
            if _is_form(rows):
                return Form(rows=rows, page=page.number)
    return None


def read_rows(form: Form) -> None:
    """Fill ``form.fields`` / ``printed`` / ``travellers`` from its rows of cells."""
    current: str | None = None
    for row in form.rows:
        cells = [c.strip() for c in row if c and c.strip()]
        if not cells or FORM_TITLE_RE.search("".join(cells)) and len("".join(cells)) < 20:
            continue
        words = {w for c in cells for w in _SPLIT_SLASH.split(c) for w in w.split()}
        if words and words <= _TRAVELLER_HEADER:
            continue  # the travellers' column header row
        labelled = [(c, labels_in(c)) for c in cells]
        if not any(labs for _, labs in labelled):
            if current == "出國人員":
                person = _SPLIT_SLASH.split(cells[0]) if len(cells) == 1 else cells
                form.travellers.append(person)
            elif current:
                form.fields[current] = _join(form.fields.get(current, ""), " ".join(cells))
            continue
        for cell, labs in labelled:
            if not labs:  # the value cell right of a label cell
                if current:
                    form.fields[current] = _join(form.fields.get(current, ""), cell)
                continue
            for k, (_, end, canon, printed) in enumerate(labs):
                stop = labs[k + 1][0] if k + 1 < len(labs) else len(cell)
                form.fields.setdefault(canon, cell[end:stop].strip().strip(":：").strip())
                form.printed.setdefault(canon, printed)
                current = canon


def _join(a: str, b: str) -> str:
    from pipeline.text.clean import join_pair

    return join_pair(a, b).strip() if a else b.strip()


def ticked_category(value: str) -> str | None:
    """The ticked box of ``□1考察 □2進修 ■3研究 …`` (■ ☑ ˇ V X mark the tick)."""
    options = list(_CHECKBOX_RE.finditer(value))
    ticked = [m["label"] for m in options if any(ch in TICKS for ch in m["mark"] + m["mark2"])]
    if len(ticked) == 1:
        return ticked[0]
    if len(options) == 1 and not options[0]["mark"] + options[0]["mark2"]:
        return options[0]["label"]  # a plain "研究" with no boxes printed
    return None


def _traveller(cells: list[str]) -> Person | None:
    """One traveller row: name, 服務機關, 單位, 職稱, 電話 (phone anywhere, order kept)."""
    parts = [c for c in cells if c and not _PHONE_RE.match(c.strip())]
    if not parts:
        return None
    name, rest = parts[0], parts[1:]
    title = next((c for c in rest if c in TITLES), None)
    if title is None and rest and rest[-1].endswith(TITLES):
        title = rest[-1]
    others = [c for c in rest if c != title]
    org = others[0] if others else None
    unit = others[1] if len(others) > 1 else None
    return Person(name=re.sub(r"\s+", "", name), title=title, unit=unit, org=org)


def _contact(form: Form) -> tuple[str | None, Contact | None]:
    """(主辦機關, contact person) from one combined cell or three labelled ones."""
    value = form.fields.get("主辦機關", "")
    parts = _SPLIT_SLASH.split(value) if value else []
    agency = parts[0] if parts and parts[0] else None
    name = form.fields.get("聯絡人") or (parts[1] if len(parts) > 1 else None)
    phone = form.fields.get("電話") or (parts[2] if len(parts) > 2 else None)
    if not name and not phone:
        return agency, None
    return agency, Contact(name=name or None, phone=phone or None, agency=agency)


def parse_form(form: Form) -> Metadata:
    """The form's fields as metadata (``raw`` keeps the labels as printed)."""
    read_rows(form)
    f = form.fields
    if not form.travellers and f.get("出國人員"):  # "出國人員姓名…：王小明/經濟部/…" in one cell
        form.travellers = [_SPLIT_SLASH.split(c.strip()) for c in re.split(r"[\n、；;]", f["出國人員"])
                           if c.strip()]
    meta = Metadata(raw={form.printed[k]: v for k, v in f.items() if k in form.printed})
    meta.title = re.sub(r"\s+", "", f.get("報告名稱", "")) or None
    agency, meta.contact = _contact(form)
    meta.authors = [p for cells in form.travellers if (p := _traveller(cells))]
    meta.agency = agency or next((p.org for p in meta.authors if p.org), None)
    meta.category = ticked_category(f.get("出國類別", ""))
    fill_trip(meta, f.get("出國地區"), f.get("出國期間"), f.get("報告日期"))
    meta.keywords = [k for k in re.split(r"[、，,;；\s]+", f.get("關鍵詞", "")) if k]
    abstract = re.sub(r"^[（(][^）)]{0,12}字[）)]", "", f.get("內容摘要", "")).strip()
    meta.abstract = abstract or None
    return meta


def mark_form(doc: Document, form: Form) -> list[Page]:
    """Take the form out of the body: its table out of ``doc.tables`` (and the people
    read from it), its lines into a ``cover`` block.  Returns the form's page(s)."""
    if form.table is not None:
        drop_table(doc, form.table)
    return [p for p in doc.pages if p.number == form.page]


def annotate(doc: Document) -> None:
    """Front matter set as forms, before the cover stage runs: a 提要 among the first
    pages leaves the body (its table out of ``doc.tables``, its lines into a ``cover``
    block) and fills ``doc.metadata`` (the cover stage then puts the cover's fields
    first); a current cover set as a ruled table becomes lines of its page's text."""
    form = find_form(doc)
    if form is not None:
        for page in mark_form(doc, form):
            mark_cover(page, lambda line: bool(labels_in(line)))
        doc.text = "\n".join(p.text for p in doc.pages if p.kind == "body" and p.text)
        doc.metadata = parse_form(form)
    inline_cover_tables(doc, is_field_line)

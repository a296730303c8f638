"""Cover metadata of a 出國報告: category, title, agency, authors, destinations, dates.

The cover of a Taiwanese government trip report is a block of labelled fields
(出國類別, 服務機關, 姓名職稱, 派赴國家, 出國期間, 報告日期) plus the report title.
:func:`annotate` finds the cover page(s), marks them ``kind="cover"`` and fills
``doc.metadata``.  Field values may use full- or half-width colons, labels may be
letter-spaced (``服 務 機 關``), and values may continue on the following lines.
The 派赴國家 value is split into countries and places by
:mod:`pipeline.extract.destinations`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from pipeline.document import Document, Metadata, Page, Person
from pipeline.extract.destinations import parse_destinations
from pipeline.extract.front import mark_cover
from pipeline.text.dates import parse_date, parse_period
from pipeline.text.units import ends_with_unit

# Canonical label -> spellings met on covers (longest first matters only for overlap).
LABELS: dict[str, tuple[str, ...]] = {
    "出國類別": ("出國類別",),
    "服務機關": ("服務機關名稱", "服務機關", "服務單位"),
    "姓名職稱": ("出國人員姓名職稱", "出國人姓名職稱", "姓名職稱", "姓名/職稱"),
    "派赴國家": ("派赴國家/地區", "派赴國家地區", "派赴國家", "派赴地區", "前往國家"),
    "出國期間": ("出國期間", "出國日期", "出國時間"),
    "報告日期": ("報告日期", "報告繳交日期"),
}
# Fields whose value may continue on the next line(s).
_CONTINUED = {"姓名職稱", "派赴國家", "服務機關", "出國期間"}
MIN_LABELS = 2  # a page with at least this many cover labels is a cover page
MAX_COVER_SEARCH = 3  # the cover is among the first pages

# Common Taiwanese civil-service / institutional titles (general knowledge).
TITLES: tuple[str, ...] = tuple(sorted({
    "部長", "政務次長", "常務次長", "次長", "主任秘書", "秘書長", "副秘書長", "秘書", "機要秘書",
    "參事", "技監", "司長", "副司長", "署長", "副署長", "局長", "副局長", "處長", "副處長",
    "主任", "副主任", "組長", "副組長", "科長", "副科長", "專門委員", "簡任技正", "簡任視察",
    "視察", "技正", "技士", "技佐", "專員", "科員", "辦事員", "書記", "組員", "研究員",
    "副研究員", "助理研究員", "研究助理", "主任委員", "副主任委員", "委員", "執行秘書",
    "執行長", "董事長", "總經理", "副總經理", "協理", "經理", "副經理", "襄理", "工程師",
    "副工程師", "助理工程師", "教授", "副教授", "助理教授", "講師", "院長", "副院長",
    "所長", "副所長", "主委", "副主委", "大使", "公使", "參贊", "代表", "副代表", "分析師",
    "管理師", "設計師", "顧問", "特別助理", "館長", "副館長", "隊長", "課長", "股長",
    "稽核", "督導", "主任工程師", "總工程師", "正工程師", "檢驗員", "管理員", "主辦",
}, key=len, reverse=True))
_SPLIT_PEOPLE = re.compile(r"[、，,;；\n]+")
# "出國報告", "行政院及所屬各機關出國報告", "行政院所屬各機關因公出國人員出國報告書".
_REPORT_LINE = re.compile(r"^(?:行政院.{0,20}|公務|因公)?出國報告(?:書)?$")
_BRACKETS = "()（）[]［］【】〔〕"


def label_pattern(spelling: str) -> str:
    """A regex for a form label as printed: letter-spaced ("服 務 機 關"), "/" or "／"."""
    parts = [r"[/／]?" if ch == "/" else re.escape(ch) for ch in spelling]
    return r"\s*".join(parts)


def labels_pattern(labels: Mapping[str, Iterable[str]]) -> str:
    """One alternation of every spelling of ``{canonical: spellings}``, longest first (so
    派遣国名 wins over 派遣国), each as :func:`label_pattern` prints it."""
    spellings = sorted((sp for sps in labels.values() for sp in sps), key=len, reverse=True)
    return "|".join(label_pattern(sp) for sp in spellings)


class FormLabels:
    """The field labels of one kind of form (``{canonical: spellings}``) and where a line
    prints them; shared by the Chinese cover, the Japanese cover form and the 提要 form."""

    def __init__(self, labels: Mapping[str, Iterable[str]]) -> None:
        self._regex = re.compile(rf"(?P<lab>{labels_pattern(labels)})(?P<colon>\s*[:：])?")
        # Spelling with slashes removed -> canonical label.
        self._canon = {sp.replace("/", ""): canon for canon, sps in labels.items() for sp in sps}

    def canonical(self, printed: str) -> str | None:
        """The canonical label of a label as printed (spaces and slashes removed), if any."""
        return self._canon.get(re.sub(r"[/／]", "", printed))

    def find(self, line: str, anywhere: bool = False) -> list[tuple[int, int, str, str]]:
        """(start, end, canonical label, label as printed) of each label in ``line``.

        A label counts when a colon follows it, or when it starts the line: a label
        column with its value in the next column reads ``服務機關 經濟部`` or, once the
        column gap between two CJK characters is gone, ``服務機關經濟部``. With
        ``anywhere``, every label counts (a cell of a ruled form).
        """
        out = []
        for m in self._regex.finditer(line):
            if anywhere or m.group("colon") or not line[: m.start()].strip():
                printed = re.sub(r"\s", "", m.group("lab"))
                out.append((m.start(), m.end(), self._canon[re.sub(r"[/／]", "", printed)], printed))
        return out


@lru_cache(maxsize=1)
def _cover_labels() -> FormLabels:
    return FormLabels(LABELS)


def _find_labels(line: str) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical label, label as printed) of each cover label in a line."""
    return _cover_labels().find(line)


def count_labels(text: str) -> int:
    """How many distinct cover labels appear in ``text``."""
    found = {lab[2] for line in text.splitlines() for lab in _find_labels(_norm(line))}
    return len(found)


def _norm(s: str) -> str:
    # NFKC would turn full-width colons into ASCII, which the regexes accept anyway;
    # keep the text as printed otherwise (metadata.raw).
    return s.replace("\u3000", " ").strip()


def _clean_value(v: str) -> str:
    v = v.strip().strip(" \t")
    # "出國報告（出國類別：其他）": drop the unbalanced closing bracket.
    while v and v[-1] in ")）]］】〕" and not any(o in v for o in "(（[［【〔"):
        v = v[:-1].rstrip()
    return v


def find_cover_pages(pages: list[Page]) -> list[Page]:
    """The cover page(s): the first run of pages with >= 2 cover labels (plus a page before
    it that holds a single label, e.g. a lone 出國報告（出國類別：…） title page)."""
    counts = [count_labels(p.text) if p.kind != "toc" else 0 for p in pages[:MAX_COVER_SEARCH]]
    first = next((i for i, c in enumerate(counts) if c >= MIN_LABELS), None)
    if first is None:
        return []
    start = first - 1 if first > 0 and counts[first - 1] >= 1 else first
    end = first
    while end + 1 < len(counts) and counts[end + 1] >= MIN_LABELS:
        end += 1
    return pages[start:end + 1]


def parse_fields(text: str) -> tuple[dict[str, str], list[str], list[str], dict[str, str]]:
    """Split cover text into ``(fields, title_lines, other_lines, printed_labels)``.

    ``fields`` maps a canonical label to its value as printed (continuation lines
    joined with ``\\n``).  Title lines are unlabelled lines before the first field
    (the 出國類別 of a 出國報告 line does not count); other lines come after.
    ``printed_labels`` maps a canonical label to the label as printed, for field
    lines only (not for 出國類別 inside a ``出國報告（出國類別：…）`` line).
    """
    fields: dict[str, str] = {}
    printed: dict[str, str] = {}  # canonical label -> label as printed ("派赴國家/地區")
    embedded: set[str] = set()  # labels printed inside the 出國報告 heading line
    title: list[str] = []
    other: list[str] = []
    current: str | None = None
    for raw_line in text.splitlines():
        line = _norm(raw_line)
        if not line:
            continue
        labels = _find_labels(line)
        if labels:
            before = line[: labels[0][0]].rstrip()
            prefix = before.strip(" （(")
            if _REPORT_LINE.match(re.sub(r"\s", "", prefix)) or before.endswith(("（", "(")):
                # 出國報告（出國類別：其他） or a bracketed "（出國類別：其他）": not a field line
                embedded.add(labels[0][2])
            if prefix and not _REPORT_LINE.match(prefix) and not (set(fields) - {"出國類別"}):
                title.append(prefix)
            for i, (_, end, lab, shown) in enumerate(labels):
                stop = labels[i + 1][0] if i + 1 < len(labels) else len(line)
                if lab not in fields:
                    fields[lab] = _clean_value(line[end:stop])
                    printed[lab] = shown
                current = lab
            continue
        if _REPORT_LINE.match(re.sub(r"\s", "", line).strip(_BRACKETS)):
            continue
        if current in _CONTINUED and _continues(current, fields[current], line):
            fields[current] = (fields[current] + "\n" + line).strip("\n")
        elif not (set(fields) - {"出國類別"}):
            title.append(line)
        else:
            other.append(line)
            current = None
    for lab in embedded:
        printed.pop(lab, None)
    return fields, title, other, printed


def _continues(label: str, value: str, line: str) -> bool:
    if label == "出國期間":
        return parse_period(value)[1] is None
    if label == "服務機關":  # "經濟部" / "工業局" printed on two lines
        return not value or (len(line) <= 15 and _is_unit(line))
    return parse_date(line) is None  # a date line at the foot of the cover is not a name


def _join_title(lines: list[str]) -> str | None:
    out = ""
    for ln in lines:
        ln = ln.strip()
        if out and re.match(r"[A-Za-z0-9]", ln) and re.search(r"[A-Za-z0-9]$", out):
            out += " "
        out += ln
    return out or None


# ---------------------------------------------------------------- people


def _strip_title_suffix(tok: str) -> tuple[str, str | None]:
    for t in TITLES:
        if tok.endswith(t) and len(tok) > len(t):
            return tok[: -len(t)], t
    return tok, None


def _is_unit(s: str) -> bool:
    return ends_with_unit(s)


def _split_unit_name(s: str) -> tuple[str | None, str]:
    """``工業局電子資訊組鄒宗勳`` -> (``工業局電子資訊組``, ``鄒宗勳``); no unit -> (None, s)."""
    for k in (3, 2, 4):  # Chinese personal names: mostly 3, then 2, rarely 4 characters
        # A "name" ending like a unit (工業局) is the tail of a unit path, not a name.
        if len(s) > k and _is_unit(s[:-k]) and not _is_unit(s[-k:]):
            return s[:-k], s[-k:]
    return None, s


def _parse_token(tok: str) -> dict[str, str]:
    """One whitespace-free token: any of unit / name / title it holds."""
    if tok in TITLES:
        return {"title": tok}
    rest, title = _strip_title_suffix(tok)
    if title:
        unit, name = _split_unit_name(rest)
        if unit is None and _is_unit(rest):  # "經濟部工業局科長" (name elsewhere)
            return {"unit": rest, "title": title}
        d = {"name": name, "title": title}
        if unit:
            d["unit"] = unit
        return d
    # Title before the name: "科長鄒宗勳", "經濟部工業局科長鄒宗勳".
    for t in TITLES:
        i = tok.rfind(t)
        if i >= 0 and 2 <= len(tok) - i - len(t) <= 4 and (i == 0 or _is_unit(tok[:i])):
            d = {"title": t, "name": tok[i + len(t):]}
            if i:
                d["unit"] = tok[:i]
            return d
    if _is_unit(tok):
        return {"unit": tok}
    unit, name = _split_unit_name(tok)
    return {"unit": unit, "name": name} if unit else {"name": name}


def parse_people(value: str, org: str | None = None) -> list[Person]:
    """Parse a 姓名職稱 value into people.

    Accepts ``工業局電子資訊組鄒宗勳科長``, ``鄒宗勳 科長``, ``經濟部工業局 科長 鄒宗勳``,
    several people separated by 、，; or newlines.  A person without a unit inherits
    the unit of the previous person on the same line.
    """
    people: list[Person] = []
    for line in value.splitlines():
        line_people: list[dict[str, str]] = []
        for chunk in _SPLIT_PEOPLE.split(line):
            cur: dict[str, str] = {}
            for tok in re.sub(r"[()（）]", " ", chunk).split():  # 王小明（科長）
                tok = tok.strip(_BRACKETS + "：:")
                if not tok:
                    continue
                part = _parse_token(tok)
                # A slot filled twice means the next person started.
                if any(k in cur for k in part if k in ("name", "title")) or (
                    "unit" in part and "name" in cur
                ):
                    line_people.append(cur)
                    cur = {}
                cur.update(part)
            if cur:
                line_people.append(cur)
        last_unit = None
        for p in line_people:
            if not p.get("name") or re.search(r"\d", p["name"]):
                continue
            unit = p.get("unit") or last_unit
            last_unit = unit
            people.append(Person(name=p["name"], title=p.get("title"), unit=unit, org=org))
    return people


# ---------------------------------------------------------------- stage


def fill_trip(meta: Metadata, destinations: str | None, period: str | None, report_date: str | None) -> None:
    """Countries and places, trip dates and report date from their field values
    (the cover's and the 提要 form's); a missing or empty field leaves its metadata alone."""
    if destinations:
        meta.countries, meta.places = parse_destinations(destinations)
    if period:
        meta.period_start, meta.period_end = parse_period(period)
    if report_date:
        meta.report_date = parse_date(report_date)


def extract_metadata(text: str) -> Metadata:
    """Parse cover text into a :class:`Metadata`."""
    fields, title_lines, other, printed = parse_fields(text)
    # raw: label as printed (spaces removed) -> value as printed.
    # A label inside the 出國報告（…） line is not a field line: category only.
    meta = Metadata(raw={printed[k]: v for k, v in fields.items() if k in printed})
    if "出國類別" in fields:
        meta.category = fields["出國類別"].strip(_BRACKETS + " ") or None
    meta.title = _join_title(title_lines)
    if fields.get("服務機關"):
        meta.agency = _join_title(fields["服務機關"].splitlines())
    if fields.get("姓名職稱"):
        meta.authors = parse_people(fields["姓名職稱"], org=meta.agency)
    fill_trip(meta, fields.get("派赴國家"), fields.get("出國期間"), fields.get("報告日期"))
    if meta.report_date is None:
        # An unlabelled date line at the foot of the cover ("中華民國108年11月25日").
        meta.report_date = next((d for ln in other if (d := parse_date(ln))), None)
    return meta


def is_field_line(line: str) -> bool:
    """Whether a line holds a cover field label (``服務機關：…``)."""
    return bool(_find_labels(_norm(line)))


def annotate(doc: Document) -> None:
    """Mark the cover block(s) ``cover`` and fill ``doc.metadata``.

    The kind is decided per block: a page that holds the cover and then the 摘要
    or the 目次 keeps that text as body / TOC (``Page.parts``).  Pages that already
    hold a cover block (an older 提要 form, :mod:`pipeline.extract.tiyao`, runs
    first) are not the cover; the form's fields fill what the cover lacks.
    """
    form_meta = doc.metadata
    cover = find_cover_pages([p for p in doc.pages if not p.blocks_of("cover")])
    if not cover:
        return  # not every report has a cover; metadata stays as it is
    for p in cover:
        mark_cover(p, is_field_line)
    # doc.text excludes cover blocks (Document contract); only this stage knows them.
    doc.text = "\n".join(p.text for p in doc.pages if p.kind == "body" and p.text)
    meta = extract_metadata("\n".join(t for p in cover for t in p.blocks_of("cover")))
    doc.metadata = meta.filled_from(form_meta)

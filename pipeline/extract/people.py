"""Person records from attendee tables (出國人員名單, 日方出席人員 ...).

Column roles are found from the header text, in any column order:

* name: 姓名 / 名前 / 氏名 / Name;
* title: 職稱 / 職位 / 役職 / 職務 / Title / Position;
* unit: 單位 / 所屬 / 所属 / 部署 / 部門 / 機關 / Unit / Department / Organization;
* combined unit-and-title: 所屬與職稱, 所屬及職稱, 單位職稱, 所属・役職 ... -- split
  into unit + title by a general list of job-title suffixes (課長, 副參事,
  主幹兼室長 ...), else by the last whitespace-separated token;
* a row-number column and role columns such as 任務分工 are ignored.

Rule for ``unit`` and ``org`` (applied the same way to every table):

* with an organisation column (the first unit-like column, usually 單位) *and*
  a sub-unit source (a combined column, or a second unit column such as 所屬):
  ``org`` is the organisation column, ``unit`` the sub-unit as printed (or the
  organisation again when the sub-unit is empty, e.g. a bare "副所長");
* with one printed unit path only (a lone 單位 column, or a lone combined
  column): ``org`` is its first part and ``unit`` the rest, where parts are
  separated by a space next to a CJK character ("九州經濟產業局 地域經濟部 情報政策課"
  -> org "九州經濟產業局", unit "地域經濟部情報政策課"); a single part is both.

So ``unit`` is the most specific unit printed for the person and never repeats
the org, unless there is nothing more specific.

Both are stored CJK-joined (spaces between two CJK characters removed, spaces
next to Latin words kept): "千葉縣 商工勞動部" -> "千葉縣商工勞動部".  Names are
stored the same way ("渡部 修" -> "渡部修"); Latin names keep their spaces.
An empty unit cell under a named row inherits the value above (a vertically
merged cell).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.document import Document, Person, Table
from pipeline.text.clean import remove_cjk_gaps
from pipeline.text.patterns import alternation
from pipeline.text.units import UNIT_SUFFIXES

NAME_WORDS = ("姓名", "名前", "氏名", "name")
TITLE_WORDS = ("職稱", "职称", "職位", "役職", "職務", "職級", "頭銜", "title", "position")
UNIT_WORDS = (
    "單位", "单位", "所屬", "所属", "部署", "部門", "机关", "機關", "機構", "公司", "會社", "会社",
    "組織", "團體", "unit", "department", "organization", "organisation", "affiliation", "company",
)
# Header words of columns that must never be read as name/unit/title.
IGNORE_WORDS = ("任務", "分工", "備註", "備考", "編號", "序號", "項次", "no.", "remark", "role")

# General job titles of Taiwanese and Japanese public bodies, companies and
# universities (knowledge of the genre, not names from any one report).
TITLES = (
    # Japanese public service
    "知事", "副知事", "市長", "副市長", "町長", "村長", "部長", "副部長", "次長", "局長", "副局長",
    "審議官", "審議員", "參事官", "参事官", "課長", "副課長", "課長補佐", "課長輔佐", "課長代理", "室長", "副室長",
    "所長", "副所長", "センター長", "班長", "副班長", "係長", "總括係長", "総括係長", "主幹", "副主幹",
    "主查", "主査", "副主查", "副主査", "主事", "主任主事", "參事", "参事", "副參事", "副参事",
    "主任", "副主任", "事務官", "技官", "技師", "調查役", "調査役", "擔當", "担当", "係員", "課員",
    # Taiwanese public service
    "部長", "政務次長", "常務次長", "署長", "司長", "處長", "副處長", "組長", "副組長", "科長",
    "副科長", "技正", "簡任技正", "技士", "專員", "專門委員", "科員", "主任秘書", "秘書", "代表",
    "副代表", "大使", "公使", "領事", "秘書長", "副秘書長", "委員", "主任委員", "主委", "召集人",
    "議員", "院長", "副院長", "校長", "團長", "團員", "翻譯",
    # companies, associations, academia
    "董事長", "副董事長", "董事", "執行長", "總經理", "副總經理", "經理", "副理", "協理", "襄理",
    "總監", "顧問", "特助", "工程師", "主管", "理事長", "副理事長", "理事", "常務理事", "專務理事",
    "専務理事", "會長", "会長", "副會長", "副会長", "社長", "副社長", "專務", "専務", "常務", "取締役",
    "代表取締役", "執行役員", "部長代理", "教授", "副教授", "助理教授", "講師", "研究員", "副研究員",
    "助理研究員", "主任研究員", "上席研究員", "博士", "助教",
)
# A unit name ends with one of these (經濟政策課, 國際經濟推進室, 總括係 ...).
# A space with a CJK character on at least one side separates parts of a unit path.
_PART_SEP = re.compile(
    r"(?<=[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]) "
    r"|(?<=\S) (?=[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])"
)
# A bare unit word before a title is part of the title (部門主任, 課主任).
GENERIC_UNIT_WORDS = frozenset({"部門", "部", "課", "室", "科", "組", "班", "係", "局", "處", "所", "中心"})
# Titles whose first character is the unit's suffix: "國際課長" is 國際課's 課長.
_UNIT_HEAD_CHARS = set("課部室科所局班係組處署司")


def _has(header: str, words: tuple[str, ...]) -> bool:
    h = header.lower()
    return any(w in h for w in words)


def is_combined_header(header: str) -> bool:
    """A column holding unit and title together (所屬與職稱, 單位職稱, 所属・役職 ...)."""
    return _has(header, UNIT_WORDS) and _has(header, TITLE_WORDS)


def column_roles(header: list[str]) -> dict[str, list[int]]:
    """Column indexes per role: ``name``, ``title``, ``unit`` (in order), ``combined``."""
    roles: dict[str, list[int]] = {"name": [], "title": [], "unit": [], "combined": []}
    for i, h in enumerate(header):
        if not h.strip() or _has(h, IGNORE_WORDS):
            continue
        if is_combined_header(h):
            roles["combined"].append(i)
        elif _has(h, NAME_WORDS):
            roles["name"].append(i)
        elif _has(h, TITLE_WORDS):
            roles["title"].append(i)
        elif _has(h, UNIT_WORDS):
            roles["unit"].append(i)
    return roles


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern[str]:
    alt = alternation(TITLES)
    # One title or several joined by 兼/・ ("主幹兼室長"), ending the token.
    return re.compile(rf"(?:{alt})(?:\s*[兼・/／]\s*(?:{alt}))*$")


def join_cjk(text: str) -> str:
    """Collapse whitespace and drop spaces between two CJK characters."""
    return remove_cjk_gaps(re.sub(r"\s+", " ", text or "").strip())


def split_unit_title(text: str) -> tuple[str | None, str | None]:
    """Split a combined "unit title" cell into (unit, title), each None if absent.

    "經濟政策課 副參事" -> ("經濟政策課", "副參事");
    "國際課長" -> ("國際課", "課長"); "副所長" -> (None, "副所長");
    "總務企劃部 國際課 總括係" -> ("總務企劃部國際課總括係", None).
    The unit is CJK-joined (see :func:`join_cjk`).
    """
    unit, title = _split_unit_title(text)
    return (join_cjk(unit) or None) if unit else None, title


def _split_unit_title(text: str) -> tuple[str | None, str | None]:
    """:func:`split_unit_title` with the unit's spaces kept (they separate its parts)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return None, None
    tokens = text.split(" ")
    last = tokens[-1]
    m = _title_re().search(last)
    if m:
        title, prefix = m.group(0), last[: m.start()]
        if (len(prefix) == 1 and not prefix.endswith(UNIT_SUFFIXES)) or prefix in GENERIC_UNIT_WORDS:
            # 審+議員, 部門+主任: a title this list lacks, not a unit and a title.
            title, prefix = prefix + title, ""
        elif prefix and title[0] in _UNIT_HEAD_CHARS and not prefix.endswith(UNIT_SUFFIXES):
            prefix += title[0]  # 國際課長 -> unit 國際課 + title 課長
        unit = " ".join(t for t in [*tokens[:-1], prefix] if t)
        return unit or None, title
    if last.endswith(UNIT_SUFFIXES):
        return text, None  # only units, no title printed
    if len(tokens) > 1:
        return " ".join(tokens[:-1]), last
    return None, last


def split_org(text: str) -> tuple[str | None, str | None]:
    """(org, unit) from one printed unit path; org is its first space-separated part.

    Only spaces next to a CJK character separate parts, so Latin names stay
    whole: "九州經濟產業局 地域經濟部 情報政策課" -> ("九州經濟產業局",
    "地域經濟部情報政策課"); "Fraunhofer IPMS 所長室" -> ("Fraunhofer IPMS", "所長室");
    a single part is both: "經濟部工業局電資組" -> (same, same).
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return None, None
    parts = [p for p in _PART_SEP.split(text) if p.strip()]
    if len(parts) < 2:
        whole = join_cjk(text)
        return whole, whole
    return join_cjk(parts[0]), join_cjk(" ".join(parts[1:]))


def clean_name(text: str) -> str:
    """A person's name as stored: CJK names without inner spaces, Latin names as written."""
    return join_cjk(text)


def _split_names(cell: str) -> list[str]:
    """One name cell may list several people ("石井、篠崎")."""
    return [n for n in (clean_name(p) for p in re.split(r"[、；;]", cell)) if n]


def _looks_like_name(name: str) -> bool:
    if len(name) > 40 or not re.search(r"[^\W\d_]", name):
        return False
    return not _has(name, NAME_WORDS + TITLE_WORDS + UNIT_WORDS)  # a repeated header


def people_from_table(table: Table, table_index: int) -> list[Person]:
    """The people listed in one attendee table (empty if it has no name column)."""
    roles = column_roles(table.header)
    if not roles["name"]:
        return []
    name_col = roles["name"][0]
    title_col = roles["title"][0] if roles["title"] else None
    combined_col = roles["combined"][0] if roles["combined"] else None
    unit_cols = roles["unit"]
    org_col = unit_cols[0] if unit_cols else None
    # A sub-unit comes from the combined column or from a second unit column.
    sub_col = unit_cols[-1] if len(unit_cols) > 1 else None

    def cell(row: list[str], col: int | None) -> str:
        return row[col].strip() if col is not None and col < len(row) else ""

    out: list[Person] = []
    last_org = last_sub = ""
    for row in table.rows:
        names = _split_names(cell(row, name_col))
        names = [n for n in names if _looks_like_name(n)]
        if not names:
            continue
        org_text = cell(row, org_col) or last_org
        sub_text = cell(row, sub_col) or (last_sub if sub_col is not None else "")
        last_org, last_sub = org_text, sub_text
        title = cell(row, title_col) or None
        has_sub = sub_col is not None or combined_col is not None
        sub_unit = sub_text
        if combined_col is not None:
            c_unit, c_title = _split_unit_title(cell(row, combined_col))
            title = title or c_title
            sub_unit = " ".join(x for x in (sub_text, c_unit or "") if x)
        if has_sub and org_col is not None:
            org, unit = join_cjk(org_text) or None, join_cjk(sub_unit) or None
            unit = unit or org
        else:
            # One printed unit ("九州經濟產業局 地域經濟部 情報政策課"): its first part is the org.
            org, unit = split_org(org_text if org_col is not None else sub_unit)
        for name in names:
            out.append(
                Person(
                    name=name,
                    title=join_cjk(title) if title else None,
                    unit=unit,
                    org=org,
                    source_table=table_index,
                )
            )
    return out


def annotate(doc: Document) -> None:
    """Set ``doc.people`` from every attendee table, in table order."""
    doc.people = [
        p for i, t in enumerate(doc.tables) if t.kind == "attendees" for p in people_from_table(t, i)
    ]

"""Dates as printed in Taiwanese government documents, to ISO 8601.

Handles ROC (Minguo) years (``108年9月17日``, ``民國108年``, ``中華民國一〇八年``),
Japanese era years (``令和5年``, ``平成31年``, ``令和元年``), Western years
(``2019年9月17日``, ``2019/9/17``, ``2019-09-17``, ``2019.9.17``), Chinese numerals,
full-width digits, weekdays in brackets, and periods whose end omits the year or the
month (``108年9月17日至9月20日``, ``至同年9月20日``, ``2019/9/17-20``,
``9月17日から9月20日まで``).  Impossible dates (``2019-02-30``) are rejected.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

ROC_OFFSET = 1911  # ROC year 1 = 1912
# Japanese eras met in attachments: year 1 (元年) of 令和 is 2019, of 平成 1989, of 昭和 1926.
ERA_OFFSETS = {"令和": 2018, "平成": 1988, "昭和": 1925}

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(?:\d{1,4}|[〇零○一二三四五六七八九十百千兩]{1,6}|元)"

# A year part: "民國108年", "中華民國一〇八年", "令和5年", "2019年", "108年".
_YEAR = rf"(?:(?P<roc>(?:中華)?民國\s*)|(?P<era>令和|平成|昭和)\s*)?(?P<y>{_NUM})\s*年\s*"
_CJK_DATE = re.compile(
    rf"(?<![\d〇零一二三四五六七八九十])(?:{_YEAR})(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日號号]?"
)
# Numeric dates with a consistent separator: 2019/9/17, 2019-09-17, 2019.9.17, 108/9/17.
_NUM_DATE = re.compile(
    r"(?<![\d.])(?P<y>\d{2,4})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"
)
# "至同年9月20日": the end shares the start's year (同年), so only its month/day count.
_RANGE_SEP = re.compile(r"\s*(?:至|到|~|〜|-|—|–|―|－|─|から)\s*(?:同年\s*)?")
# "(二)", "(星期二)", "（週五）", and the Japanese "(月)" … "(日)" after a date.
_WEEKDAY = re.compile(r"\s*\((?:(?:星期|週|周|禮拜)?[一二三四五六日天]|[月火水木金土日])\)")
_END_MD_CJK = re.compile(rf"(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日號号]?")
_END_D_CJK = re.compile(rf"(?P<d>{_NUM})\s*[日號号]")
_END_MD_NUM = re.compile(r"(?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d/.])")
_END_D_NUM = re.compile(r"(?P<d>\d{1,2})(?![\d/.年月])")


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII), drop weekdays, collapse spaces."""
    text = _WEEKDAY.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", " ", text).strip()


def cn_to_int(s: str) -> int | None:
    """Convert ASCII digits or a Chinese numeral (一〇八, 一百零八, 二十五, 十) to int."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s == "元":  # 民國元年
        return 1
    if any(ch in _CN_UNITS for ch in s):
        total, current = 0, 0
        for ch in s:
            if ch in _CN_DIGITS:
                current = _CN_DIGITS[ch]
            elif ch in _CN_UNITS:
                total += (current or 1) * _CN_UNITS[ch]  # "十五" = 15: a bare unit counts 1
                current = 0
            else:
                return None
        return total + current
    # Digit-by-digit form: 一〇八 = 108.
    if all(ch in _CN_DIGITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    return None


def _year(raw: str, roc: bool, era: str | None = None) -> int | None:
    y = cn_to_int(raw)
    if y is None:
        return None
    if era:
        return y + ERA_OFFSETS[era]
    # Three-digit (or smaller) years are ROC years; four-digit years are Western.
    if roc or y < 1000:
        y += ROC_OFFSET
    return y


def _iso(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is None or m is None or d is None:
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _match_date(text: str, pos: int = 0) -> tuple[str, re.Match[str]] | None:
    """The first valid full date at or after ``pos``, with its match."""
    best: tuple[str, re.Match[str]] | None = None
    for rx, roc_group in ((_CJK_DATE, True), (_NUM_DATE, False)):
        for m in rx.finditer(text, pos):
            era = m.group("era") if roc_group else None
            y = _year(m.group("y"), bool(roc_group and m.group("roc")), era)
            iso = _iso(y, cn_to_int(m.group("m")), cn_to_int(m.group("d")))
            if iso:
                if best is None or m.start() < best[1].start():
                    best = (iso, m)
                break
    return best


def parse_date(text: str) -> str | None:
    """The first valid date in ``text`` as an ISO string (``YYYY-MM-DD``), else None."""
    found = _match_date(normalize(text))
    return found[0] if found else None


def _parse_end(rest: str, start: _dt.date, numeric: bool) -> str | None:
    """An end date right at the start of ``rest``; missing year/month come from ``start``."""
    full = _match_date(rest)
    if full and full[1].start() == 0:
        return full[0]
    y = start.year
    mo: int | None = start.month
    if numeric:
        md = _END_MD_NUM.match(rest)
        d_only = _END_D_NUM.match(rest)
    else:
        md = _END_MD_CJK.match(rest)
        d_only = _END_D_CJK.match(rest) or _END_D_NUM.match(rest)
    if md:
        mo, day = cn_to_int(md.group("m")), cn_to_int(md.group("d"))
    elif d_only:
        day = cn_to_int(d_only.group("d"))
    else:
        return None
    iso = _iso(y, mo, day)
    if iso and iso < start.isoformat() and md:
        iso = _iso(y + 1, mo, day)  # 12月30日至1月2日 crosses a year end
    return iso


def parse_period(text: str) -> tuple[str | None, str | None]:
    """A period ``(start, end)`` as ISO dates; either may be None.

    The end may omit its year or month (``108年9月17日至9月20日``,
    ``2019/9/17-20``).  A single date gives ``(date, None)``.
    """
    norm = normalize(text)
    first = _match_date(norm)
    if not first:
        return None, None
    start_iso, m = first
    start = _dt.date.fromisoformat(start_iso)
    sep = _RANGE_SEP.match(norm, m.end())
    if sep:
        end = _parse_end(norm[sep.end():], start, numeric=m.re is _NUM_DATE)
        if end and end >= start_iso:
            return start_iso, end
    # No explicit range: a second full date later in the text ("自...起，...止").
    second = _match_date(norm, m.end())
    if second and second[0] >= start_iso:
        return start_iso, second[0]
    return start_iso, None

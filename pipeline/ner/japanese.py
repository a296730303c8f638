"""Repairs of the resolved spans of Japanese text (units whose language is ``ja``).

Japanese writes names and organisations in ways the shared rules (built on Chinese
reports) do not cover. Person repairs live in :mod:`pipeline.ner.ja_names`; this
module holds the organisation repairs and runs all of them in the order of
``configs/ner.toml [japanese] repairs`` (:func:`repair_japanese`):

* an organisation followed by its sub-units is one span (guidelines §6:
  ``環境省水・大気環境局土壌環境課``, ``三重県雇用経済部``, ``島根大学医学部``), also
  after a bare 県/市 standing for the writer's own government (``県台湾事務所``);
* a company name runs back to its start (``台湾三井不動産股份有限公司``);
* prefixes: ``環境・|社会理工学院``, ``しまね|国際センター``; a self-reference is not part
  of the name (``本学|大学院理工学研究科``), nor is a one-character country (``米|商務省``),
  and ``AのB`` names two organisations (``国立台湾科技大学の工学院``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.errors import ResourceError
from pipeline.ner.boundaries import ends_with_org_suffix
from pipeline.ner.config import load_config
from pipeline.ner.ja_names import (
    PRE_BOUNDARY,
    bracket_titles,
    contact_names,
    extend_names,
    free,
    honorific_names,
    is_surname,
    katakana_titled_names,
    listed_names,
    person_guard,
    readings,
    replace_overlapping,
    spaced_names,
    titled_names,
)
from pipeline.ner.ja_titles import org_person_titles, unit_titles
from pipeline.ner.persons import person_rules
from pipeline.ner.spans import Span
from pipeline.text.chars import is_han, is_katakana

# Sub-unit endings of a Japanese organisation chain, longest first (guidelines §6).
UNIT_ENDINGS = (
    "プロジェクト推進室", "事務局", "研究科", "研究所", "研究院", "研究室", "推進室", "センター", "本部",
    "支部", "支店", "支社", "事務所", "学部", "学院", "分室", "議会", "局", "部", "課", "室", "係", "班", "会",
)
# A one-character local government standing for the writer's own (県|台湾事務所, 県|環境生活部).
SELF_GOVERNMENTS = "県府都道市町村"
# A hiragana run that ends like a particle is not a name prefix (これらの, では).
_PARTICLE_END = "のはがをにでともへや"
# 会 after these ends an event, not an organisation (商談会, 説明会, 交流会, 大会, 総会, 報告会).
_EVENT_KAI = "談明流示親大総修告演表覧迎賀彰強討換"
SELF_PREFIXES = ("本学", "当学", "同学", "本校", "当社", "同社", "弊社", "本会", "当会", "同会",
                 # the province, prefecture, city or country just named (同省|女性連合会)
                 "同大学", "同省", "同県", "同市", "同町", "同村", "同区", "同国", "同州", "本県", "本市", "当市", "当県")
_CHAIN_CHAR = re.compile(r"[\u4e00-\u9fff々ァ-ヺー・A-Za-z0-9Ａ-Ｚａ-ｚ０-９]")
MAX_SEGMENT = 16


def _segment_end(text: str, pos: int, depth: int = 0) -> int | None:
    """End of one sub-unit starting at ``pos`` (製造産業局, 水・大気環境局, 検定制度整備プロジェクト推進室):
    the longest run ending in a unit word, followed by nothing name-like or by a title."""
    run = pos
    while run < len(text) and run - pos < MAX_SEGMENT and _CHAIN_CHAR.match(text[run]):
        run += 1
    title_re = person_rules().title_re
    for e in range(run, pos + 1, -1):
        piece = text[pos:e]
        ending = next((u for u in UNIT_ENDINGS if piece.endswith(u)), None)
        if ending is None or len(piece) < 2:
            continue  # a one-character unit word needs a name before it (部品 is no 部)
        if ending == "会" and piece[-2] in _EVENT_KAI:
            continue
        if piece[0] in "・ー" or piece[-len(ending) - 1:-len(ending)] == "・":
            continue
        if any(piece[t.end():t.end() + 1] == "・" for t in title_re.finditer(piece)):
            continue  # a title and the next body are no unit (工商協進会|栄誉理事長・東元集団会長)
        rest = text[e:run]
        titled = title_re.match(text, e) or ((t := title_re.match(text, e - 1)) and t.end() > e)
        if not rest or titled:  # 産業機械課|長: the title 課長 shares the unit's 課
            return e
        if depth < 3 and _segment_end(text, e, depth + 1) is not None:
            return e  # another sub-unit follows (職業能力開発局|検定制度整備プロジェクト推進室)
    return None


def unit_chains(text: str, spans: list[Span]) -> list[Span]:
    """An organisation (or a prefecture/city) followed directly by sub-units is one ORG
    (経済産業省製造産業局 + 産業機械課; 三重県 + 雇用経済部); spans inside are dropped."""
    for s in sorted(spans, key=lambda s: s.start):
        if s.label not in ("ORG", "GPE", "LOC") or s not in spans:
            continue
        end = s.end
        while True:
            nxt = _segment_end(text, end)
            if nxt is None:
                break
            end = nxt
        if end == s.end or (s.label != "ORG" and (end - s.end < 2 or s.attrs.get("country"))):
            continue  # a country before a ministry is not part of its name (台湾|経済部)
        if any(o.label == "PERSON" and o.component == "evidence" and o.start < end and s.end < o.end
               for o in spans):
            continue
        new = Span(s.start, end, "ORG", "orgs", "rule", attrs={"ja": "chain"})
        spans = replace_overlapping(spans, new)
    return spans


# Company endings after which a Japanese text's name runs back to the previous boundary
# (台湾三井不動産股份有限公司: the shared rules stop at 不, a Chinese stop character).
COMPANY_TAILS = ("股份有限公司", "有限公司", "公司", "集団", "グループ", "ホールディングス")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff々ァ-ヺーA-Za-z0-9&＆]")


def _name_start(text: str, end: int) -> int:
    """Start of the run of name characters (kanji, katakana, Latin, a bracketed gloss
    such as ``(アウトレット)``) that ends at ``end``."""
    j = end
    while j > 0:
        ch = text[j - 1]
        if ch in ")）":
            k = max(text.rfind("(", 0, j - 1), text.rfind("（", 0, j - 1))
            inner = text[k + 1:j - 1] if k >= 0 else ""
            if not inner or not all(_NAME_CHAR.match(c) for c in inner) or k == 0 or not _NAME_CHAR.match(text[k - 1]):
                break
            j = k
        elif _NAME_CHAR.match(ch):
            j -= 1
        else:
            break
    return j


def company_names(text: str, spans: list[Span]) -> list[Span]:
    """An organisation ending in a company word extends back to the start of its name
    (動産股份有限公司 -> 台湾三井不動産股份有限公司, 股份有限公司 -> 三新奧特萊斯(アウトレット)股份有限公司);
    a bare company word with no name before it is dropped."""
    for s in sorted(spans, key=lambda x: x.start):
        surface = text[s.start:s.end]
        if s.label != "ORG" or s.component in ("evidence", "gazetteer") or not surface.endswith(COMPANY_TAILS):
            continue
        start = _name_start(text, s.start)
        if start < s.start and not any(o.label == "PERSON" and o.start < s.start and start < o.end for o in spans):
            spans = replace_overlapping(spans, Span(start, s.end, "ORG", s.component, s.source, attrs={"ja": "company"}))
        elif surface in COMPANY_TAILS:
            spans = [o for o in spans if o is not s]
    return spans


def self_government_units(text: str, spans: list[Span]) -> list[Span]:
    """``県台湾事務所``, ``県環境生活部長``: 県/市 at a boundary, then sub-units, is the writer's
    own government's unit (one ORG)."""
    for k, ch in enumerate(text):
        if ch not in SELF_GOVERNMENTS or (k and text[k - 1] not in PRE_BOUNDARY + "。は、"):
            continue
        end = _segment_end(text, k + 1)
        if end is None or end - k < 4 or not free(spans, k, end, ("PERSON", "GPE", "ORG")):
            continue
        if any(o.start < k < o.end for o in spans):
            continue
        spans = replace_overlapping(spans, Span(k, end, "ORG", "orgs", "rule", attrs={"ja": "self-unit"}))
    return spans


def prefixes(text: str, spans: list[Span]) -> list[Span]:
    """An organisation preceded by a short word and ``・`` (環境・|社会理工学院) or by a
    hiragana place name at a boundary (しまね|国際センター) starts there."""
    out = []
    for s in spans:
        if s.label == "ORG" and s.component != "evidence" and s.start > 1:
            k = s.start
            if text[k - 1] == "・":
                j = k - 1
                while j > 0 and k - 1 - j < 4 and is_han(text[j - 1]):
                    j -= 1
                person = any(o.label == "PERSON" and o.end == k - 1 for o in spans)  # 郭台銘・|鴻海
                if j < k - 1 and not person and (j == 0 or text[j - 1] in PRE_BOUNDARY + "、。"):
                    s = Span(j, s.end, "ORG", s.component, s.source, attrs=dict(s.attrs))
            elif "\u3041" <= text[k - 1] <= "\u3096" and text[k - 1] not in _PARTICLE_END:
                j = k
                while j > 0 and "\u3041" <= text[j - 1] <= "\u3096":
                    j -= 1
                if 3 <= k - j <= 6 and (j == 0 or text[j - 1] in PRE_BOUNDARY + "、。"):
                    s = Span(j, s.end, "ORG", s.component, s.source, attrs=dict(s.attrs))
        out.append(s)
    return out


# One-character country names before a ministry (米|商務省, 英|国防省): not part of its name.
_COUNTRY_CHARS = "米英独仏中韓露豪加印伊蘭"


def org_prefixes(text: str, spans: list[Span]) -> list[Span]:
    """``本学``/``同社`` before an organisation is a self-reference, not the name
    (本学|工学院); a one-character country before a ministry is a place of its own (米|商務省);
    ``AのB`` with an organisation ending before の names two (国立台湾科技大学|の|工学院)."""
    out: list[Span] = []
    for s in spans:
        surface = text[s.start:s.end]
        if s.label == "ORG" and s.component != "evidence":
            pre = next((p for p in SELF_PREFIXES if surface.startswith(p) and len(surface) - len(p) >= 3), None)
            if pre:
                s = Span(s.start + len(pre), s.end, "ORG", s.component, s.source, attrs=dict(s.attrs))
                surface = surface[len(pre):]
            if (surface[0] in _COUNTRY_CHARS and len(surface) >= 4 and surface.endswith(("省", "庁"))
                    and s.component not in ("gazetteer", "evidence")):
                out.append(Span(s.start, s.start + 1, "GPE", "places", "rule", attrs={"country": True}))
                s = Span(s.start + 1, s.end, "ORG", s.component, s.source, attrs=dict(s.attrs))
                surface = surface[1:]
            k = surface.find("の")
            left, right = surface[:k], surface[k + 1:]
            if k >= 2 and len(right) >= 2 and left.endswith(("大学", "大學", "学院", "会社", "協会", "機構", "省", "庁")):
                out.append(Span(s.start, s.start + k, "ORG", s.component, s.source))
                s = Span(s.start + k + 1, s.end, "ORG", s.component, s.source)
        out.append(s)
    return out


def filter_candidates(text: str, cands: list[Span]) -> list[Span]:
    """Candidates of a Japanese unit before precedence: person candidates without a name
    morpheme go (産業機械|課長 must not beat the model's organisation), and a short place
    name that is also a family name yields to the model's person starting with it
    (山口|一郎氏: 山口 the prefecture's short name)."""
    cands = person_guard(text, cands)
    persons = [c for c in cands if c.label == "PERSON" and c.component == "model"]
    return [c for c in cands if not (
        c.label in ("GPE", "LOC") and c.component in ("bare", "gazetteer") and not c.attrs.get("country")
        and any(p.start == c.start and p.end > c.end for p in persons) and is_surname(text[c.start:c.end]))]


def katakana_names(text: str, spans: list[Span]) -> list[Span]:
    """A person written in katakana ends where Han characters start, a foreign name holds none
    (レー・ヴァン・タン|人民委員会副主席); a tail that ends like an organisation is one."""
    out: list[Span] = []
    for s in spans:
        foreign = s.label == "PERSON" and is_katakana(text[s.start])
        cut = next((i for i in range(s.start, s.end) if is_han(text[i])), s.end) if foreign else s.end
        if cut == s.end or cut - s.start < 2:
            out.append(s)
            continue
        out.append(Span(s.start, cut, "PERSON", s.component, s.source, attrs=dict(s.attrs)))
        if ends_with_org_suffix(text[cut:s.end]) and s.end - cut >= 3:
            out.append(Span(cut, s.end, "ORG", "orgs", "rule", attrs={"ja": "after_name"}))
    return out


# The repairs ``configs/ner.toml [japanese] repairs`` may name: the person repairs of
# :mod:`pipeline.ner.ja_names` and the organisation repairs above. Each gets the unit's text
# and its resolved spans and returns the repaired spans.
JaRepair = Callable[[str, list[Span]], list[Span]]
REPAIRS: dict[str, JaRepair] = {
    "spaced_names": spaced_names, "titled_names": titled_names, "honorific_names": honorific_names,
    "contact_names": contact_names, "bracket_titles": bracket_titles, "listed_names": listed_names,
    "extend_names": extend_names, "company_names": company_names, "unit_chains": unit_chains,
    "self_government_units": self_government_units, "prefixes": prefixes, "org_prefixes": org_prefixes,
    "readings": readings, "unit_titles": unit_titles, "org_person_titles": org_person_titles,
    "katakana_names": katakana_names, "katakana_titled_names": katakana_titled_names,
}


def repair_japanese(text: str, spans: list[Span]) -> list[Span]:
    """The resolved spans of one Japanese unit after the repairs of ``configs/ner.toml
    [japanese] repairs``, in order; an unknown name there is a :class:`ResourceError`."""
    for name in load_config()["japanese"]["repairs"]:
        step = REPAIRS.get(name)
        if step is None:
            raise ResourceError(f"configs/ner.toml [japanese] repairs: unknown repair {name!r} "
                                f"({', '.join(REPAIRS)})")
        spans = step(text, spans)
    return spans

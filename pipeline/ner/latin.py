"""Names written in Latin letters, inside Chinese or Japanese text and in English passages.

Rules (``configs/ner.toml [latin]``), each a switch so its effect can be measured:

* ``legal_form`` -- words ending in a legal form of ISO 20275 (``corpora/gazetteers/
  legal_forms.txt``): Robert Bosch GmbH, Applied Materials, Inc., ASML Holding N.V.;
* ``head_end`` -- capitalised words ending in an organisation head word: National Science
  Council, European People's Party, SBS Systems, Deutsche Forschungsgemeinschaft
  (German compounds end in the head: Forschungs|gemeinschaft, Fraunhofer-Gesellschaft);
* ``head_first`` -- a head word, then of/for/für/de and capitalised words: University of
  Tokyo, Ministry of Economy, Trade and Industry, Institut für Textiltechnik;
* ``cjk_head`` -- Latin words right before a Chinese/Japanese organisation head: Google公司,
  IBM研究所, Sony株式会社;
* ``bracket`` -- Latin words in brackets right after an entity take its label (a translation):
  人民黨團（European People's Party）, 德國 (Germany);
* ``list_acronym`` -- a capitalised acronym listed between organisations: FANUC、OTC、松下;
* ``apposition`` -- a Latin name after a word for a kind of body: 處理機構ANDRA, 新創公司Sfly;
  with ``apposition_quote`` also in quotes (支援ブランド「Startup Island Taiwan」): the whole
  name is one organisation, a place inside it (Taiwan) is no separate place;
* ``branch`` -- a Latin name directly followed by a Chinese unit: IMEC荷兰分中心.
* ``bracket_reverse`` -- a Chinese/Japanese name in brackets after a Latin organisation:
  NVIDIA（輝達） (:mod:`pipeline.ner.latin_lists`);
* ``bracket_model`` -- ``bracket`` also after an organisation only the statistical model
  found: 三星(Samsung), 格芯(GlobalFoundries) (a translation in brackets confirms it);
* ``list_coord``, ``role_cue``, ``nation_prefix`` -- brands known by their context (lists of companies,
  company roles): :mod:`pipeline.ner.latin_lists`;
* ``person_pairs``, ``person_reading``, ``person_credit`` -- persons known by a name pair
  in brackets, a reading or a photo credit: :mod:`pipeline.ner.latin_persons`.

The shared settings and name checks are in :mod:`pipeline.ner.latin_forms`.

Every span gets the folded name without its legal form as key (case, spacing and
punctuation folded: ``Robert Bosch GmbH`` = ``ROBERT BOSCH``), so the mentions of one
company are one entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.ner.latin_forms import (
    LETTERS,
    LatinRules,
    is_head,
    latin_rules,
    only_forms,
    with_bracketed_place,
    without_article,
)
from pipeline.ner.latin_lists import coined_spans, list_spans, nation_spans, reverse_pair_spans, role_spans
from pipeline.ner.latin_persons import latin_person_pairs
from pipeline.ner.rules import org_rules
from pipeline.ner.spans import Span
from pipeline.text.chars import is_han
from pipeline.text.fold import fold

_L = LETTERS
# A word of a Latin name: letters/digits with inner apostrophes, hyphens and dots (S.p.A).
_WORD = re.compile(rf"[{_L}0-9](?:[{_L}0-9'’\-]|\.(?=[{_L}]))*\.?")
# What may separate two words of one name; a layout space may be two or three (justified PDF text).
_GAP = re.compile(r"(?:\s?[&+]\s?|,\s?|\s| {2,3})")
_OPEN, _CLOSE = "(（", ")）"
_QUOTES = "「『“"


@dataclass
class _Word:
    start: int
    end: int
    text: str
    gap: str  # the separator before this word ('' for the first word of a run)


def _runs(text: str) -> list[list[_Word]]:
    """Maximal runs of Latin words joined by spaces, commas, & or +."""
    runs: list[list[_Word]] = []
    pos = 0
    run: list[_Word] = []
    for m in _WORD.finditer(text):
        gap = text[pos:m.start()]
        if run and not _GAP.fullmatch(gap):
            runs.append(run)
            run = []
        run.append(_Word(m.start(), m.end(), m.group(0), gap if run else ""))
        pos = m.end()
    if run:
        runs.append(run)
    return runs


def _is_name_word(w: str, r: LatinRules) -> bool:
    """A capitalised word, an acronym or a brand with a capital or a digit (eBay, 3M)."""
    core = w.rstrip(".")
    if core in r.not_name or not core or core.isdigit():
        return False  # a year (2019 Taiwan-Japan …) starts no name
    return core[0].isupper() or core[0].isdigit() or any(c.isupper() for c in core[1:])


def _start_before(words: list[_Word], i: int, r: LatinRules, lowercase_first: bool = False) -> int | None:
    """Index of the first word of the name that ends with word ``i - 1``: name words with
    connectors (of, and, &) inside; None when no name word precedes. A comma ends the name
    (a list: DISCO, Panasonic, Hitachi Chemical Company) except before a legal form
    (``lowercase_first``: Applied Materials, Inc.)."""
    j = i
    names = 0
    while j > 0 and i - j < r.max_words:
        sep = words[j].gap if j < len(words) else ""
        if "," in sep and not (lowercase_first and j == i):
            break
        w = words[j - 1].text
        if _is_name_word(w, r) or (lowercase_first and j == i and w.isalnum()):
            names += 1
        elif w.lower() not in r.connectors or j == i:
            break
        j -= 1
    while j < i and not _is_name_word(words[j].text, r):
        j += 1  # a name starts with a name word (and National Science Council -> National …)
    if j < i and words[j].text in r.not_name:
        j += 1
    return j if names and j < i else None


def _span(words: list[_Word], a: int, b: int, label: str, rule: str, key_end: int | None = None) -> Span:
    """A span over words[a..b]; the key is the folded name up to ``key_end`` (without a legal form).
    A full stop after a whole word ends the sentence, not the name (… Technology Centre.)."""
    s, e = words[a].start, words[b].end
    last = words[b].text
    if rule != "legal_form" and last.endswith(".") and len(last) > 5:
        e -= 1
    return Span(s, e, label, "latin", "rule", attrs={"rule": rule, "key_end": key_end})


def _legal_form_spans(text: str, words: list[_Word], r: LatinRules) -> list[Span]:
    out: list[Span] = []
    run_text = text[words[0].start:words[-1].end]
    base = words[0].start
    starts = {w.start: i for i, w in enumerate(words)}
    for m in r.legal_re.finditer(run_text):
        i = starts.get(base + m.start())
        if i is None or i == 0:
            continue
        end_i = max(k for k, w in enumerate(words) if w.start < base + m.end())
        nxt = words[end_i + 1].text if end_i + 1 < len(words) else ""
        if nxt and _is_name_word(nxt, r) and words[end_i + 1].gap == " ":
            continue  # SE Asia, AG Brand: a capitalised word goes on, not a legal form
        j = _start_before(words, i, r, lowercase_first=True)
        if j is not None:
            span = _span(words, j, end_i, "ORG", "legal_form", words[i - 1].end)
            span.end = base + m.end()
            out.append(span)
    return out


def _head_first_end(words: list[_Word], k: int, r: LatinRules) -> int:
    """Last word of the name after ``Head of``: name words and connectors; a comma only in
    a series closed by ``and`` (Ministry of Economy, Trade and Industry)."""
    while k + 1 < len(words):
        nxt = words[k + 1]
        if "," in nxt.gap and not (k + 3 < len(words) and words[k + 2].text == "and"):
            break
        if _is_name_word(nxt.text, r) or (nxt.text.lower() in r.connectors and k + 2 < len(words)
                                          and _is_name_word(words[k + 2].text, r)):
            k += 1
        else:
            break
    return k


def _head_spans(words: list[_Word], r: LatinRules) -> list[Span]:
    out: list[Span] = []
    i = 0
    while i < len(words):
        w = words[i].text.rstrip(".")
        if "head_first" in r.enabled and w in r.heads_first and i + 2 < len(words) \
                and words[i + 1].text.lower() in r.connectors and _is_name_word(words[i + 2].text, r):
            k = _head_first_end(words, i + 2, r)
            j = _start_before(words, i, r)
            out.append(_span(words, i if j is None else j, k, "ORG", "head_first"))
            i = k + 1
            continue
        if "head_end" in r.enabled and is_head(words[i].text, r):
            compound = w not in r.heads
            j = _start_before(words, i, r)
            if j is not None or (compound and "-" in w):
                out.append(_span(words, i if j is None else j, i, "ORG", "head_end"))
            elif compound:
                out.append(_span(words, i, i, "ORG", "head_end"))
        i += 1
    return out


def _cjk_head_spans(text: str, words: list[_Word], prior: list[Span], r: LatinRules) -> list[Span]:
    """Latin name + 公司/研究所 (Google公司), or a Japanese legal form + Latin name (株式会社I&C)."""
    first = words[0]
    pre = r.cjk_prefix_re.search(text, max(0, first.start - 6), first.start)
    if pre is not None and pre.end() == first.start and _is_name_word(first.text, r):
        k = 0
        while k + 1 < len(words) and _is_name_word(words[k + 1].text, r) and words[k + 1].gap in (" ", "&"):
            k += 1
        return [Span(pre.start(), words[k].end, "ORG", "latin", "rule", attrs={"rule": "cjk_head", "key_end": None})]
    last = words[-1]
    m = r.cjk_heads_re.match(text, last.end)
    if m is None or not _is_name_word(last.text, r):
        return []
    j = _start_before(words, len(words), r)
    if j is None or _not_a_body(words[j:], prior, r):
        return []
    return [Span(words[j].start, m.end(), "ORG", "latin", "rule", attrs={"rule": "cjk_head", "key_end": None})]


def _apposition_spans(text: str, words: list[_Word], r: LatinRules) -> list[Span]:
    """A Latin name right after a word for a kind of body: 處理機構ANDRA, 新創公司Sfly."""
    first = words[0]
    quoted = "apposition_quote" in r.enabled and text[first.start - 1:first.start] in _QUOTES
    k = first.start - 1 if quoted else first.start  # ブランド「Startup Island Taiwan」: a quoted name
    m = r.apposition_re.search(text, max(0, k - 6), k)
    if m is None or m.end() != k or not _is_name_word(first.text, r):
        return []
    k = 0
    while k + 1 < len(words) and _is_name_word(words[k + 1].text, r) and words[k + 1].gap == " ":
        k += 1
    if any(w.text.rstrip(".").upper() in r.not_org for w in words[:k + 1]):
        return []
    return [_span(words, 0, k, "ORG", "apposition")]


def _bracket_spans(text: str, words: list[_Word], prior: list[Span], r: LatinRules) -> list[Span]:
    """A Latin name alone in brackets after an entity: its translation, same label."""
    s, e = words[0].start, words[-1].end
    k = s
    while k > 0 and text[k - 1] == " ":
        k -= 1
    if k == 0 or text[k - 1] not in _OPEN or e >= len(text) or text[e] not in _CLOSE + "，,;；、":
        return []
    company = text[e] in _CLOSE and r.cjk_heads_re.match(text, e + 1) is not None
    if len(words) == 1 and words[0].text.isupper() and not company:
        return []  # an acronym: pipeline.ner.rules.acronym_definitions
    if not _is_name_word(words[0].text, r):
        return []
    k -= 1
    while k > 0 and text[k - 1] == " ":
        k -= 1
    before = [p for p in prior if p.end == k and p.label in ("ORG", "GPE", "FAC", "LOC") and (
        p.component != "model" or (p.label == "ORG" and "bracket_model" in r.enabled))]
    if before:
        label = max(before, key=lambda p: p.length).label
    elif company:
        label = "ORG"  # 瑞士諾華(Novartis)公司: the brand of the company
    else:
        return []
    return [Span(s, e, label, "latin", "rule", attrs={"rule": "bracket", "key_end": None})]


def _branch_spans(text: str, words: list[_Word], prior: list[Span], r: LatinRules) -> list[Span]:
    """A Latin name directly followed by a Chinese/Japanese organisation unit is one
    organisation: IMEC荷兰分中心, Google台灣分公司 (the unit's name alone is a fragment);
    not a sector or a place (MEMS研究中心, AI推進室)."""
    last = words[-1]
    unit = next((p for p in prior if p.start == last.end and p.label == "ORG" and p.component == "orgs"), None)
    if unit is None or text[unit.start:unit.end].isascii() or not _is_name_word(last.text, r):
        return []
    j = _start_before(words, len(words), r)
    if j is None:
        return []
    s = words[j].start
    if _not_a_body(words[j:], prior, r):
        return []
    return [Span(s, unit.end, "ORG", "latin", "rule", attrs={"rule": "branch", "key_end": None})]


def _not_a_body(words: list[_Word], prior: list[Span], r: LatinRules) -> bool:
    """Latin words that name a sector, a place or a person (MEMS, Tokyo) or a role or
    document (CEO, MOU): no organisation name starts with them."""
    s, e = words[0].start, words[-1].end
    if any(p.label in ("INDUSTRY", "GPE", "LOC", "PERSON") and p.start < e and s < p.end for p in prior):
        return True
    return any(w.text.rstrip(".").upper() in r.not_org for w in words)


def _list_acronyms(text: str, prior: list[Span]) -> list[Span]:
    """An all-capital word in a 、-list of which another item is an organisation:
    FANUC、安川、OTC、松下 (a list of brands, not of sectors)."""
    orgs = {(p.start, p.end) for p in prior if p.label == "ORG"}
    out = []
    for m in re.finditer(r"(?<=、)([A-Z][A-Z0-9&]{1,7})(?=、)", text):
        s, e = m.span(1)
        items = _list_items(text, s, e)
        if any(item in orgs for item in items if item != (s, e)):
            out.append(Span(s, e, "ORG", "latin", "rule", attrs={"rule": "list_acronym", "key_end": None}))
    return out


def _list_items(text: str, s: int, e: int, max_items: int = 6, max_len: int = 12) -> list[tuple[int, int]]:
    """The (start, end) of the 、-separated items around text[s:e] (at most ``max_items`` each side)."""
    items = [(s, e)]
    k = s - 1
    for _ in range(max_items):
        if k < 0 or text[k] != "、":
            break
        j = k
        while j > 0 and k - j < max_len and text[j - 1] not in "、，,。；;：:（(「『 \n" and not _stop(text[j - 1]):
            j -= 1
        items.insert(0, (j, k))
        k = j - 1
    k = e
    for _ in range(max_items):
        if k >= len(text) or text[k] != "、":
            break
        j = k + 1
        while j < len(text) and j - k <= max_len and text[j] not in "、，,。；;：:）)」』 \n等及和与與":
            j += 1
        items.append((k + 1, j))
        k = j
    return items


def _stop(ch: str) -> bool:
    return ch in "有的是在等及和与與"


def latin_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """ORG (and bracketed GPE/FAC/LOC) spans of Latin-script names in ``text``, and
    PERSON spans of :mod:`pipeline.ner.latin_persons`."""
    r = latin_rules()
    out: list[Span] = []
    for words in _runs(text):
        found: list[Span] = []
        if "legal_form" in r.enabled:
            found += _legal_form_spans(text, words, r)
        found += _head_spans(words, r)
        if "cjk_head" in r.enabled:
            found += _cjk_head_spans(text, words, prior, r)
        if "bracket" in r.enabled:
            found += _bracket_spans(text, words, prior, r)
        if "apposition" in r.enabled and not found:
            found += _apposition_spans(text, words, r)
        if "branch" in r.enabled and not found:
            found += _branch_spans(text, words, prior, r)
        out += found
    if "list_acronym" in r.enabled:
        out += _list_acronyms(text, prior + out)
    if "list_coord" in r.enabled:
        out += list_spans(text, prior + out, r)
    if "role_cue" in r.enabled:
        out += role_spans(text, prior + out, r)
    if "nation_prefix" in r.enabled:
        out += nation_spans(text, prior + out, r)
    if "coined_word" in r.enabled:
        out += coined_spans(text, prior + out, r)
    if "bracket_reverse" in r.enabled:
        out += reverse_pair_spans(text, prior + out)
    # The name of a kind of company is no company: Offene Handelsgesellschaft (OHG), (GmbH).
    out = [s for s in out if fold(without_article(text[s.start:s.end])) not in r.kinds
           and text[s.start:s.end] not in r.not_org and not only_forms(fold(text[s.start:s.end]), r)]
    _with_cjk_prefix(text, out, prior, r)
    with_bracketed_place(text, out, r)
    for s in out:
        _set_key(s, text)
    persons = latin_person_pairs(text, prior + out, r)
    out = [s for s in out if not any(p.label == "PERSON" and p.overlaps(s) for p in persons)]
    return out + persons


def _with_cjk_prefix(text: str, spans: list[Span], prior: list[Span], r: LatinRules) -> None:
    """A place or body written before a Latin name with a space is part of it
    (福島縣 Technology Centre); so are 2-4 kanji that end no name found so far before a
    name ending in one of ``kanji_prefix_heads`` (東葛 Techno Plaza, not 7日參訪 Fraunhofer);
    not a person (…部長 John Smith)."""
    before = {p.end: p for p in prior if p.label in ("GPE", "ORG") and p.component != "model"}
    known_ends = {p.end for p in prior if p.component != "model"}
    for sp in spans:
        if sp.attrs.get("rule") in ("bracket", "list_acronym", "cjk_head") or text[sp.start - 1:sp.start] != " ":
            continue
        p = before.get(sp.start - 1)
        if p is not None and p.length <= 8 and not any(c.isascii() for c in text[p.start:p.end]):
            sp.start = p.start
        elif sp.start - 1 not in known_ends and text[sp.start:sp.end].rsplit(" ", 1)[-1].rstrip(".") in r.kanji_prefix_heads:
            sp.start = _kanji_before(text, sp.start - 1)


def _kanji_before(text: str, k: int) -> int:
    """Start of 2-4 kanji ending at ``k`` and preceded by no kanji (a short name; a longer
    run is a phrase), without a character that ends a name (的, 與); else ``k + 1``."""
    stops = org_rules().stop_chars
    h = k
    while h > 0 and k - h < 4 and is_han(text[h - 1]) and text[h - 1] not in stops:
        h -= 1
    return h if 2 <= k - h <= 4 and (h == 0 or not is_han(text[h - 1])) else k + 1


def _set_key(span: Span, text: str) -> None:
    """Canonical display = the name as written; key = folded name without its legal form."""
    name = text[span.start:span.end]
    end = span.attrs.pop("key_end", None)
    core = text[span.start:end].rstrip(" ,") if end else name
    span.canonical = " ".join(name.split())
    span.key = fold(core) or fold(name)

"""Precision guards on organisation spans by jieba's words and parts of speech.

A suffix rule or a model takes what stands before an organisation word into the name: a
clause (近日个别媒体传出|紫光集团, 一行赴|…制作所, 餐會中|代表處) or only common words (科技公司,
零部件公司, 兩大集團, 私立大学). Dictionary words and their tags tell a name from a description:
a name holds a proper noun (jieba nr/ns/nt/nz/j), a word jieba does not know (a brand: a run of
single characters, Latin or kana), while a description holds only vocabulary.

* ``lead_phrases`` — an organisation is cut after a clause that opens it: common words ending in
  a verb, preposition, conjunction or particle (a word of two characters or more, or one of
  ``[guards] lead_words``), or a localiser after a noun (餐會|中); the rest must still end
  in an organisation word and hold a name (a proper noun, an unknown word) unless the cut word
  is a listed lead word.
* ``glued_titles`` — a person's whole title glued after an organisation word is cut off
  (國際組|專員); :mod:`pipeline.ner.title_tails` handles a name that shares characters with
  the title after it (…連盟会|長).
* ``common_nps`` — an organisation made of an organisation word (``[guards] common_heads``)
  and at most ``max_common_words`` vocabulary words (nouns, verbs, adjectives, numerals and
  classifiers, pronouns, adverbs, localisers) is a description and is dropped; a head alone
  (代表處, キャンパス) too. Branch heads (分公司, 總部) also count places as common words
  (台灣分公司: the Taiwan branch). University heads are named by common words (交通大學,
  成功大學): only a head alone, attributes (jieba b: 私立, 國立) or a kind (…系) are dropped.

Cost: jieba tokenisation of each organisation span (cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.ner.boundaries import ends_with_org_suffix
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.persons import person_rules
from pipeline.ner.rules import org_rules
from pipeline.ner.spans import Span
from pipeline.ner.words import jieba_tokenizer, tokens
from pipeline.text.fold import fold_chars

Token = tuple[str, str]
_PROPER = ("nr", "ns", "nt", "nz", "j", "eng", "x")  # names, abbreviations, Latin, kana
_CLAUSE = ("v", "p", "c", "u", "d", "r")  # a word that ends a clause before the name
_LOCALISERS = frozenset("中内上后間间時时")  # 餐会|中: during, in


@dataclass(frozen=True)
class _Settings:
    lead: frozenset[str]  # listed lead words (folded)
    heads: tuple[str, ...]  # organisation words, longest first
    branch: frozenset[str]  # heads before which a place is a common word
    named: frozenset[str]  # heads named by common words (universities)
    noun_named: frozenset[str]  # heads named by common nouns (国家能源集团), not by other words
    max_words: int
    min_freq: int  # jieba frequency of a word that ends a clause


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold_chars(w) for w in words)


@lru_cache(maxsize=1)
def _settings() -> _Settings:
    g = load_config()["guards"]
    heads = tuple(sorted(_folded(g.get("common_heads", [])), key=len, reverse=True))
    return _Settings(_folded(g["lead_words"]), heads, _folded(g.get("branch_heads", [])),
                     _folded(g.get("named_heads", [])), _folded(g.get("noun_named_heads", [])),
                     int(g.get("max_common_words", 3)), int(g.get("lead_min_freq", 100)))


def _proper(token: Token) -> bool:
    """A name's word: a proper-noun tag, or a word jieba's dictionary does not hold."""
    word, tag = token
    return tag.startswith(_PROPER) or word not in jieba_tokenizer()[1]


def _holds_name(toks: tuple[Token, ...] | list[Token]) -> bool:
    """Some word is a proper noun, or two single characters in a row are no numeral or classifier
    (an unknown name split into characters: 欣|旺|达)."""
    run = 0
    for word, tag in toks:
        if _proper((word, tag)):
            return True
        run = run + 1 if len(word) == 1 and not tag.startswith(("m", "q")) else 0
        if run >= 2:
            return True
    return False


def _clause_end(token: Token, previous: Token | None, following: Token | None) -> str:
    """How ``token`` ends a clause before a name: "listed" (a lead word: 赴, 拜會), "verb" (a
    common verb, adverb, preposition, conjunction or particle of two characters or more),
    "localiser" (餐會|中) or "" (it does not)."""
    word, tag = token
    cfg = _settings()
    if word in cfg.lead and (len(word) >= 2 or tag.startswith("v")):
        return "listed"  # single-character conjunctions join parts of a name (外交及國防委員會)
    # a rare "verb" is a name jieba split badly (庆应|大学): only common words end a clause
    if len(word) >= 2 and tag.startswith(_CLAUSE) and not tag.startswith("vn") \
            and jieba_tokenizer()[1].get(word, 0) >= cfg.min_freq:
        return "verb"
    # 餐会|中|代表处; not 商工|中|金 (a character of the name: the next word is a single one)
    if previous is not None and following is not None and word in _LOCALISERS and tag == "f" \
            and previous[1].startswith("n") and len(following[0]) >= 2:
        return "localiser"
    return ""


def _name_starts(toks: tuple[Token, ...]) -> bool:
    """The words after a cut start with a name (紫光|集团), not with more vocabulary (加工区)."""
    if not toks:
        return False
    word, tag = toks[0]
    if tag.startswith(("nr", "ns", "nz", "eng", "x")) or word not in jieba_tokenizer()[1]:
        return True
    if tag == "nt" and ends_with_org_suffix(word):
        return True  # jieba knows the organisation (华润集团), not only a word of its name (加工区)
    # an unknown name split into single characters (欣|旺|达), not an organisation word (加工区)
    return len(toks) >= 2 and all(len(w) == 1 and not t.startswith(("m", "q")) for w, t in toks[:2])


def _lead_cut(surface: str, gaz: Gazetteer) -> int:
    """Characters of a clause that opens ``surface`` (0: none)."""
    toks = tokens(fold_chars(surface))
    cut = at = 0
    for i, tok in enumerate(toks[:-1]):
        if _proper(tok) or gaz.lookup(tok[0]) is not None:
            break  # the name has started (a place jieba tags as an adverb: 大连)
        at += len(tok[0])
        kind = _clause_end(tok, toks[i - 1] if i else None, toks[i + 1])
        if not kind or len(surface) - at < 2 or not ends_with_org_suffix(surface[at:]):
            continue
        if kind in ("listed", "localiser") or (_name_starts(toks[i + 1:]) and not _bare_suffix(surface[at:])):
            cut = at
    return cut


@lru_cache(maxsize=1)
def _suffixes() -> frozenset[str]:
    return frozenset(org_rules().suffix_map)


def _bare_suffix(surface: str) -> bool:
    """Nothing but an organisation word is left (推進|センター): the cut word was the name's."""
    return fold_chars(surface) in _suffixes()


_FIELD_JOINERS = "・、"


def lead_phrases(text: str, span: Span, gaz: Gazetteer) -> Span | None:
    """Cut a clause off the start of an organisation (近日个别媒体传出|紫光集团)."""
    if span.label != "ORG" or gaz.lookup(text[span.start:span.end]) is not None:
        return span
    cut = _lead_cut(text[span.start:span.end], gaz)
    if cut and (text[span.start + cut - 1] in _FIELD_JOINERS or text[span.start + cut] in _FIELD_JOINERS):
        return span  # 会計・統計部, 科學、文化暨旅遊部: fields of one name, not a clause before it
    return replace(span, start=span.start + cut, canonical=None, key=None) if cut else span


def _common(toks: tuple[Token, ...], places: bool) -> bool:
    if places:
        toks = tuple(t for t in toks if not t[1].startswith("ns"))
    return not _holds_name(toks)


def _kind_only(toks: tuple[Token, ...]) -> bool:
    """Attributes, a count or a kind of a university (私立, 國立, 兩, 理工系), never its name (交通, 成功)."""
    return all(tag.startswith(("b", "m")) for _w, tag in toks) or (bool(toks) and toks[-1][0] == "系")


def common_nps(text: str, span: Span, gaz: Gazetteer) -> Span | None:
    """Drop an organisation that is an organisation word after common words only (科技公司)."""
    if span.label != "ORG":
        return span
    folded = fold_chars(text[span.start:span.end])
    cfg = _settings()
    head = next((h for h in cfg.heads if folded.endswith(h)), None)
    if head is None or gaz.lookup(folded) is not None:
        return span
    modifier = folded[: -len(head)].strip()
    if not modifier:
        return None
    toks = tokens(modifier)
    if sum(len(w) for w, _t in tokens(folded)[:len(toks)]) != len(modifier):
        return span  # jieba knows the whole as one word (松下公司): a lexicalised name
    if head in cfg.named:
        return None if _kind_only(toks) else span
    if head in cfg.noun_named and any(tag.startswith("n") for _w, tag in toks):
        return span
    if len(toks) <= cfg.max_words and _common(toks, head in cfg.branch):
        return None
    return span


@lru_cache(maxsize=1)
def _folded_title_re() -> re.Pattern[str]:
    # folding maps characters one to one, so the folded pattern matches folded text (専員, 專員)
    return re.compile(fold_chars(person_rules().title_re.pattern))


def glued_titles(text: str, span: Span, gaz: Gazetteer) -> Span | None:
    """Cut a person's title glued after an organisation (國際組|專員, 企劃課|課長, 人事課|長): the
    title belongs to the person the sentence goes on to name, not to the unit's name."""
    if span.label != "ORG" or gaz.lookup(text[span.start:span.end]) is not None:
        return span
    folded = fold_chars(text[span.start:span.end])
    for k in range(min(5, len(folded) - 2), 1, -1):
        if _folded_title_re().fullmatch(folded[-k:]) and ends_with_org_suffix(folded[:-k]):
            return replace(span, end=span.end - k, canonical=None, key=None)
    if folded.endswith("长") and len(folded) >= 4 and ends_with_org_suffix(folded[:-1]):
        return replace(span, end=span.end - 1, canonical=None, key=None)  # 農学研究科|長: its head
    return span

"""NER-annotated text for NLP tools: a spaCy ``DocBin`` and a CoNLL token/BIO file.

The unit is a language block (``Document.blocks``): entity mention offsets index the
block's text, so every exported ``Doc`` has exactly the block's text and its entities
at exactly the mention offsets.  Tokens: one per CJK character (Chinese and Japanese
are not segmented here, like the character-based NER models), one per run of
Latin letters/digits, one per other symbol; a token boundary is also put at every
mention start and end, so no entity boundary falls inside a token.

Overlapping mentions cannot all be ``Doc.ents``: the longest win (then the first);
every mention, overlapping or not, is also kept in ``Doc.spans["mentions"]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.document import Document

_TOKEN = re.compile(
    r"(\s+)"
    r"|([0-9A-Za-z\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)"
    r"|(.)", re.S)
SENTENCE_END = frozenset("。！？!?")


@dataclass
class Mention:
    """One entity mention in a block: character offsets into the block text."""

    start: int
    end: int
    label: str
    canonical_id: str


def block_mentions(doc: Document) -> dict[int, list[Mention]]:
    """Text mentions of each block index, sorted by offset."""
    out: dict[int, list[Mention]] = {}
    for e in doc.entities:
        for m in e.mentions:
            b, s, t = m.block, m.start, m.end
            if b is None or not 0 <= b < len(doc.blocks) or s is None or t is None:
                continue
            if 0 <= s < t <= len(doc.blocks[b].text):
                out.setdefault(b, []).append(Mention(s, t, e.label, e.canonical_id))
    for ms in out.values():
        ms.sort(key=lambda m: (m.start, -m.end, m.label, m.canonical_id))
    return out


def tokenize(text: str, cuts: set[int] | None = None) -> list[tuple[int, int]]:
    """(start, end) of every token of ``text``, whitespace runs included, also cut at
    each offset in ``cuts``; the tokens tile the text."""
    cuts = cuts or set()
    out = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        inner = sorted(c for c in cuts if s < c < e)
        for a, b in zip([s, *inner], [*inner, e], strict=True):
            out.append((a, b))
    return out


def non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """A maximal set of non-overlapping mentions: longest first, then leftmost."""
    chosen: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start, m.label)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _blocks(docs: list[Document]) -> Iterator[tuple[Document, int, list[Mention]]]:
    for doc in docs:
        mentions = block_mentions(doc)
        for i, block in enumerate(doc.blocks):
            if block.text.strip():
                yield doc, i, mentions.get(i, [])


def spacy_doc(vocab: Any, text: str, mentions: list[Mention], user_data: dict[str, Any]) -> Any:
    """A spaCy ``Doc`` with ``text`` exactly, its entities at the mention offsets."""
    from spacy.tokens import Doc, Span

    cuts = {m.start for m in mentions} | {m.end for m in mentions}
    words: list[str] = []
    spaces: list[bool] = []
    for s, e in tokenize(text, cuts):
        tok = text[s:e]
        # A single space after a word is that word's trailing whitespace, not a token
        # (unless a mention starts or ends at it: then it must be a token of its own).
        if tok == " " and words and not spaces[-1] and not words[-1].isspace() \
                and s not in cuts and e not in cuts:
            spaces[-1] = True
            continue
        words.append(tok)
        spaces.append(False)
    doc = Doc(vocab, words=words, spaces=spaces)
    assert doc.text == text, "tokens must tile the block text"

    def span(m: Mention) -> Span | None:
        return doc.char_span(m.start, m.end, label=m.label, kb_id=m.canonical_id)

    doc.set_ents([s for s in map(span, non_overlapping(mentions)) if s is not None],
                 default="outside")
    doc.spans["mentions"] = [s for s in map(span, mentions) if s is not None]
    doc.user_data.update(user_data)
    return doc


def write_docbin(docs: list[Document], path: Path) -> int:
    """Write one spaCy ``Doc`` per non-empty block to ``path`` (a DocBin); returns the
    number of docs.  ``user_data`` holds doc_id, block, section, page and lang."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    out = DocBin(store_user_data=True)
    n = 0
    for doc, i, mentions in _blocks(docs):
        b = doc.blocks[i]
        out.add(spacy_doc(vocab, b.text, mentions, {
            "doc_id": doc.id, "block": i, "section": b.section, "page": b.page, "lang": b.lang}))
        n += 1
    out.to_disk(path)
    return n


def bio_sentences(text: str, mentions: list[Mention]) -> list[list[tuple[str, str]]]:
    """(token, BIO tag) sentences of a block: whitespace dropped, a sentence ends after
    。！？ or at a line break, never inside an entity."""
    ents = non_overlapping(mentions)
    cuts = {m.start for m in mentions} | {m.end for m in mentions}
    sentences: list[list[tuple[str, str]]] = [[]]
    for s, e in tokenize(text, cuts):
        tok = text[s:e]
        inside = next((m for m in ents if m.start <= s and e <= m.end), None)
        if tok.isspace():
            if "\n" in tok and inside is None and sentences[-1]:
                sentences.append([])
            continue
        tag = "O" if inside is None else ("B-" if s == inside.start else "I-") + inside.label
        sentences[-1].append((tok, tag))
        if tok in SENTENCE_END and inside is None:
            sentences.append([])
    return [x for x in sentences if x]


def write_conll(docs: list[Document], path: Path) -> int:
    """Write a two-column CoNLL file (``token<TAB>tag``, BIO tags, blank line between
    sentences, ``-DOCSTART-`` before each document, documents by id and blocks in
    order); returns the number of sentences."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        current = None
        for doc, i, mentions in _blocks(docs):
            if doc.id != current:
                fh.write("-DOCSTART-\tO\n\n")
                current = doc.id
            for sent in bio_sentences(doc.blocks[i].text, mentions):
                fh.writelines(f"{tok}\t{tag}\n" for tok, tag in sent)
                fh.write("\n")
                n += 1
    return n

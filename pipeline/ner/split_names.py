"""Names split by their title, as Taiwanese official writing puts them (溫主任曜禎, 陳協理錦文).

Releases of Taiwanese agencies write an official as family name, title, given name. The models
read the title and the given name as one name (曜禎偕陳協理錦文) or miss both parts. The
guidelines annotate the family name and the given name as two PERSON mentions, the title
between them outside. A Chinese family name, a listed title and two characters that the word
dictionary does not know as a word of another kind, followed by a boundary, make the pattern.

Switch: ``configs/ner.toml [persons] split_names``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.name_dict import chinese_surname
from pipeline.ner.persons import person_rules
from pipeline.ner.spans import Span
from pipeline.ner.words import tokens, word_start

# After the given name: punctuation, a list joiner, 偕 (with), the end of the text, or a verb
# of what officials do (陳次長正祺出席).
_AFTER = "、，,。；;：:）)　 偕及與与和等\n"
_AFTER_VERBS = ("出席", "表示", "指出", "致詞", "致词", "率團", "率团", "說明", "说明", "主持", "代表", "等人", "一行", "蒞臨", "莅临")


@lru_cache(maxsize=1)
def _split_re() -> re.Pattern[str]:
    titles = person_rules().title_re.pattern
    verbs = "|".join(_AFTER_VERBS)
    return re.compile(rf"([\u4e00-\u9fff])({titles})([\u4e00-\u9fff]{{2}})(?=[{re.escape(_AFTER)}]|{verbs}|$)")


def _given_name(word: str) -> bool:
    """Two characters that are no dictionary word of another kind (表示, 指出 are verbs)."""
    toks = tokens(word)
    return len(toks) != 1 or toks[0][1].startswith("nr")


def split_name_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """PERSON spans of the family name and the given name around a title."""
    if lang == "ja" or not load_config()["persons"].get("split_names", False):
        return []
    out: list[Span] = []
    for m in _split_re().finditer(text):
        # the family name starts a word (由|溫|主任, not 工商|會長: 商 ends a word)
        if chinese_surname(m.group(1)) and word_start(text, m.start(1)) == m.start(1) and _given_name(m.group(3)):
            out += [Span(*m.span(1), "PERSON", "persons", "rule", attrs={"title": m.group(2)}),
                    Span(*m.span(3), "PERSON", "persons", "rule", attrs={"title": m.group(2)})]
    return out

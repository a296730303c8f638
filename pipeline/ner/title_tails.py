"""Organisation spans that run into the job title written after them.

A title follows the body it belongs to without a separator (連盟会長, 国際部副部長, 友协会长),
and the characters where they meet can end an organisation name as well as begin the title:
会 ends 交流会 and begins 会長, 副部 is no name ending but 部 is. The suffix rules take the
longest organisation (…連盟会, 国際部副部), leaving 長 alone. The repair gives the shared
characters back to the title when the shorter name still ends in an organisation suffix
(…連盟, 国際部) and the title continues past the span's end (so 經濟部 before 部長 keeps
its 部: 經濟 ends in no suffix).

Person spans meet titles the same way: a model's name can take the start of the title
(崔鐘太常任|理事 -> 崔鐘太 + 常任理事) or the prefecture character of 県知事 (村岡嗣政県|知事:
県 and 府 never end a personal name). They give those characters back likewise, keeping
two or more.
"""

from __future__ import annotations

from pipeline.ner.boundaries import ends_with_org_suffix
from pipeline.ner.persons import person_rules
from pipeline.ner.spans import Span
from pipeline.text.fold import fold_chars

# How many characters of a span's end may belong to the title after it (副部|長: two).
MAX_SHARED = 2


def trim_title_tails(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with every ORG or PERSON that runs into a following title trimmed (module docstring);
    a span is trimmed by at most :data:`MAX_SHARED` characters and keeps two or more, or a
    person its one-character family name."""
    rules = person_rules()
    title_re = rules.title_re
    folded = fold_chars(text)
    out = []
    for s in spans:
        if s.label in ("ORG", "PERSON"):
            for k in range(1, MAX_SHARED + 1):
                cut = s.end - k
                m = title_re.match(folded, cut)
                # a person may keep a lone family name (陳|副学長)
                long_enough = cut - s.start >= 2 or (
                    s.label == "PERSON" and cut - s.start == 1 and text[s.start] in rules.surnames)
                if long_enough and m and m.end() > s.end and (
                        s.label == "PERSON" or ends_with_org_suffix(text[s.start:cut])):
                    attrs = dict(s.attrs) | ({"surname": text[s.start]} if cut - s.start == 1 else {})
                    s = Span(s.start, cut, s.label, s.component, s.source, None, None, attrs)
                    break
            if s.label == "PERSON" and s.end - s.start >= 3 and text[s.end - 1] in _NEVER_ENDS_A_NAME \
                    and title_re.match(folded, s.end):
                s = Span(s.start, s.end - 1, s.label, s.component, s.source, None, None, dict(s.attrs))
        out.append(s)
    return out


_NEVER_ENDS_A_NAME = "県縣府"  # the prefecture of 県知事, 府知事

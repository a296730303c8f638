"""Bad input never crashes the NER stage and always gives a valid entity list."""

from __future__ import annotations

import json

import pytest

from pipeline.ner.stage import extract_entities

KEYS = {"text", "label", "canonical", "canonical_id", "lang", "count", "mentions", "sources"}

CASES = {
    "empty": "",
    "whitespace": " \n\t\u3000\n",
    "digits": "1234567890 2019 108 3.14",
    "latin": "The quick brown fox jumps over the lazy dog. ASEAN JETRO",
    "control": "\x00\x07經濟部\x1b工業局\x0c鄒\x08科長\x7f",
    "mixed": "經濟部と経済産業省 and METI で会議 会議 회의 مؤتمر 🚀 ①②③",
    # 21k characters on one line: several model chunks (configs/ner.toml max_chunk_chars)
    "long_line": ("經濟部工業局拜會東北經產局並討論半導體合作" * 1000),
    "lone_punct": "（）()【】「」：:、，。" * 50,
    "surrogates": "經濟部\udcff工業局",
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("lang", [None, "zh-Hant", "en"])
def test_bad_input_gives_valid_entities(name: str, lang: str | None) -> None:
    text = CASES[name]
    ents = extract_entities(text, lang)
    assert isinstance(ents, list)
    json.dumps([e.to_dict() for e in ents], ensure_ascii=False)  # JSON-serialisable
    for e in ents:
        assert KEYS <= set(e.to_dict())
        assert e.count == len(e.mentions) > 0
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text)


def test_only_digits_or_latin_has_no_cjk_entities() -> None:
    assert extract_entities(CASES["digits"]) == []
    latin = extract_entities("hello world, nothing here")
    assert latin == []


def test_long_line_counts_every_mention() -> None:
    ents = extract_entities(CASES["long_line"], "zh-Hant")
    org = [e for e in ents if e.canonical == "東北經濟產業局"]
    assert org and org[0].count == 1000
    mentions = sorted(m.start for m in org[0].mentions)
    assert mentions == [8 + 21 * i for i in range(1000)]  # every chunk, offsets into the line


def test_long_line_time_is_linear() -> None:
    import time

    unit = "經濟部工業局拜會東北經產局並討論半導體合作"
    extract_entities(unit * 10, "en")  # warm-up (gazetteers)
    t0 = time.process_time()
    extract_entities(unit * 200, "en")
    small = time.process_time() - t0
    t0 = time.process_time()
    extract_entities(unit * 2000, "en")
    big = time.process_time() - t0
    assert big < 10 * small * 2.5  # 10x the text: far from 100x

"""Exports: tables re-import to the index's counts in every format; GraphML loads in
networkx with the expected nodes and edges; the DocBin loads in spaCy with the
entities at the mention offsets; CoNLL tags; the CLI.

Expected values are written out from the hand-made corpus of test_query.py (whose
entities, offsets and people are known); an end-to-end check runs on the sample PDFs
plus the Japanese PDF.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import spacy
from spacy.tokens import DocBin
from test_query import (
    D1,
    D2,
    D3,
    D4,
    DOCS,
    DRESDEN,
    IPMS,
    KYUSHU,
    METI,
    SATO,
    TOHOKU,
    cid,
    cli,
    e2e_corpus,
)

from pipeline.corpus.store import Corpus
from pipeline.export.nlp import bio_sentences, block_mentions, tokenize
from pipeline.export.records import SCHEMAS, export, read_export, read_table

VOGEL, NAKAMURA = cid("PERSON", "Katrin Vogel"), cid("PERSON", "中村浩二")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    c = Corpus(tmp_path_factory.mktemp("export") / "corpus")
    conn = c.connect()
    for d in DOCS:
        c.store(conn, d)
    conn.close()
    return c


def index_counts(corpus: Corpus) -> dict[str, int]:
    conn = corpus.open_for_reading()
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    try:
        return {"documents": one("SELECT count(*) FROM documents"),
                "entities": one("SELECT count(DISTINCT canonical_id) FROM entities"),
                "mentions": one("SELECT count(*) FROM entity_mentions"),
                "people": one("SELECT count(*) FROM people"),
                "sectors": one("SELECT count(*) FROM sectors") + one("SELECT count(*) FROM section_sectors")}
    finally:
        conn.close()


def test_tables_round_trip_in_every_format(corpus: Corpus, tmp_path: Path) -> None:
    expected = index_counts(corpus)
    assert expected == {"documents": 4, "entities": 8, "mentions": 13, "people": 8, "sectors": 6}
    tables = {}
    for fmt in ("jsonl", "csv", "parquet"):
        written = export(corpus, tmp_path / fmt, fmt)
        assert {p.name: n for p, n in written.items()} == {f"{k}.{fmt}": v for k, v in expected.items()}
        tables[fmt] = read_export(tmp_path / fmt, fmt)
        assert {k: len(v) for k, v in tables[fmt].items()} == expected
        assert all(list(r) == [c for c, _ in SCHEMAS[k]] for k, rows in tables[fmt].items()
                   for r in rows)
    assert tables["jsonl"] == tables["csv"] == tables["parquet"]  # same values, typed alike
    t = tables["jsonl"]
    tohoku = [m for m in t["mentions"] if m["canonical_id"] == TOHOKU]
    assert [(m["doc_id"], m["block"], m["start"], m["end"], m["text"], m["lang"]) for m in tohoku] == \
        sorted([(D1, 0, 2, 7, "東北經產局", "zh-Hant"), (D1, 1, 0, 5, "東北經產局", "zh-Hant"),
                (D2, 0, 0, 7, "東北経済産業局", "ja")])
    assert all(m["canonical"] == "東北經濟產業局" and m["source"] == "text" for m in tohoku)
    ent = {e["canonical_id"]: e for e in t["entities"]}[TOHOKU]
    assert (ent["canonical"], ent["names"], ent["reports"], ent["mentions"], ent["langs"]) == (
        "東北經濟產業局", ["東北經產局", "東北経済産業局"], 2, 3, ["ja", "zh-Hant"])
    doc = {d["id"]: d for d in t["documents"]}[D2]
    assert (doc["period_start"], doc["countries"], doc["sectors"], doc["langs"]) == (
        "2021-11-08", ["日本"], ["hydrogen", "semiconductor"], ["ja"])
    assert doc["authors"] == [{"name": "王大明", "title": "科長", "unit": "電子組", "org": "経済部工業局"}]
    sato = [p for p in t["people"] if p["person_id"] == SATO]
    assert [(p["doc_id"], p["title"], p["source"]) for p in sato] == sorted(
        [(D1, "課長", "table"), (D2, "室長", "table")])
    table_mentions = [m for m in t["mentions"] if m["source"] == "table"]
    assert {(m["canonical_id"], m["table"], m["start"]) for m in table_mentions} == {
        (SATO, 0, None), (VOGEL, 0, None), (NAKAMURA, 0, None)}


def test_exports_are_deterministic(corpus: Corpus, tmp_path: Path) -> None:
    for fmt, name in (("jsonl", "mentions.jsonl"), ("graphml", "entities.graphml"),
                      ("conll", "entities.conll")):
        export(corpus, tmp_path / "a", fmt)
        export(corpus, tmp_path / "b", fmt)
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_graphml_loads_in_networkx(corpus: Corpus, tmp_path: Path) -> None:
    (path,) = export(corpus, tmp_path, "graphml")
    g = nx.read_graphml(path)
    assert not g.is_directed()
    assert set(g.nodes) == {TOHOKU, KYUSHU, METI, IPMS, DRESDEN, SATO, VOGEL, NAKAMURA}
    assert g.nodes[TOHOKU] == {"label": "東北經濟產業局", "entity_label": "ORG",
                               "kind": "organisation", "reports": 2, "mentions": 3}
    assert g.nodes[DRESDEN]["kind"] == "place" and g.nodes[SATO]["kind"] == "person"
    weights = {frozenset((a, b)): d["weight"] for a, b, d in g.edges(data=True)}
    assert weights == {
        frozenset((TOHOKU, METI)): 1.0, frozenset((TOHOKU, SATO)): 2.0, frozenset((METI, SATO)): 1.0,
        frozenset((TOHOKU, KYUSHU)): 1.0, frozenset((KYUSHU, SATO)): 1.0,
        frozenset((DRESDEN, IPMS)): 1.0, frozenset((DRESDEN, VOGEL)): 1.0, frozenset((IPMS, VOGEL)): 1.0,
        frozenset((KYUSHU, METI)): 1.0, frozenset((KYUSHU, NAKAMURA)): 1.0,
        frozenset((METI, NAKAMURA)): 1.0}
    assert g.edges[TOHOKU, SATO]["doc_ids"] == ";".join(sorted([D1, D2]))
    res = cli("export", "--corpus", corpus.root, "-f", "graphml", "-o", tmp_path / "org",
              "--labels", "ORG", "--graph-reports")
    assert res.exit_code == 0, res.stderr
    g = nx.read_graphml(tmp_path / "org" / "entities.graphml")
    reports = {f"DOC:{d}" for d in (D1, D2, D3, D4)}
    assert set(g.nodes) == {TOHOKU, KYUSHU, METI, IPMS} | reports
    co = {frozenset(e) for e in g.edges if not (set(e) & reports)}
    assert co == {frozenset((TOHOKU, METI)), frozenset((TOHOKU, KYUSHU)), frozenset((KYUSHU, METI))}
    edge = g.edges[TOHOKU, f"DOC:{D1}"]
    assert (edge["weight"], edge["kind"], edge["doc_ids"]) == (2.0, "mentioned_in", D1)
    assert g.nodes[f"DOC:{D4}"]["label"] == "赴日本九州考察氫能"


def load_docbin(path: Path) -> list[Any]:
    return list(DocBin().from_disk(path).get_docs(spacy.blank("xx").vocab))


def test_docbin_loads_with_entities_at_offsets(corpus: Corpus, tmp_path: Path) -> None:
    written = export(corpus, tmp_path, "spacy")
    assert list(written.values()) == [5]  # one Doc per non-empty block
    docs = {(d.user_data["doc_id"], d.user_data["block"]): d for d in load_docbin(tmp_path / "blocks.spacy")}
    assert set(docs) == {(D1, 0), (D1, 1), (D2, 0), (D3, 0), (D4, 0)}
    ents = lambda key: [(e.start_char, e.end_char, e.text, e.label_, e.kb_id_) for e in docs[key].ents]  # noqa: E731
    assert docs[(D1, 0)].text == "拜會東北經產局，並與經濟產業省交換意見。"
    assert ents((D1, 0)) == [(2, 7, "東北經產局", "ORG", TOHOKU), (10, 15, "經濟產業省", "ORG", METI)]
    assert ents((D2, 0)) == [(0, 7, "東北経済産業局", "ORG", TOHOKU), (8, 15, "九州経済産業局", "ORG", KYUSHU)]
    assert ents((D3, 0)) == [(1, 5, "德勒斯登", "GPE", DRESDEN), (7, 22, "Fraunhofer IPMS", "ORG", IPMS)]
    assert docs[(D2, 0)].user_data["lang"] == "ja" and docs[(D1, 1)].user_data["section"] == "2"
    assert all(t.ent_iob_ in ("B", "I", "O") for d in docs.values() for t in d)  # fully annotated
    assert [s.text for s in docs[(D4, 0)].spans["mentions"]] == ["九州經濟產業局", "经济产业省"]


def test_conll_bio(corpus: Corpus, tmp_path: Path) -> None:
    (path,) = export(corpus, tmp_path, "conll")
    text = path.read_text(encoding="utf-8")
    assert text.count("-DOCSTART-") == 4
    sentences = [[tuple(line.split("\t")) for line in chunk.splitlines()]
                 for chunk in text.split("\n\n") if chunk.strip() and not chunk.startswith("-DOCSTART-")]
    assert [("於", "O"), ("德", "B-GPE"), ("勒", "I-GPE"), ("斯", "I-GPE"), ("登", "I-GPE"), ("參", "O"),
            ("訪", "O"), ("Fraunhofer", "B-ORG"), ("IPMS", "I-ORG"), ("。", "O")] in sentences
    for sent in sentences:  # valid BIO: an I- tag continues an entity of the same label
        for (_, prev), (_, tag) in zip([("", "O"), *sent], sent, strict=False):
            if tag.startswith("I-"):
                assert prev[2:] == tag[2:] and prev[:1] in "BI", sent
    # One sentence per clause-final 。, none cut inside an entity.
    assert len([s for s in sentences if s[-1][0] == "。"]) == 5


def test_tokenize_tiles_text_and_cuts_at_offsets() -> None:
    text = "經濟部 METI（経済産業省）\n2023年"
    spans = tokenize(text, {5})
    assert "".join(text[s:e] for s, e in spans) == text
    assert (4, 5) in spans and (5, 8) in spans  # "METI" cut at 5
    assert bio_sentences("A。B", []) == [[("A", "O"), ("。", "O")], [("B", "O")]]


def test_export_cli_errors(corpus: Corpus, tmp_path: Path) -> None:
    res = cli("export", "--corpus", corpus.root, "--format", "xlsx")
    assert res.exit_code == 2 and "--format" in res.stderr
    res = cli("export", "--corpus", tmp_path / "none")
    assert res.exit_code == 2
    empty = Corpus(tmp_path / "empty")
    empty.documents_dir.mkdir(parents=True)
    res = cli("export", "--corpus", empty.root)
    assert res.exit_code == 1 and "nothing to export" in res.stderr
    res = cli("export", "--corpus", corpus.root, "-f", "csv")  # default folder: <corpus>/export
    assert res.exit_code == 0 and (corpus.root / "export" / "mentions.csv").is_file()
    assert len(read_table(corpus.root / "export" / "documents.csv")) == 4


@pytest.mark.slow
def test_e2e_exports(tmp_path: Path) -> None:
    corpus = e2e_corpus()
    ja = next(i for i in corpus.ids() if corpus.read_document(i).source.filename == "ja-tohoku.pdf")
    export(corpus, tmp_path, "jsonl")
    t = read_export(tmp_path, "jsonl")
    assert {k: len(v) for k, v in t.items()} == index_counts(corpus)
    export(corpus, tmp_path, "spacy")
    n = 0
    for d in load_docbin(tmp_path / "blocks.spacy"):
        source = corpus.read_document(d.user_data["doc_id"])
        block = source.blocks[d.user_data["block"]]
        assert d.text == block.text
        offsets = {(m.start, m.end, m.label) for m in block_mentions(source).get(d.user_data["block"], [])}
        assert {(e.start_char, e.end_char, e.label_) for e in d.ents} <= offsets
        n += len(d.ents)
    assert n > 100
    ja_ents = {e.text: e.kb_id_ for d in load_docbin(tmp_path / "blocks.spacy")
               if d.user_data["doc_id"] == ja for e in d.ents}
    tohoku = [e for e in t["entities"] if "東北經產局" in e["names"]]
    assert ja_ents["東北経済産業局"] == tohoku[0]["canonical_id"]
    export(corpus, tmp_path, "graphml")
    g = nx.read_graphml(tmp_path / "entities.graphml")
    assert g.nodes[tohoku[0]["canonical_id"]]["reports"] >= 2
    json.dumps(dict(g.nodes(data=True)))  # plain attribute values

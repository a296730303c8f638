"""Tests of the NER scoring functions, the gold data in corpora/eval/ and ``evaluate ner``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.evaluation import ner as ev

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "corpora" / "eval"
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_83d5a5fe7b9e6195.txt"
GOLD = EVAL / "real-2019-chiba-fukushima.gold.json"


def g(label: str, name: str, *aliases: str, **kw: object) -> dict:
    return {"label": label, "name": name, "aliases": list(aliases), **kw}


def p(label: str, text: str, canonical: str | None = None) -> dict:
    return {"label": label, "text": text, "canonical": canonical or text}


# ---------------------------------------------------------------- prf

@pytest.mark.parametrize(("tp", "fp", "fn", "expected"), [
    (0, 0, 0, (1.0, 1.0, 1.0)),  # nothing to find, nothing found
    (0, 0, 3, (0.0, 0.0, 0.0)),  # nothing predicted
    (0, 2, 0, (0.0, 0.0, 0.0)),  # nothing to find, something predicted
    (1, 1, 1, (0.5, 0.5, 0.5)),
    (3, 1, 0, (0.75, 1.0, 0.8571)),
])
def test_prf_defined_values(tp: int, fp: int, fn: int, expected: tuple) -> None:
    r = ev.prf(tp, fp, fn)
    assert (r["precision"], r["recall"], r["f1"]) == pytest.approx(expected, abs=1e-4)
    assert r["support"] == tp + fn


# ---------------------------------------------------------------- document sets

GOLD_SMALL = [
    g("ORG", "台日產業合作推動辦公室", "TJPO"),
    g("ORG", "經濟產業省", "經產省"),
    g("PERSON", "鄒宗勳"),
    g("LOC", "東北地區", "東北"),
    g("GPE", "千葉縣", "千葉"),
]


def test_perfect_prediction() -> None:
    pred = [p("ORG", "台日產業合作推動辦公室"), p("ORG", "經濟產業省"), p("PERSON", "鄒宗勳"),
            p("LOC", "東北地區"), p("GPE", "千葉縣")]
    r = ev.score_document_sets(pred, GOLD_SMALL)
    assert r["micro"]["f1"] == 1.0 and r["micro"]["tp"] == 5
    assert all(row["f1"] == 1.0 for row in r["labels"].values())
    assert r["groups"]["PLACE"]["tp"] == 2


def test_half_right() -> None:
    pred = [p("ORG", "經濟產業省"), p("PERSON", "張哲倫")]  # one hit, one miss, one false alarm
    r = ev.score_document_sets(pred, [g("ORG", "經濟產業省"), g("PERSON", "鄒宗勳")])
    assert r["micro"] == ev.prf(1, 1, 1)
    assert r["labels"]["ORG"]["f1"] == 1.0 and r["labels"]["PERSON"]["f1"] == 0.0
    assert r["missed"] == {"PERSON": ["鄒宗勳"]} and r["spurious"] == {"PERSON": ["張哲倫"]}


def test_aliases_match_and_extra_mentions_are_not_false_positives() -> None:
    pred = [p("ORG", "TJPO"), p("ORG", "台日產業合作推動辦公室"), p("ORG", "經產省"),
            p("ORG", "TJPO")]  # repeated mention collapses
    r = ev.score_document_sets(pred, GOLD_SMALL)
    assert r["labels"]["ORG"] == ev.prf(2, 0, 0)


def test_canonical_field_and_script_folding() -> None:
    # shinjitai / simplified / full-width spellings fold to the gold name
    pred = [p("ORG", "経済産業省"), p("PERSON", "邹宗勋"), p("ORG", "ＴＪＰＯ 辦公室", "tjpo")]
    r = ev.score_document_sets(pred, GOLD_SMALL)
    assert r["labels"]["ORG"]["tp"] == 2 and r["labels"]["ORG"]["fp"] == 0
    assert r["labels"]["PERSON"]["tp"] == 1


def test_place_group_forgives_gpe_loc_confusion() -> None:
    pred = [p("GPE", "東北地區"), p("GPE", "千葉")]
    r = ev.score_document_sets(pred, GOLD_SMALL)
    assert r["labels"]["GPE"] == ev.prf(1, 1, 0)  # 東北地區 is not a GPE
    assert r["labels"]["LOC"] == ev.prf(0, 0, 1)
    assert r["groups"]["PLACE"] == ev.prf(2, 0, 0)


def test_each_gold_entity_counts_once_and_one_prediction_claims_one_entity() -> None:
    gold = [g("GPE", "福島縣", "福島"), g("GPE", "福島市", "福島")]
    r = ev.score_document_sets([p("GPE", "福島")], gold)
    assert r["labels"]["GPE"] == ev.prf(1, 0, 1)
    r = ev.score_document_sets([p("GPE", "福島縣"), p("GPE", "福島市"), p("GPE", "福島")], gold)
    assert r["labels"]["GPE"] == ev.prf(2, 0, 0)


def test_optional_alt_labels_and_coref_are_ignored() -> None:
    gold = [g("ORG", "經濟部工業局", "工業局", coref=["本局"]),
            g("ORG", "電資組", optional=True, note="unit"),
            g("LOC", "ASEAN", alt_labels=["ORG"])]
    # optional missed: no FN; optional / alt label / coref predicted: no FP
    r = ev.score_document_sets([p("ORG", "工業局"), p("ORG", "電資組"), p("ORG", "ASEAN"),
                                p("ORG", "本局")], gold)
    assert r["labels"]["ORG"] == ev.prf(1, 0, 0)
    assert r["labels"]["LOC"] == ev.prf(0, 0, 1)  # ASEAN as ORG does not earn the LOC entity
    r = ev.score_document_sets([p("ORG", "工業局")], gold)
    assert r["micro"] == ev.prf(1, 0, 1)


def test_empty_sets() -> None:
    assert ev.score_document_sets([], [])["micro"]["f1"] == 1.0
    r = ev.score_document_sets([], GOLD_SMALL)
    assert r["micro"] == ev.prf(0, 0, 5)
    r = ev.score_document_sets([p("ORG", "TDK")], [])
    assert r["micro"] == ev.prf(0, 1, 0) and r["micro"]["precision"] == 0.0
    r = ev.score_document_sets([{"label": "ORG", "text": ""}, {"text": "x"}], [])
    assert r["micro"] == ev.prf(0, 0, 0)


def test_unscored_labels_are_reported_not_counted() -> None:
    r = ev.score_document_sets([p("DATE", "2019年")], [])
    assert r["unscored_labels"] == {"DATE": 1} and r["micro"]["fp"] == 0


# ---------------------------------------------------------------- mentions

def test_score_mentions_exact_spans() -> None:
    gold = [(0, 3, "ORG"), (5, 8, "PERSON"), (10, 12, "GPE")]
    assert ev.score_mentions(gold, gold)["micro"]["f1"] == 1.0
    pred = [(0, 3, "ORG"), (5, 7, "PERSON"), (10, 12, "LOC")]  # boundary and label errors
    r = ev.score_mentions(pred, gold)
    assert r["labels"]["ORG"]["f1"] == 1.0
    assert r["labels"]["PERSON"] == ev.prf(0, 1, 1)
    assert r["labels"]["GPE"] == ev.prf(0, 0, 1) and r["labels"]["LOC"] == ev.prf(0, 1, 0)
    assert r["groups"]["PLACE"] == ev.prf(1, 0, 0)
    assert r["micro"] == ev.prf(1, 2, 2)


def test_score_mentions_many_texts_and_empty() -> None:
    gold = [("a", 0, 2, "ORG"), ("b", 0, 2, "ORG")]
    r = ev.score_mentions([("a", 0, 2, "ORG"), ("c", 0, 2, "ORG")], gold)
    assert r["micro"] == ev.prf(1, 1, 1)
    assert ev.score_mentions([], [])["micro"]["f1"] == 1.0
    assert ev.score_mentions([], gold)["micro"] == ev.prf(0, 0, 2)


def test_combine_sums_counts() -> None:
    a = ev.score_mentions([(0, 1, "ORG")], [(0, 1, "ORG")])
    b = ev.score_mentions([(0, 1, "ORG")], [(0, 2, "ORG")])
    c = ev.combine([a, b])
    assert c["labels"]["ORG"] == ev.prf(1, 1, 1) and c["micro"] == ev.prf(1, 1, 1)
    assert ev.combine([])["micro"]["f1"] == 1.0


# ---------------------------------------------------------------- gold data

def test_parse_marked() -> None:
    text, spans = ev.parse_marked("{經濟部|ORG}與{山田 太郎|PERSON}氏")
    assert text == "經濟部與山田 太郎氏"
    assert spans == [[0, 3, "ORG"], [4, 9, "PERSON"]]
    assert ev.parse_marked("no marks") == ("no marks", [])


def test_passages_valid_and_generated_from_marked_source() -> None:
    rows = ev.load_passages(EVAL / "passages.jsonl")
    marked = [json.loads(x) for x in (EVAL / "passages.marked.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [m["id"] for m in marked]
    assert len({r["id"] for r in rows}) == len(rows)
    for row, m in zip(rows, marked):
        assert (row["text"], row["entities"]) == tuple(ev.parse_marked(m["marked"])), row["id"]
        assert row["lang"] == m["lang"] and row["source"] == "written:helper-I"
        spans = sorted(row["entities"])
        for (s, e, lab), nxt in zip(spans, spans[1:] + [[10**9, 0, ""]]):
            assert lab in ev.LABELS and e <= nxt[0], (row["id"], s, e)  # flat, non-overlapping
            assert row["text"][s:e].strip() == row["text"][s:e]
    langs = [r["lang"] for r in rows]
    assert langs.count("zh-Hant") >= 40 and langs.count("zh-Hans") >= 15 and langs.count("ja") >= 30


def test_gold_file_valid() -> None:
    gold = ev.load_gold(GOLD)
    keys: dict[tuple[str, str], str] = {}
    for ent in gold["entities"]:
        assert ent["label"] in ev.LABELS
        assert set(ent) <= {"label", "name", "aliases", "coref", "optional", "alt_labels", "note"}
        assert set(ent.get("alt_labels", [])) <= set(ev.LABELS)
        for form in [ent["name"], *ent["aliases"]]:
            key = (ent["label"], ev.fold_name(form))
            assert keys.setdefault(key, ent["name"]) == ent["name"], f"{form} in two entities"
    assert sum(not e.get("optional") for e in gold["entities"]) >= 100


@pytest.mark.skipif(not SEED.is_file(), reason="../shared is absent")
def test_gold_entities_occur_in_the_report() -> None:
    text = re.sub(r"\s", "", SEED.read_text(encoding="utf-8"))
    for ent in ev.load_gold(GOLD)["entities"]:
        forms = [ent["name"], *ent["aliases"]]
        assert any(re.sub(r"\s", "", f) in text for f in forms), ent["name"]


@pytest.mark.skipif(not SEED.is_file(), reason="../shared is absent")
def test_real_report_mention_subset_is_verbatim() -> None:
    gold = ev.load_gold(GOLD)
    rows = ev.load_passages(EVAL / gold["mentions"])
    lines = set(SEED.read_text(encoding="utf-8").split("\n"))
    assert len(rows) >= 8
    for row in rows:
        assert row["text"] in lines, row["id"]
        assert row["entities"] == sorted(row["entities"])


def test_document_from_text_blocks() -> None:
    doc = ev.document_from_text("經濟部工業局辦理訪日團。\n\n経済産業省の担当者が説明した。\n")
    assert [b.lang for b in doc.blocks] == ["zh-Hant", "ja"]


def test_unknown_public_corpus() -> None:
    with pytest.raises(ev.EvaluationError):
        ev.evaluate_public("nope.test")


# ---------------------------------------------------------------- CLI

def _run(*args: str) -> object:
    from typer.testing import CliRunner

    from pipeline.cli import app

    return CliRunner().invoke(app, ["evaluate", "ner", *args])


def test_cli_needs_exactly_one_input() -> None:
    assert _run().exit_code == 2
    assert _run("--gold", str(GOLD), "--corpus", "gsd.test").exit_code == 2
    res = _run("--gold", str(EVAL / "missing.gold.json"))
    assert res.exit_code == 2 and "error" in res.output


@pytest.mark.skipif(not SEED.is_file(), reason="../shared is absent")
def test_cli_scores_real_report_per_label() -> None:
    res = _run("--gold", str(GOLD), "--source", "text")
    assert res.exit_code == 0, res.output
    for label in (*ev.LABELS, "PLACE", "micro"):
        assert re.search(rf"│ {label}\s+│\s+[01]\.\d{{3}} │", res.output), label
    res = _run("--gold", str(GOLD), "--source", "text", "--json")
    data = json.loads(res.output)
    doc = data["document_level"]
    assert set(doc["labels"]) == set(ev.LABELS) and data["gold_entities"] == doc["micro"]["support"]
    assert doc["micro"]["tp"] > 0  # the NER finds some of the report's entities
    assert data["mention_level"]["micro"]["support"] > 100


def test_cli_passages_json(tmp_path: Path) -> None:
    rows = ev.load_passages(EVAL / "passages.jsonl")
    sample = [r for r in rows if r["id"] in ("ht01", "hs02", "ja01")]
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample), "utf-8")
    res = _run("--passages", str(path), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data["by_lang"]) == {"zh-Hant", "zh-Hans", "ja"} and data["passages"] == 3
    gold_total = sum(len(r["entities"]) for r in sample)
    assert data["overall"]["mention_level"]["micro"]["support"] == gold_total

"""GiNZA -> small Japanese model distillation (pipeline.training.ja_distil) and the ja model switch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ner.config import load_config
from pipeline.training import ja_distil
from pipeline.training import ner_ja as ja_train

SHARED_JA = Path(__file__).resolve().parents[1].parent / "shared" / "ner" / "ja"
SILVER = ja_distil.SILVER_PATH


def test_title_span_next_to_person() -> None:
    text = "経済産業省の西村康稔大臣と部長の田中氏"
    assert ja_distil._title_span(text, 6, 10, "大臣") == {(10, 12, "TITLE")}
    assert ja_distil._title_span(text, 16, 18, "部長") == {(13, 15, "TITLE")}  # one char between
    assert ja_distil._title_span(text, 6, 10, "社長") == set()


def test_split_silver_is_seeded_and_disjoint() -> None:
    rows = [{"text": str(i), "entities": []} for i in range(50)]
    tr, dev = ja_distil.split_silver(rows, n_dev=5)
    assert len(dev) == 5 and len(tr) == 45
    assert {r["text"] for r in tr}.isdisjoint(r["text"] for r in dev)
    assert ja_distil.split_silver(rows, n_dev=5) == (tr, dev)


def test_training_rows_rejects_unknown_data() -> None:
    with pytest.raises(ValueError):
        ja_distil.training_rows("bronze")


def test_using_ja_model_restores_the_config() -> None:
    cfg = load_config()["model"]
    before = cfg.get("ja_model")
    with ja_distil.using_ja_model("models/elsewhere"):
        assert load_config()["model"]["ja_model"] == "models/elsewhere"
    assert cfg.get("ja_model") == before


def test_ja_model_missing_directory_raises_model_error_naming_it() -> None:
    from pipeline.errors import ModelError
    from pipeline.ner import models

    with ja_distil.using_ja_model("models/no-such-ja-model"), pytest.raises(ModelError, match="no-such-ja-model"):
        models.ja_model()


def test_ner_stage_with_a_missing_model_fails_that_document_only() -> None:
    from pipeline.evaluation.ner import document_from_text
    from pipeline.process import run_stages

    doc = document_from_text("東北経済産業局の山田太郎課長と面談した。", "ja-note")
    with ja_distil.using_ja_model("models/no-such-ja-model"):
        run_stages(doc, [("ner", __import__("pipeline.ner.stage", fromlist=["annotate"]).annotate)])
    assert doc.status == "partial" and doc.errors[0].stage == "ner" and "no-such-ja-model" in doc.errors[0].message


def test_silver_file_has_training_texts_only() -> None:
    rows = list(ja_distil.read_silver())
    assert {r["src"] for r in rows} == set(ja_distil.SILVER_SOURCES)
    labels = {e[2] for r in rows for e in r["entities"]}
    assert labels <= set(ja_train.LABELS) | {"TITLE"} and set(ja_train.LABELS) <= labels
    for r in rows[:2000]:
        spans = sorted(r["entities"])
        assert all(0 <= s < e <= len(r["text"]) for s, e, _ in spans)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlaps
    if (SHARED_JA / "gsd.test.jsonl").exists():  # no evaluation text was labelled
        texts = {r["text"] for r in rows}
        for split in ("gsd.test", "wac.test"):
            test_texts = [json.loads(line)["text"] for line in (SHARED_JA / f"{split}.jsonl").open(encoding="utf-8")]
            assert len(texts.intersection(t for t in test_texts if len(t) > 20)) < 3


def test_small_model_through_the_stage_component() -> None:
    from pipeline.ner import models

    with ja_distil.using_ja_model("models/ner-ja"):
        nlp, labels = models.ja_model()
        assert nlp is not None and labels == {}
        assert nlp.pipe_names == ["tok2vec", "ner"]
        spans = models.model_spans(["経済産業省の西村康稔大臣は千葉県を訪問した。"], "ja")[0]
    found = {(s.label, s.start, s.end) for s in spans}
    assert found & {("ORG", 0, 5), ("PERSON", 6, 10), ("GPE", 13, 16)}
    assert all(s.label in ja_train.LABELS for s in spans)  # TITLE spans become attributes


def test_configured_japanese_model_loads() -> None:
    from pipeline.ner import models

    cfg = load_config()["model"]
    name = cfg.get("ja_model", cfg["ja"])
    if name != cfg["ja"] and not (ja_train.REPO / name / "meta.json").exists():
        pytest.fail(f"[model] ja_model = {name!r} does not exist")
    nlp, labels = models.ja_model()
    if name == cfg["ja"]:
        assert labels  # GiNZA's labels are mapped
    assert nlp is not None and "ner" in nlp.pipe_names

"""The third training phase on real dev passages (pipeline.training.adapt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluation.real_set import marked_passages, real_dir
from pipeline.training import adapt
from pipeline.training.zh_data import LABELS

SPLIT = json.loads((real_dir() / "split.json").read_text(encoding="utf-8"))


def test_real_lines_come_from_the_dev_split_and_the_training_passages_only() -> None:
    rows = adapt.real_lines(("ja", "zh-Hans", "zh-Hant"))
    ids = {r["id"] for r in rows}
    training = {p["id"] for p in adapt.training_passages()}
    assert training and training <= ids and not training & SPLIT.keys()
    assert all(SPLIT[i] == "dev" for i in ids - training)
    assert not ids & {i for i, split in SPLIT.items() if split == "test"}


def test_training_passages_share_no_source_with_the_evaluation_set() -> None:
    training = [p["url"] for p in marked_passages(adapt.TRAIN_DIR)]
    assert len(training) == len(set(training)) >= 100
    assert not set(training) & {p["url"] for p in marked_passages(real_dir())}


def test_no_training_passage_shares_text_with_a_test_passage() -> None:
    # The same text can sit on two pages (reposts, mirrors, a name written out in full), so
    # distinct URLs are not enough: no 30-character run (whitespace ignored) may be shared.
    run = 30
    test_runs = set()
    for p in marked_passages(real_dir()):
        if SPLIT.get(p["id"]) == "test":
            text = "".join(p["text"].split())
            test_runs |= {text[i:i + run] for i in range(len(text) - run + 1)}
    shared = []
    for p in adapt.training_passages():
        text = "".join(p["text"].split())
        if any(text[i:i + run] in test_runs for i in range(len(text) - run + 1)):
            shared.append(p["id"])
    assert test_runs and not shared


def test_real_lines_keep_the_gold_spans_on_each_line() -> None:
    rows = adapt.real_lines(("zh-Hant",))
    assert all("\n" not in r["text"] for r in rows)
    spans = [(r["text"][s:e], lab) for r in rows for s, e, lab in r["entities"]]
    assert len(spans) > 500
    assert all(surface.strip() and lab in LABELS for surface, lab in spans)  # no INDUSTRY: not a model label


def test_held_out_passages_are_left_out() -> None:
    rows = adapt.real_lines(("ja",), keep=lambda i: adapt.passage_id_number(i) < 65)
    evaluation = [r["id"] for r in rows if r["id"] in SPLIT]
    assert evaluation and max(map(adapt.passage_id_number, evaluation)) < 65


def test_traditional_lines_are_trained_in_simplified_script_with_the_same_offsets() -> None:
    rows = [{"text": "經濟部長訪問東京", "entities": [[0, 3, "ORG"], [6, 8, "GPE"]], "lang": "zh-Hant", "id": "hant-1"}]
    (out,) = adapt.simplified_rows(rows)
    assert out["text"] == "经济部长访问东京"
    assert [out["text"][s:e] for s, e, _ in out["entities"]] == ["经济部", "东京"]


def test_real_mix_swaps_names_only_in_the_replaced_copies() -> None:
    real = [{"text": "甲公司在東京", "entities": [[0, 3, "ORG"], [4, 6, "GPE"]]},
            {"text": "乙協會在大阪", "entities": [[0, 3, "ORG"], [4, 6, "GPE"]]}]
    mixed = adapt.real_mix(real, copies=4, replaced=2)
    assert len(mixed) == 8
    assert mixed[:4] == real * 2
    for row in mixed[4:]:
        assert [lab for _, _, lab in row["entities"]] == ["ORG", "GPE"]
        assert row["text"][row["entities"][0][1]] == "在"


@pytest.mark.slow
def test_adapted_chinese_model_loads_and_keeps_its_norm_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    base = Path(__file__).resolve().parents[1] / "models" / "ner-zh"
    monkeypatch.setitem(adapt.OVERRIDES, "training.max_steps", 20)
    monkeypatch.setitem(adapt.OVERRIDES, "training.eval_frequency", 20)
    stats = adapt.adapt_zh(tmp_path / "zh", base=base, keep=lambda i: adapt.passage_id_number(i) < 30,
                           n_original=2000)
    assert stats["real_lines"] > 50
    nlp = spacy.load(tmp_path / "zh")
    assert nlp.vocab.lookups.get_table("lexeme_norm")["國"] == "国"
    assert set(nlp.get_pipe("ner").labels) == set(LABELS)

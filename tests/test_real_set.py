"""The blind real-text evaluation set: well-formed, split frozen by id, scored beside its baselines."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluation import real_set
from pipeline.evaluation.metrics import LABELS

MARK = re.compile(r"\{([^{}|]+)\|([A-Z]+)\}")


def test_every_passage_has_a_source_a_licence_and_clean_marks() -> None:
    seen = set()
    for path in sorted(real_set.real_dir().glob("*.marked.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            assert rec["id"] not in seen and rec["url"].startswith("http") and rec["licence"]
            seen.add(rec["id"])
            marks = MARK.findall(rec["marked"])
            assert marks and all(lab in LABELS and span == span.strip() for span, lab in marks)
            assert not re.search(r"[{}|]", MARK.sub("", rec["marked"])), rec["id"]
    assert len(seen) >= 60


def test_split_is_the_frozen_hash_of_the_ids() -> None:
    splits = json.loads((real_set.real_dir() / "split.json").read_text(encoding="utf-8"))
    by_lang: dict[str, list[str]] = {}
    for doc_id in splits:
        number = int(doc_id.rsplit("-", 1)[1])
        if number > 22:  # later batches, added after the freeze: second dev, third test, fourth dev
            assert splits[doc_id] == ("test" if 35 <= number < 45 else "dev"), doc_id
            continue
        by_lang.setdefault(doc_id.split("-")[0], []).append(doc_id)
    for ids in by_lang.values():
        ranked = sorted(ids, key=lambda i: hashlib.sha256(f"tripreport-eval-v1:{i}".encode()).hexdigest())
        n_test = (len(ranked) + 1) // 2
        assert set(ranked[:n_test]) == {i for i in ids if splits[i] == "test"}


def test_both_splits_hold_three_languages_and_enough_gold() -> None:
    for split in real_set.SPLITS:
        rows = real_set.load_real_set(split)
        assert {r["lang"] for r in rows} == {"zh-Hant", "zh-Hans", "ja"}
        assert sum(len(r["entities"]) for r in rows) >= 750


def test_scores_count_exact_spans_and_distinct_names() -> None:
    rows = [{"id": "a", "lang": "ja", "text": "東京都と東京都", "entities": [(0, 3, "GPE"), (4, 7, "GPE")]}]
    perfect = real_set.score(rows, {"a": [(0, 3, "GPE"), (4, 7, "GPE")]})
    assert perfect["overall"]["mention_level"]["micro"]["f1"] == 1.0
    assert perfect["overall"]["document_level"]["micro"]["support"] == 1  # one distinct name
    half = real_set.score(rows, {"a": [(0, 3, "GPE"), (4, 6, "GPE")]})
    assert half["overall"]["mention_level"]["micro"]["f1"] == pytest.approx(0.5)
    assert half["by_lang"]["ja"]["document_level"]["micro"]["tp"] == 1


def test_previous_release_baseline_covers_every_passage() -> None:
    result = real_set.evaluate_set("dev", ["previous"])
    assert result["systems"]["previous"]["overall"]["passages"] == result["passages"]


def test_cli_prints_systems_side_by_side_on_a_split() -> None:
    res = CliRunner().invoke(app, ["evaluate", "ner", "--set", "dev", "--systems", "previous", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["set"] == "real/dev" and set(data["systems"]) == {"previous"}
    assert CliRunner().invoke(app, ["evaluate", "ner", "--set", "train"]).exit_code == 2
    assert CliRunner().invoke(app, ["evaluate", "ner", "--set", "dev", "--systems", "nope"]).exit_code == 2


def test_split_script_reproduces_the_committed_split() -> None:
    before = (real_set.real_dir() / "split.json").read_bytes()
    subprocess.run([sys.executable, str(real_set.real_dir().parents[2] / "scripts" / "split_eval_set.py")],
                   check=True, capture_output=True)
    assert (real_set.real_dir() / "split.json").read_bytes() == before

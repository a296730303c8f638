"""Small Japanese NER model (spaCy ``ja``, GiNZA's SudachiPy tokenizer): data, training, evaluation.

Trained on GiNZA's own output (silver labels, ``pipeline.training.ja_distil``: GiNZA
distilled into a model ~6x faster) and/or the gold corpora UD Japanese GSD (NE layer)
+ the Stockmark Wikipedia NER dataset, labels mapped onto ORG / PERSON / GPE / LOC /
FAC by ``configs/labels/ja_corpora.toml``.
Tokenisation is ja_ginza's (``spacy.ja.JapaneseTokenizer``, split mode C), so a
model trained here sees exactly the tokens GiNZA sees.

Run through ``tripreport train ner-ja`` and ``tripreport evaluate ja-models``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.evaluation import ner as ev
from pipeline.evaluation.metrics import score_sentences
from pipeline.ner.models import model_spans
from pipeline.training.docbin import write_docbin
from pipeline.training.ja_data import (
    LABELS,
    PASSAGES,
    REPO,
    SHARED_NER,
    Example,
    Spans,
    load_public,
    read_jsonl,
)
from pipeline.training.ja_distil import REAL_GOLD, training_rows, using_ja_model
from pipeline.training.spacy_runs import save_pipeline, train_phase

CONFIG_PATH = REPO / "configs" / "ner-ja.cfg"
MODEL_DIR = REPO / "models" / "ner-ja"
MODEL_VERSION = "2.0.0"  # bump when the recipe changes

def make_nlp() -> Any:
    """Blank ``ja`` pipeline with ja_ginza's tokenizer (SudachiPy, split mode C)."""
    import spacy

    cfg = {"nlp": {"tokenizer": {"@tokenizers": "spacy.ja.JapaneseTokenizer", "split_mode": "C"}}}
    return spacy.blank("ja", config=cfg)


def _expanded_spans(doc: Any, entities: list[list[Any]], stats: dict[str, int]) -> list[Any]:
    """Gold spans snapped outwards to token boundaries; one overlapping the previous is dropped."""
    spans: list[Any] = []
    last = -1
    for start, end, label in entities:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or span.start < last:
            stats["dropped"] += 1
            continue
        if (span.start_char, span.end_char) != (start, end):
            stats["expanded"] += 1
        spans.append(span)
        last = span.end
    return spans


def to_docbin(rows: Iterable[Example], path: Path) -> dict[str, int]:
    """Write examples as a DocBin; entities not on token boundaries are expanded to them.

    Returns counts: docs, entities, ``expanded`` (snapped to tokens), ``dropped``
    (overlapping after expansion).
    """
    return write_docbin(make_nlp(), rows, path, _expanded_spans, ("expanded", "dropped"))


def train_ja_ner(
    output_dir: Path = MODEL_DIR,
    *,
    data: str = "silver+gold",
    config_path: Path = CONFIG_PATH,
    extra: tuple[str, ...] = (),
    overrides: dict[str, Any] | None = None,
    work_dir: Path | None = None,
) -> dict[str, Any]:
    """Train the small model on ``data`` (see :func:`pipeline.training.ja_distil.training_rows`:
    ``gold``, ``silver`` = GiNZA-labelled training texts, ``silver+gold``) + ``extra`` gold
    splits (e.g. ``wac.train``).

    The best model by dev F1 is written to ``output_dir``; with ``work_dir`` the spaCy
    run (checkpoints, DocBins) is kept there. Returns data statistics and the wall time.
    Deterministic for the same data/config (``[system] seed = 0``).
    """
    import spacy

    train_rows, dev_rows = training_rows(data)
    for split in extra:
        train_rows += load_public(split)
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(work_dir) if work_dir else Path(tmp)
        stats: dict[str, Any] = {
            "data": data,
            "train": to_docbin(train_rows, tmpd / "train.spacy"),
            "dev": to_docbin(dev_rows, tmpd / "dev.spacy"),
        }
        ov = {"paths.train": str(tmpd / "train.spacy"), "paths.dev": str(tmpd / "dev.spacy"), **(overrides or {})}
        save_pipeline(spacy.load(train_phase(config_path, tmpd / "run", ov)), output_dir, MODEL_VERSION)
    stats["seconds"] = round(time.time() - t0, 1)
    return stats


# --------------------------------------------------------------------------- evaluation


@lru_cache(maxsize=2)
def load_model(model_dir: str | Path = MODEL_DIR) -> Any:
    """Load the trained pipeline once per process."""
    import spacy

    return spacy.load(Path(model_dir))


def predict(nlp: Any, texts: list[str]) -> list[Spans]:
    """Entity spans (start, end, label) per text from our model (TITLE spans are not entities)."""
    return [[(e.start_char, e.end_char, e.label_) for e in d.ents if e.label_ in LABELS]
            for d in nlp.pipe(texts, batch_size=64)]


def predict_component(texts: list[str]) -> list[Spans]:
    """Spans of the NER stage's Japanese model component (``[model] ja_model``, with its filter)."""
    return [[(s.start, s.end, s.label) for s in spans] for spans in model_spans(texts, "ja")]


def eval_sets() -> dict[str, list[Example]]:
    """gsd.test (mapped) and the Japanese hand-written passages."""
    sets = {"gsd.test": load_public("gsd.test")}
    if PASSAGES.exists():
        sets["passages.ja"] = [r for r in read_jsonl(PASSAGES) if r.get("lang") == "ja"]
    return sets


def chars_per_cpu_second(fn: Any, texts: list[str]) -> float:
    """Characters per CPU-second of ``fn(texts)`` (process time; run after loading)."""
    fn(texts[:5])  # warm-up
    t = time.process_time()
    fn(texts)
    return round(sum(map(len, texts)) / (time.process_time() - t), 0)


def speed_texts(n_chars: int = 30000) -> list[str]:
    """The first ``n_chars`` characters of gsd.test + gsd.dev texts (whole sentences)."""
    out: list[str] = []
    total = 0
    for split in ("gsd.test", "gsd.dev"):
        for r in read_jsonl(SHARED_NER / f"{split}.jsonl"):
            if total >= n_chars:
                return out
            out.append(r["text"])
            total += len(r["text"])
    return out


def evaluate_systems(systems: tuple[str, ...], real_gold: bool = True) -> dict[str, Any]:
    """For each Japanese model: model-only mention F1 (through ``model_spans``, i.e. with the
    stage's filter) on gsd.test and the ja passages, stage-level ja passages, the real
    report gold (document level) and model-only chars per CPU-second."""
    sets = eval_sets()
    texts = speed_texts()
    report: dict[str, Any] = {}
    for name in systems:
        with using_ja_model(name):
            res: dict[str, Any] = {}
            for set_name, rows in sets.items():
                gold = [[tuple(e) for e in r["entities"]] for r in rows]
                pred = predict_component([r["text"] for r in rows])
                scores = score_sentences(gold, pred)
                res[f"model/{set_name}"] = {k: v["f1"] for k, v in {**scores["labels"], **scores["groups"],
                                                                      "ALL": scores["micro"]}.items()}
            res["speed_model_chars_per_cpu_s"] = chars_per_cpu_second(predict_component, texts)
            stage = ev.evaluate_passages(PASSAGES, langs=["ja"])["by_lang"]["ja"]["mention_level"]
            res["stage/passages.ja"] = stage
            if real_gold and REAL_GOLD.exists():
                res["stage/real_gold"] = ev.evaluate_gold_file(REAL_GOLD)["document_level"]
        report[name] = res
    return report

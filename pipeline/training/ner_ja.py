"""Small Japanese NER model (spaCy ``ja``, GiNZA's SudachiPy tokenizer): data, training, evaluation.

Trained on GiNZA's own output (silver labels, ``pipeline.training.ja_distil``: GiNZA
distilled into a model ~6x faster) and/or the gold corpora UD Japanese GSD (NE layer)
+ the Stockmark Wikipedia NER dataset, labels mapped onto ORG / PERSON / GPE / LOC /
FAC by ``configs/labels/ja_corpora.toml``.
Tokenisation is ja_ginza's (``spacy.ja.JapaneseTokenizer``, split mode C), so a
model trained here sees exactly the tokens GiNZA sees.

Run ``python -m pipeline.training.ner_ja --help`` (train, evaluate).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from pipeline.training.labels import map_entities
from pipeline import resources

REPO = resources.source_root()
SHARED_NER = resources.shared_dir() / "ner" / "ja"
CONFIG_PATH = REPO / "configs" / "ner-ja.cfg"
LABELS_PATH = REPO / "configs" / "labels" / "ja_corpora.toml"
MODEL_DIR = REPO / "models" / "ner-ja"
MODEL_VERSION = "2.0.0"  # bump when the recipe changes
PASSAGES = REPO / "corpora" / "eval" / "passages.jsonl"
LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC")
DEV_SEED, DEV_FRACTION = 0, 0.1  # stockmark has no split: a seeded 10% is held out

Example = dict[str, Any]  # {"text": str, "entities": [[start, end, label], ...]}
Spans = list[tuple[int, int, str]]


def map_example(corpus: str, ex: Example, path: Path = LABELS_PATH) -> Example:
    """Map one source example's labels onto ours (unmapped labels and overlapping spans dropped)."""
    return {"text": ex["text"], "entities": map_entities(corpus, ex, path)}


def read_jsonl(path: Path) -> Iterator[Example]:
    """Examples of a JSONL file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_public(corpus_split: str, shared: Path = SHARED_NER) -> list[Example]:
    """``gsd.test``, ``stockmark``... from the shared corpora, mapped onto our labels."""
    corpus = corpus_split.split(".")[0]
    return [map_example(corpus, r) for r in read_jsonl(shared / f"{corpus_split}.jsonl")]


def split_stockmark(rows: list[Example]) -> tuple[list[Example], list[Example]]:
    """Seeded 90/10 train/dev split of stockmark (deterministic)."""
    idx = list(range(len(rows)))
    random.Random(DEV_SEED).shuffle(idx)
    dev = set(idx[: int(len(rows) * DEV_FRACTION)])
    return [r for i, r in enumerate(rows) if i not in dev], [r for i, r in enumerate(rows) if i in dev]


def make_nlp() -> Any:
    """Blank ``ja`` pipeline with ja_ginza's tokenizer (SudachiPy, split mode C)."""
    import spacy

    cfg = {"nlp": {"tokenizer": {"@tokenizers": "spacy.ja.JapaneseTokenizer", "split_mode": "C"}}}
    return spacy.blank("ja", config=cfg)


def to_docbin(rows: Iterable[Example], path: Path) -> dict[str, int]:
    """Write examples as a DocBin; entities not on token boundaries are expanded to them.

    Returns counts: docs, entities, ``expanded`` (snapped to tokens), ``dropped``
    (overlapping after expansion).
    """
    from spacy.tokens import DocBin

    nlp = make_nlp()
    db = DocBin(store_user_data=False)
    stats = {"docs": 0, "ents": 0, "expanded": 0, "dropped": 0}
    for ex in rows:
        doc = nlp.make_doc(ex["text"])
        spans, last = [], -1
        for start, end, label in ex["entities"]:
            stats["ents"] += 1
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or span.start < last:
                stats["dropped"] += 1
                continue
            if (span.start_char, span.end_char) != (start, end):
                stats["expanded"] += 1
            spans.append(span)
            last = span.end
        doc.ents = spans
        db.add(doc)
        stats["docs"] += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return stats


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
    from spacy.cli.train import train as spacy_train

    from pipeline.training.ja_distil import training_rows

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
        spacy_train(config_path, tmpd / "run", overrides=ov, use_gpu=-1)
        best = tmpd / "run" / "model-best"
        nlp = spacy.load(best if best.exists() else tmpd / "run" / "model-last")
        nlp.meta.update(name="tripreport_ner", version=MODEL_VERSION)  # shown in document provenance
        output_dir.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(output_dir)
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
    from pipeline.ner.models import model_spans

    return [[(s.start, s.end, s.label) for s in spans] for spans in model_spans(texts, "ja")]


def predict_ginza(texts: list[str]) -> list[Spans]:
    """GiNZA's spans mapped by ``configs/labels/ja.toml`` (whatever ``ja_model`` ships)."""
    from pipeline.ner.config import load_config
    from pipeline.training.ja_distil import using_ja_model

    with using_ja_model(load_config()["model"]["ja"]):
        return predict_component(texts)


def prf(gold: list[Spans], pred: list[Spans], group: bool = False) -> dict[str, dict[str, float]]:
    """Mention-level (exact span + label) P/R/F1 per label and ``ALL``; ``group`` merges places."""
    conv = (lambda lab: "PLACE" if lab in ("GPE", "LOC", "FAC") else lab) if group else (lambda lab: lab)
    counts: dict[str, list[int]] = {}
    for g, p in zip(gold, pred, strict=True):
        gs = {(s, e, conv(lab)) for s, e, lab in g if lab in LABELS}
        ps = {(s, e, conv(lab)) for s, e, lab in p if lab in LABELS}
        for idx, items in enumerate((gs & ps, gs - ps, ps - gs)):
            for _, _, lab in items:
                for key in (lab, "ALL"):
                    counts.setdefault(key, [0, 0, 0])[idx] += 1
    out = {}
    for lab, (tp, fn, fp) in sorted(counts.items()):
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        out[lab] = {"p": round(pr, 3), "r": round(rc, 3), "f": round(f, 3), "n": tp + fn}
    return out


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
    out, total = [], 0
    for split in ("gsd.test", "gsd.dev"):
        for r in read_jsonl(SHARED_NER / f"{split}.jsonl"):
            if total >= n_chars:
                return out
            out.append(r["text"])
            total += len(r["text"])
    return out


def compare(model_dir: Path = MODEL_DIR) -> dict[str, Any]:
    """Scores of our model and of GiNZA on each eval set, plus both speeds."""
    nlp = load_model(model_dir)
    systems = {"small": lambda t: predict(nlp, t), "ginza": predict_ginza}
    report: dict[str, Any] = {}
    for name, rows in eval_sets().items():
        gold = [[tuple(e) for e in r["entities"]] for r in rows]
        texts = [r["text"] for r in rows]
        for sys_name, fn in systems.items():
            pred = fn(texts)
            report[f"{name}/{sys_name}"] = {"labels": prf(gold, pred), "grouped": prf(gold, pred, group=True)}
    texts = speed_texts()
    report["speed"] = {name: chars_per_cpu_second(fn, texts) for name, fn in systems.items()}
    return report


def _print_table(report: dict[str, Any]) -> None:
    for key, val in report.items():
        if key == "speed":
            print("speed (chars/CPU-s):", val)
            continue
        print(f"== {key}")
        for lab, s in {**val["labels"], **{"PLACE": val["grouped"].get("PLACE", {})}}.items():
            if s:
                print(f"  {lab:7s} P {s['p']:.3f} R {s['r']:.3f} F {s['f']:.3f} n {s['n']}")


def main(argv: list[str] | None = None) -> None:
    """CLI: ``train`` (writes models/ner-ja) or ``evaluate`` (comparison with GiNZA)."""
    ap = argparse.ArgumentParser(prog="python -m pipeline.training.ner_ja")
    ap.add_argument("command", choices=["train", "evaluate"])
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--extra", nargs="*", default=[], help="extra training splits, e.g. wac.train")
    ap.add_argument("--data", default="silver+gold", choices=["gold", "silver", "silver+gold"],
                    help="training data: gold corpora, GiNZA silver (corpora/ner/ja/silver.jsonl.gz) or both")
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--work-dir", type=Path, default=None, help="keep the spaCy run (checkpoints) here")
    args = ap.parse_args(argv)
    if args.command == "train":
        ov = {"training.max_steps": args.max_steps} if args.max_steps else {}
        stats = train_ja_ner(args.out, data=args.data, extra=tuple(args.extra), overrides=ov, work_dir=args.work_dir)
        print(json.dumps(stats, indent=1))
    else:
        report = compare(args.out)
        _print_table(report)
        print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()

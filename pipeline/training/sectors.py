"""Training and evaluation of the sector classifier (``tripreport train|evaluate sectors``).

The passages (``corpora/sectors/passages.jsonl``) are split by a seeded hash of
their id; the real passages by other writers (``corpora/sectors/real/``, see
:mod:`pipeline.training.sectors_real`) by a hash of their page URL. :func:`train`
fits one calibrated linear classifier per label on both train splits (real
passages weighted by ``real_weight``), tunes thresholds on both dev splits and
reports both held-out test splits.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import resources
from pipeline.errors import TrainingError
from pipeline.evaluation.metrics import prf
from pipeline.sectors.model import (
    FORMAT_VERSION,
    SectorConfig,
    SectorModel,
    char_ngrams,
    fold_text,
    load_config,
    save_model,
)
from pipeline.training.sectors_real import joined_split, load_real_passages


def default_passages() -> Path:
    """The labelled passages of the source checkout."""
    return resources.checkout() / "corpora" / "sectors" / "passages.jsonl"


# ----------------------------------------------------------------------- data


def split_of(passage_id: str, seed: int, test_share: float, dev_share: float) -> str:
    """Fixed split of a passage: a seeded hash of its id (never its content or labels)."""
    h = int(hashlib.sha256(f"{seed}:{passage_id}".encode()).hexdigest()[:8], 16) / 2**32
    if h < test_share:
        return "test"
    return "dev" if h < test_share + dev_share else "train"


def load_passages(path: str | Path | None = None, config: SectorConfig | None = None) -> list[dict]:
    """Read the labelled passages; checks ids, labels and that each split is the hashed one."""
    path = path or default_passages()
    config = config or load_config()
    m = config.model
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    known = set(config.labels)
    for r in rows:
        unknown = set(r["labels"]) - known
        if unknown:
            raise ValueError(f"passage {r['id']}: labels not in the taxonomy: {sorted(unknown)}")
        expected = split_of(r["id"], m["seed"], m["test_share"], m["dev_share"])
        if r["split"] != expected:
            raise ValueError(f"passage {r['id']}: split {r['split']!r} is not the hashed split {expected!r}")
    return rows


def label_matrix(rows: list[dict], labels: list[str]) -> np.ndarray:
    """Binary (passages x labels) indicator matrix."""
    y = np.zeros((len(rows), len(labels)), dtype=np.int8)
    index = {lab: j for j, lab in enumerate(labels)}
    for i, r in enumerate(rows):
        for lab in r["labels"]:
            y[i, index[lab]] = 1
    return y


# ------------------------------------------------------------------- training


def _tune_threshold(p: np.ndarray, y: np.ndarray, lo: float, hi: float, w: np.ndarray | None = None) -> float:
    """Threshold maximising (weighted) F1 on held-out scores; ties -> middle of the best run."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    if y.sum() == 0:
        return 0.5
    f1s = np.array([_f1(y, p >= t, w)[2] for t in grid])
    best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
    t = float(grid[best[len(best) // 2]])
    return float(min(max(t, lo), hi))


def _f1(y: np.ndarray, pred: np.ndarray, w: np.ndarray | None = None) -> tuple[float, float, float]:
    """Precision, recall, F1 of one label's binary predictions (:func:`prf` convention), counts weighted by ``w``."""
    w = np.ones(len(y)) if w is None else w
    tp = float(np.sum(w * ((y == 1) & pred)))
    scores = prf(tp, float(np.sum(w * ((y == 0) & pred))), float(np.sum(w * ((y == 1) & ~pred))))
    return float(scores["precision"]), float(scores["recall"]), float(scores["f1"])


def _platt(f: np.ndarray, y: np.ndarray, w: np.ndarray | None = None) -> tuple[float, float]:
    """Platt scaling: (a, b) with p = 1 / (1 + exp(a * f + b)), fitted on held-out scores."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, max_iter=1000).fit(f.reshape(-1, 1), y, sample_weight=w)
    return -float(lr.coef_[0, 0]), -float(lr.intercept_[0])


def _calibrate(oof: list[tuple[np.ndarray, np.ndarray, np.ndarray]], shrinkage: float
               ) -> tuple[list[float], list[float]]:
    """Per-label sigmoid calibration, shrunk toward one sigmoid pooled over all labels.

    ``oof`` holds, per label, the out-of-fold decision values, gold labels and
    weights of that label's training rows.  A label with few positives gets an
    unstable per-label sigmoid (its held-out positives score low, so the fitted 0.5
    point drifts far below the other labels' and generic wording crosses it).  With
    ``shrinkage`` k, a label with n positives uses ``s * own + (1 - s) * pooled``
    with ``s = n / (n + k)``.
    """
    pooled = _platt(*(np.concatenate([o[i] for o in oof]) for i in range(3)))
    a_out, b_out = [], []
    for f, y, w in oof:
        own = _platt(f, y, w)
        n = float(y.sum())
        share = n / (n + shrinkage) if shrinkage > 0 else 1.0
        a_out.append(share * own[0] + (1 - share) * pooled[0])
        b_out.append(share * own[1] + (1 - share) * pooled[1])
    return a_out, b_out


def train(
    config_path: str | Path | None = None,
    data_path: str | Path | None = None,
    model_dir: str | Path | None = None,
    rows: list[dict] | None = None,
    real_rows: list[dict] | None = None,
) -> dict[str, Any]:
    """Rebuild the model directory from the config and the train/dev splits of both sets.

    Deterministic: fixed seeds, sorted vocabulary, float32 storage.  ``rows`` and
    ``real_rows`` override the in-house and real passages read from disk (tests
    train on subsets).  Real passages count ``real_weight`` times in fitting,
    calibration and threshold tuning.  Returns the stored metadata.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    config = load_config(config_path)
    m = config.model
    rows = rows if rows is not None else load_passages(data_path, config)
    real = real_rows if real_rows is not None else load_real_passages(None, config)
    train_rows, w_train = joined_split(rows, real, "train", float(m.get("real_weight", 1.0)))
    dev_rows, w_dev = joined_split(rows, real, "dev", float(m.get("real_weight", 1.0)))
    nmin, nmax = int(m["ngram_min"]), int(m["ngram_max"])
    vec = TfidfVectorizer(analyzer=lambda t: char_ngrams(fold_text(t), nmin, nmax), min_df=int(m["min_df"]),
                          sublinear_tf=True, norm="l2", dtype=np.float64)
    x_train = vec.fit_transform([r["text"] for r in train_rows])
    vocab = vec.get_feature_names_out().tolist()  # sorted: deterministic column order
    y_train = label_matrix(train_rows, config.labels)
    coef, intercept, oof = _fit_labels(x_train, y_train, config.labels, m, w_train)
    cal_a, cal_b = _calibrate(oof, float(m.get("calibration_shrinkage", 0.0)))
    meta = _metadata(config, rows + real, len(vocab), intercept, cal_a, cal_b)
    out = Path(model_dir or resources.model("sectors"))
    save_model(out, meta, vocab, vec.idf_, coef)
    model = SectorModel.load(out)
    _check_against_sklearn(model, vec, coef, meta, train_rows[: min(20, len(train_rows))])
    p_dev = model.predict_proba([r["text"] for r in dev_rows])
    y_dev = label_matrix(dev_rows, config.labels)
    lo, hi = float(m["threshold_min"]), float(m["threshold_max"])
    meta["thresholds"] = {lab: _tune_threshold(p_dev[:, j], y_dev[:, j], lo, hi, w_dev)
                          for j, lab in enumerate(config.labels)}
    save_model(out, meta, vocab, vec.idf_, coef)
    model = SectorModel.load(out)
    meta["metrics"] = all_metrics(model, rows, real, config.required_labels)
    save_model(out, meta, vocab, vec.idf_, coef)
    write_model_card(out, meta)
    return meta


def all_metrics(model: SectorModel, rows: list[dict], real: list[dict], required: list[str]) -> dict[str, Any]:
    """Scores stored with the model: in-house dev/test, real dev/test (passage and stage level)."""
    def part(rs: list[dict], split: str) -> list[dict]:
        return [r for r in rs if r["split"] == split]

    return {
        "dev": evaluate_rows(model, part(rows, "dev"), required),
        "test": evaluate_rows(model, part(rows, "test"), required),
        "real_dev": evaluate_rows(model, part(real, "dev"), required),
        "real_test": evaluate_rows(model, part(real, "test"), required),
        "real_test_stage": evaluate_stage_rows(model, part(real, "test"), required),
    }


def _fit_labels(x_train: Any, y_train: np.ndarray, labels: list[str], m: dict[str, Any], w: np.ndarray
                ) -> tuple[np.ndarray, list[float], list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """One weighted, class-balanced logistic regression per label: (coef, intercepts, out-of-fold data).

    The out-of-fold data of a label is (decision values, gold labels, weights) of
    the train rows, for :func:`_calibrate`.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = int(m["calibration_folds"])
    coef = np.zeros((len(labels), x_train.shape[1]))
    intercept: list[float] = []
    oof: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for j, lab in enumerate(labels):
        x, y, wj = x_train, y_train[:, j], w
        if y.sum() < folds or (y == 0).sum() < folds:
            raise TrainingError(f"label {lab!r}: needs >= {folds} positive and negative train passages")
        weight = m.get("class_weight", "balanced")
        base = LogisticRegression(
            C=float(m["C"]), class_weight=None if weight == "none" else weight, max_iter=5000, solver="lbfgs"
        )
        cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=int(m["seed"]))
        f = cross_val_predict(base, x, y, cv=cv, method="decision_function", params={"sample_weight": wj})
        oof.append((f, y, wj))
        base.fit(x, y, sample_weight=wj)  # the stored model: fit on the whole train split
        coef[j] = base.coef_[0]
        intercept.append(float(base.intercept_[0]))
    return coef, intercept, oof


def _metadata(config: SectorConfig, rows: list[dict], vocabulary: int, intercept: list[float],
              cal_a: list[float], cal_b: list[float]) -> dict[str, Any]:
    """``model.json`` before thresholds and metrics are known."""
    m = config.model
    data = "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)
    return {
        "format": FORMAT_VERSION,
        "labels": config.labels,
        "names": {s.label: s.name for s in config.sectors},
        "required": config.required_labels,
        "ngram_range": [int(m["ngram_min"]), int(m["ngram_max"])],
        "intercept": intercept,
        "calibration_a": cal_a,
        "calibration_b": cal_b,
        "thresholds": dict.fromkeys(config.labels, 0.5),
        "training": {
            "config": {k: m[k] for k in sorted(m)},
            "data_sha256": hashlib.sha256(data.encode()).hexdigest(),
            "passages": {s: sum(r["split"] == s for r in rows) for s in ("train", "dev", "test")},
            "real_passages": {s: sum(r["split"] == s and r["id"].startswith("sr-") for r in rows)
                              for s in ("train", "dev", "test")},
            "vocabulary": vocabulary,
        },
    }


def _check_against_sklearn(model: SectorModel, vec: Any, coef: np.ndarray, meta: dict[str, Any],
                           probe: list[dict]) -> None:
    """The NumPy re-implementation must agree with scikit-learn (float32 storage aside)."""
    diff = np.abs(model.predict_proba([r["text"] for r in probe]) - _sk_proba(vec, coef, meta, probe)).max()
    if diff > 1e-3:
        raise TrainingError(f"stored model disagrees with scikit-learn (max |dp| = {diff:.2e})")


def _sk_proba(vec: Any, coef: np.ndarray, meta: dict[str, Any], rows: list[dict]) -> np.ndarray:
    x = vec.transform([r["text"] for r in rows])
    f = x @ coef.T + np.asarray(meta["intercept"])
    return 1.0 / (1.0 + np.exp(np.asarray(meta["calibration_a"]) * f + np.asarray(meta["calibration_b"])))


# ----------------------------------------------------------------- evaluation


def evaluate_rows(model: SectorModel, rows: list[dict], required: list[str]) -> dict[str, Any]:
    """Per-label precision/recall/F1 at the stored thresholds, plus macro averages."""
    p = model.predict_proba([r["text"] for r in rows])
    return _label_scores(model.labels, label_matrix(rows, model.labels), p >= model.thresholds, required)


def evaluate_stage_rows(model: SectorModel, rows: list[dict], required: list[str]) -> dict[str, Any]:
    """:func:`evaluate_rows` for what users see: what :func:`classify_text` assigns
    (sentence and clause roll-up) instead of the model's passage probability."""
    from pipeline.sectors import stage

    got = [{"labels": [s.label for s in stage.classify_text(r["text"], model=model) if s.assigned]} for r in rows]
    return _label_scores(model.labels, label_matrix(rows, model.labels),
                         label_matrix(got, model.labels).astype(bool), required)


def _label_scores(labels: list[str], y: np.ndarray, pred: np.ndarray, required: list[str]) -> dict[str, Any]:
    """Per-label P/R/F1 of a (passages x labels) boolean prediction matrix, plus macro averages."""
    per: dict[str, dict[str, float]] = {}
    for j, lab in enumerate(labels):
        prec, rec, f1 = _f1(y[:, j], pred[:, j])
        per[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": int(y[:, j].sum())}
    req = [lab for lab in required if lab in per]
    return {
        "passages": len(y),
        "per_label": per,
        "macro_f1_required": round(float(np.mean([per[lab]["f1"] for lab in req])), 4) if req else math.nan,
        "macro_f1_all": round(float(np.mean([v["f1"] for v in per.values()])), 4),
    }


def evaluate(
    split: str = "test",
    model_dir: str | Path | None = None,
    data_path: str | Path | None = None,
    config_path: str | Path | None = None,
    dataset: str = "inhouse",
    stage: bool = False,
) -> dict[str, Any]:
    """Score a stored model on one split (default: held-out test) of one passage set.

    ``dataset`` is ``inhouse`` (corpora/sectors/passages.jsonl) or ``real``
    (corpora/sectors/real/); ``stage`` scores what :func:`classify_text` assigns
    (sentence and clause roll-up) instead of the model's passage probability.
    """
    config = load_config(config_path)
    if dataset not in {"inhouse", "real"}:
        raise ValueError(f"unknown passage set {dataset!r} (inhouse or real)")
    load = load_passages if dataset == "inhouse" else load_real_passages
    rows = [r for r in load(data_path, config) if r["split"] == split]
    model = SectorModel.load(model_dir)
    score = evaluate_stage_rows if stage else evaluate_rows
    return score(model, rows, config.required_labels)


def format_metrics(metrics: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_rows` output."""
    lines = [f"{'label':18s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>4s}"]
    for lab, v in metrics["per_label"].items():
        lines.append(f"{lab:18s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:4d}")
    lines.append(f"macro-F1 (required labels): {metrics['macro_f1_required']:.3f}")
    lines.append(f"macro-F1 (all labels):      {metrics['macro_f1_all']:.3f}")
    return "\n".join(lines)


def write_model_card(model_dir: Path, meta: dict[str, Any]) -> None:
    """models/sectors/model_card.md: what the model is, how to rebuild it, its metrics."""
    t = meta["training"]
    parts = [
        "# Sector classifier (models/sectors)",
        "",
        "Multi-label classifier of trip-report text into the sectors of `configs/sectors.toml`.",
        f"Features: character {meta['ngram_range'][0]}-{meta['ngram_range'][1]}-grams plus whole Latin words, TF-IDF (sublinear tf, l2),",
        "on NFKC + lower-case + shinjitai/Simplified -> Traditional folded text (one vocabulary for zh-Hant, zh-Hans, ja).",
        "One class-balanced LogisticRegression per label, Platt-calibrated on out-of-fold scores of the train split",
        "(labels with few positives shrunk toward a sigmoid pooled over all labels);",
        "per-label thresholds tuned on the in-house and real dev splits; both test splits are held out.",
        "Real passages (news, releases and reports by other writers, with hard negatives that name a sector",
        "in passing, in a list or as background) count `real_weight` times in fitting, calibration and tuning.",
        "",
        "Files (no pickle): `vocab.json` (n-gram per column), `idf.npy`, `coef.npy` (labels x columns, float32),",
        "`model.json` (labels, intercepts, calibration, thresholds, metrics).",
        "",
        "Rebuild (deterministic): `tripreport train sectors`; evaluate: `tripreport evaluate sectors`",
        "(`--set real` for the real passages, `--stage` for what `classify` assigns after the sentence roll-up).",
        "",
        f"Training data: `corpora/sectors/passages.jsonl` (in-house) and `corpora/sectors/real/passages.jsonl` "
        f"(real passages by other writers, weight {t['config'].get('real_weight', 1.0)}) "
        f"(sha256 of both `{t['data_sha256'][:16]}…`), "
        f"passages train/dev/test = {t['passages']['train']}/{t['passages']['dev']}/{t['passages']['test']}, "
        f"of which real {t['real_passages']['train']}/{t['real_passages']['dev']}/{t['real_passages']['test']}; "
        f"vocabulary {t['vocabulary']} n-grams. Sources and licences: corpora/sectors/DATA_CARD.md, "
        "corpora/sectors/real/DATA_CARD.md. Real test passages are never trained or tuned on.",
        "",
        "## Thresholds",
        "",
        "| label | threshold |",
        "| --- | ---: |",
        *[f"| {lab} | {meta['thresholds'][lab]:.2f} |" for lab in meta["labels"]],
    ]
    titles = {"dev": "the in-house dev split", "test": "the in-house test split",
              "real_dev": "the real-passage dev split", "real_test": "the real-passage test split (blind)",
              "real_test_stage": "the real-passage test split, stage level (`classify_text`)"}
    for split, title in titles.items():
        mt = meta.get("metrics", {}).get(split)
        if not mt:
            continue
        parts += ["", f"## Metrics on {title} ({mt['passages']} passages)", "",
                  "| label | precision | recall | F1 | support |", "| --- | ---: | ---: | ---: | ---: |"]
        # label order of the taxonomy, whether meta comes from training or from model.json (sorted keys)
        per = [(lab, mt["per_label"][lab]) for lab in meta["labels"] if lab in mt["per_label"]]
        parts += [f"| {lab} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
                  for lab, v in per]
        parts += ["", f"Macro-F1, required labels ({', '.join(meta['required'])}): **{mt['macro_f1_required']:.3f}**; "
                  f"all labels: {mt['macro_f1_all']:.3f}."]
    (model_dir / "model_card.md").write_text("\n".join(parts) + "\n", encoding="utf-8")

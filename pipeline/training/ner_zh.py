"""Chinese NER model (spaCy ``zh``, character tokens): training and evaluation (data: :mod:`pipeline.training.zh_data`).

The model is trained on MSRA, CLUENER, Resume and Weibo NER (Simplified;
``script="both"`` adds OpenCC s2tw copies), with the corpus labels mapped onto ORG / PERSON / GPE / LOC / FAC by
``configs/labels/zh.toml``. Traditional input is handled by a NORM lookup table
stored in the model (see :func:`norm_table`). Text is normalised character by
character with NFKC (offsets are kept) at training and at inference time.

Run through ``tripreport train zh-data``, ``tripreport train ner-zh`` and ``tripreport evaluate ner-zh-model``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.evaluation.metrics import score_sentences
from pipeline.ner import zh_arch  # noqa: F401 - registers the model's layers (also an entry point)
from pipeline.text.chars import nfkc_per_char as normalise
from pipeline.training.docbin import write_docbin
from pipeline.training.labels import MISSING, load_corpus_maps
from pipeline.training.spacy_runs import save_pipeline, train_phase
from pipeline.training.zh_data import (
    LABELS_PATH,
    PLACES,
    PREPARED_DIR,
    SHARED_NER,
    Example,
    convert_script,
    load_public,
    prepare_zh_corpus,
    read_jsonl,
    replace_mentions,
    script_variants,
    to_traditional,
)
from pipeline.training.zh_names import extra_pools

REPO = resources.source_root()
CONFIG_PATH = REPO / "configs" / "ner-zh.cfg"
CONTINUE_CONFIG_PATH = REPO / "configs" / "ner-zh-continue.cfg"  # phase 2 (sources phase 1)
MODEL_DIR = REPO / "models" / "ner-zh"
MODEL_VERSION = "3.0.0"  # bump when the recipe changes


def make_nlp(segmenter: str = "char") -> Any:
    """A blank spaCy ``zh`` pipeline with the given segmenter (``char`` or ``jieba``)."""
    import spacy

    cfg = {"nlp": {"tokenizer": {"segmenter": segmenter}}}
    return spacy.blank("zh", config=cfg)


def _exact_spans(doc: Any, entities: list[list[Any]], stats: dict[str, int]) -> list[Any]:
    """Gold spans on character tokens; one that does not fit the tokens is counted and left out."""
    spans = []
    for start, end, label in entities:
        span = doc.char_span(start, end, label=label)
        if span is None:
            stats["misaligned"] += 1
        else:
            spans.append(span)
    return spans


def to_docbin(rows: list[Example], path: Path, segmenter: str = "char") -> dict[str, int]:
    """Write examples as a spaCy DocBin; counts entities that do not fit token boundaries."""
    return write_docbin(make_nlp(segmenter), rows, path, _exact_spans, ("misaligned",))


# --------------------------------------------------------------------------- training


def train_zh_ner(
    output_dir: Path = MODEL_DIR,
    *,
    config_path: Path = CONFIG_PATH,
    continue_config_path: Path | None = CONTINUE_CONFIG_PATH,
    phase1_model: Path | None = None,
    data_dir: Path = PREPARED_DIR,
    script: str = "simplified",
    segmenter: str = "char",
    n_train: int | None = None,
    n_dev: int | None = None,
    augment: int = 1,
    overrides: dict[str, Any] | None = None,
    continue_overrides: dict[str, Any] | None = None,
    work_dir: Path | None = None,
) -> Path:
    """Train the Chinese NER pipeline in two phases; write it to ``output_dir`` (kept: ``MODEL_CARD.md``).

    Phase 1 trains from scratch with ``config_path`` (5,000 steps); its best model
    (by dev F1) is exported with the NORM table. Phase 2 continues from it with
    ``continue_config_path`` (tok2vec and ner sourced via ``paths.phase1``, same data
    and seed, decaying learning rate); its best model is exported to ``output_dir``.
    ``continue_config_path=None`` stops after phase 1; ``phase1_model`` skips phase 1
    and continues from an existing phase-1 model. ``overrides`` apply to phase 1,
    ``continue_overrides`` to phase 2. Reads the prepared data in ``data_dir`` (made by
    :func:`prepare_zh_corpus` if missing), adds Traditional copies per ``script``.
    Deterministic for the same data, configs and overrides (``[system] seed = 0``).
    ``n_train``/``n_dev`` take the first sentences only (for tests and experiments);
    ``augment`` adds that many mention-replaced copies (:func:`replace_mentions`, with the
    extra Japanese, Latin-letter and composed company names of :mod:`zh_names`).
    """
    if not (data_dir / "train.jsonl.gz").exists():
        prepare_zh_corpus(data_dir)
    train_rows = list(islice(read_jsonl(data_dir / "train.jsonl.gz"), n_train))
    dev_rows = list(islice(read_jsonl(data_dir / "dev.jsonl.gz"), n_dev))
    table = norm_table(simplified_chars(train_rows))
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        tmpd = Path(tmp)
        pools = extra_pools(train_rows, training_chars(train_rows)) if augment else {}
        train_all = train_rows + replace_mentions(train_rows, augment, extra_pools=pools) if augment else train_rows
        to_docbin(script_variants(train_all, script), tmpd / "train.spacy", segmenter)
        to_docbin(script_variants(dev_rows, script), tmpd / "dev.spacy", segmenter)
        base = {
            "paths.train": str(tmpd / "train.spacy"),
            "paths.dev": str(tmpd / "dev.spacy"),
            "nlp.tokenizer.segmenter": segmenter,
        }
        if phase1_model is None:
            phase1_out = output_dir if continue_config_path is None else tmpd / "phase1"
            best = train_phase(config_path, tmpd / "run1", {**base, **(overrides or {})})
            export_model(best, phase1_out, table)
            phase1_model = phase1_out
        if continue_config_path is not None:
            ov = {**base, "paths.phase1": str(phase1_model), **(continue_overrides or {})}
            best = train_phase(continue_config_path, tmpd / "run2", ov)
            export_model(best, output_dir, table)
        elif phase1_model != output_dir:
            export_model(phase1_model, output_dir, table)
    return output_dir


def training_chars(rows: Iterable[Example]) -> set[str]:
    """Every character of the training text (their embeddings were learnt as they are)."""
    chars: set[str] = set()
    for ex in rows:
        chars.update(ex["text"])
    return chars


def simplified_chars(rows: Iterable[Example]) -> set[str]:
    """The characters of the rows written in Simplified script (OpenCC ``t2s`` leaves them as they are).

    The NORM table must map a Traditional character (長) to its Simplified form (长) even
    when a few training sentences (Weibo, CLUENER) hold it: its own embedding was learnt
    from 2 sentences, the Simplified one from thousands. Characters valid in Simplified
    text (著 in 著名) are seen in Simplified sentences and keep their own NORM.
    """
    chars: set[str] = set()
    for ex in rows:
        if convert_script(ex["text"], "t2s") == ex["text"]:
            chars.update(ex["text"])
    return chars


def norm_table(known: set[str]) -> dict[str, str]:
    """NORM lookups for characters unseen in training: Traditional -> Simplified, NFKC width.

    A Traditional character the model never saw (國) gets the NORM of its Simplified
    form (国), so its hash embedding is the one learnt from Simplified text: the
    model reads Traditional text without any conversion code at inference.
    """
    import opencc

    dict_dir = Path(opencc.__file__).parent / "dictionary"
    cands: set[str] = set()
    for name in ("TSCharacters.txt", "TWVariants.txt", "TWVariantsRev.txt", "HKVariantsRev.txt"):
        for line in (dict_dir / name).read_text(encoding="utf-8").splitlines():
            cands.update(ch for ch in line if not ch.isspace())
    cands.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII
    table = {}
    for ch in sorted(cands - known):
        simp = convert_script(normalise(ch), "tw2s") or ch
        if simp != ch and len(simp) == 1:
            table[ch] = simp.lower()
    return table


def export_model(src: Path, output_dir: Path, table: dict[str, str], version: str = MODEL_VERSION) -> None:
    """Write the trained pipeline plus the NORM ``table`` (:func:`norm_table`) to ``output_dir``.

    Everything in ``output_dir`` but ``MODEL_CARD.md`` is replaced.
    """
    import spacy

    nlp = spacy.load(src)
    if nlp.vocab.lookups.has_table("lexeme_norm"):  # carried over from a sourced phase-1 model
        nlp.vocab.lookups.remove_table("lexeme_norm")
    lookup = nlp.vocab.lookups.add_table("lexeme_norm")
    for key, value in table.items():
        lookup[key] = value
    save_pipeline(nlp, output_dir, version)


# --------------------------------------------------------------------------- evaluation


@lru_cache(maxsize=4)
def load_model(model_dir: str | Path = MODEL_DIR) -> Any:
    """Load the trained pipeline once per process."""
    import spacy


    return spacy.load(Path(model_dir))


def predict(
    nlp: Any, texts: list[str], inference: str = "direct", batch_size: int = 256
) -> list[list[tuple[int, int, str]]]:
    """Entity spans per text; ``inference="t2s"`` converts Traditional to Simplified first."""
    prepared = []
    for t in texts:
        n = normalise(t)
        if inference == "t2s":
            n = convert_script(n, "t2s") or n
        prepared.append(n)
    return [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for doc in nlp.pipe(prepared, batch_size=batch_size)
    ]


def _relabel(spans: list[tuple[int, int, str]], table: dict[str, str]) -> list[tuple[int, int, str]]:
    return [(s, e, table[lab]) for s, e, lab in spans if lab in table]


_ORIGINAL_MSRA = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_PLACES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


def _scored_labels(corpus: str) -> set[str]:
    """Our labels a corpus' map can produce (only these are scored; others are not annotated)."""
    out: set[str] = set()
    for target in load_corpus_maps(LABELS_PATH)[corpus].values():
        out |= set(PLACES) if target.endswith("*") else {target}
    return out - {MISSING}


def evaluate_zh_public(
    corpus: str,
    model_dir: str | Path = MODEL_DIR,
    *,
    script: str = "simplified",
    inference: str = "direct",
    limit: int | None = None,
    shared: Path = SHARED_NER,
) -> dict[str, Any]:
    """Per-label mention-level P/R/F1 of the model on a public test split.

    ``corpus``: ``msra.test``, ``cluener.dev``, ``weibo.test`` (NAM only) or
    ``resume.test``. ``script="traditional"`` converts the test text with OpenCC
    s2tw first. Returns ``{"mapped": ..., "places": ...}`` (places = GPE+LOC+FAC
    scored as one label) and, for MSRA, ``"original"`` (PER/ORG/LOC as published).
    """
    name = corpus.split(".")[0]
    gold_rows = load_public(corpus, shared)[:limit]
    raw_rows = load_public(corpus, shared, mapped=False)[:limit]
    texts = [r["text"] for r in gold_rows]
    if script == "traditional":
        keep = [i for i, t in enumerate(texts) if to_traditional(t) is not None]
        gold_rows = [gold_rows[i] for i in keep]
        raw_rows = [raw_rows[i] for i in keep]
        texts = [to_traditional(gold_rows[i]["text"]) or "" for i in range(len(gold_rows))]
    nlp = load_model(str(model_dir))
    t0 = time.perf_counter()
    pred = predict(nlp, texts, inference)
    secs = time.perf_counter() - t0
    scored = {lab: lab for lab in _scored_labels(name)}
    gold = [[tuple(e) for e in r["entities"]] for r in gold_rows]
    result: dict[str, Any] = {
        "corpus": corpus,
        "script": script,
        "inference": inference,
        "sentences": len(texts),
        "chars_per_s": round(sum(map(len, texts)) / secs),
        "mapped": score_sentences([_relabel(g, scored) for g in gold], [_relabel(p, scored) for p in pred]),
        "places": score_sentences([_relabel(g, _PLACES) for g in gold], [_relabel(p, _PLACES) for p in pred]),
    }
    if name == "msra":
        orig = [[(s, e, lab) for s, e, lab in r["entities"]] for r in raw_rows]
        result["original"] = score_sentences(orig, [_relabel(p, _ORIGINAL_MSRA) for p in pred])
    return result

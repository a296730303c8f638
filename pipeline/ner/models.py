"""Statistical NER models: Japanese (small distilled model or GiNZA), the trained Chinese model.

Japanese: ``[model] ja_model`` in configs/ner.toml names either a spaCy model
directory trained on the project labels (``models/ner-ja``: distilled from GiNZA,
see pipeline.training.ja_distil) or ``ja_ginza`` (GiNZA itself, mapped by
``configs/labels/ja.toml``).

Each is loaded lazily, once per process (``functools.lru_cache``), on first use.
A configured model that is missing or broken raises :class:`~pipeline.errors.ModelError`:
the NER stage then fails for that document and says why (``process_bytes`` keeps
the error on the document) instead of running silently without it. The Chinese
model can be switched off with ``[model] zh_enabled = false``.
GiNZA is loaded with only ``tok2vec`` + ``ner`` (its ``ner`` listens to
``tok2vec`` alone; parser, morphologizer, bunsetu components are not needed).

Speed: ``[model] numpy_matmul = true`` switches the models' layers from thinc's
blis matrix multiply to numpy's (OpenBLAS, multi-threaded): outputs are
identical, a single process on an idle 2-core machine runs GiNZA about 2x
faster, but single-threaded it is no faster than blis and worker pools would
oversubscribe the cores, so it is off by default.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.errors import ModelError
from pipeline.ner import zh_arch  # noqa: F401 - registers the Chinese model's layers (also an entry point)
from pipeline.ner.config import LABELS, load_config, load_label_map
from pipeline.ner.rules import org_rules
from pipeline.ner.spans import Span
from pipeline.ner.words import jieba_tokenizer
from pipeline.text.chars import chunks, common_forms, nfkc_per_char, sanitize
from pipeline.text.fold import fold, fold_chars

log = logging.getLogger(__name__)
_lock = threading.Lock()


def _blas_ops() -> Any:
    import numpy as np
    from thinc.api import NumpyOps

    class BlasOps(NumpyOps):
        """NumpyOps whose gemm is numpy's matmul (OpenBLAS) instead of blis."""

        name = "numpy_blas"

        def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
            a = x.T if trans1 else x
            b = y.T if trans2 else y
            if out is None:
                return np.matmul(a, b)
            np.matmul(a, b, out=out)
            return out

    return BlasOps()


def _use_blas(nlp: Any) -> None:
    ops = _blas_ops()
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def prune_ner_labels(nlp: Any, keep: set[str]) -> int:
    """Keep only the NER transitions of the entity types in ``keep`` (plus O/U): the output
    layer shrinks and each parsing step checks fewer moves (GiNZA: 758 -> ~400).

    Uses spaCy internals (the transition system is rebuilt, the output layer's rows are
    selected, the component replaced); returns the new number of moves, or 0 (unchanged)
    if anything does not fit.
    """
    from collections import Counter

    import numpy as np
    from spacy.pipeline._parser_internals.ner import BiluoPushDown
    from spacy.pipeline.ner import EntityRecognizer

    ner = nlp.get_pipe("ner")
    old = ner.moves
    names = [old.get_class_name(i) for i in range(old.n_moves)]
    by_action = {a: Counter({lab: f for lab, f in c.items() if lab == "" or lab in keep}) for a, c in old.labels.items()}
    moves = BiluoPushDown(nlp.vocab.strings, by_action, incorrect_spans_key=old.neg_key)
    new_names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    if not set(new_names) <= set(names) or len(new_names) >= len(names):
        return 0
    rows = [names.index(n) for n in new_names]
    upper = ner.model.get_ref("upper")
    W, b = upper.get_param("W"), upper.get_param("b")
    if W.shape[0] != len(names):
        return 0
    upper._dims["nO"] = len(rows)
    upper.set_param("W", np.ascontiguousarray(W[rows]))
    upper.set_param("b", np.ascontiguousarray(b[rows]))
    # (created after the resize: the constructor would otherwise resize the layer itself)
    pruned = EntityRecognizer(nlp.vocab, ner.model, "ner", moves=moves, update_with_oracle_cut_size=100)
    nlp._components = [(n, pruned if n == "ner" else c) for n, c in nlp._components]
    return len(rows)


@lru_cache(maxsize=1)
def ginza() -> Any:
    """ja_ginza with tok2vec + ner only; ModelError if it cannot be loaded."""
    import spacy

    cfg = load_config()["model"]
    with _lock:
        try:
            nlp = spacy.load(cfg["ja"], exclude=list(cfg["ja_exclude"]))
        except (OSError, ValueError, ImportError) as exc:
            raise ModelError(f"GiNZA ({cfg['ja']}) cannot be loaded: {exc}") from exc
        if cfg.get("ja_prune"):
            _prune_ginza(nlp, cfg)
        if cfg.get("numpy_matmul"):
            _use_blas(nlp)
        return nlp


def _prune_ginza(nlp: Any, cfg: dict[str, Any]) -> None:
    """GiNZA's NER restricted to the labels of ``configs/labels/ja.toml`` (+ its [prune] keep)."""
    import tomllib

    path = resources.path(cfg["ja_labels"])
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    keep = set(data.get("labels", {})) | set(data.get("prune", {}).get("keep", []))
    try:
        n = prune_ner_labels(nlp, keep) if keep else 0
    except Exception as exc:  # noqa: BLE001 - an optimisation: never fatal
        log.warning("GiNZA NER not pruned: %s", exc)
        n = 0
    nlp.meta.setdefault("tripreport", {})["ner_moves"] = n or None


def _load_dir(model_dir: Path, what: str) -> Any:
    """Load a trained spaCy pipeline from ``model_dir``; ModelError if it is missing or broken."""
    import spacy

    if not (model_dir / "meta.json").exists():
        raise ModelError(f"{what} missing: {model_dir} has no meta.json")
    with _lock:
        try:
            nlp = spacy.load(model_dir)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{what} {model_dir} cannot be loaded: {exc}") from exc
        if load_config()["model"].get("numpy_matmul"):
            _use_blas(nlp)
        return nlp


@lru_cache(maxsize=2)
def ja_small(path: str) -> Any:
    """A small Japanese spaCy model trained on the project labels (+ TITLE)."""
    return _load_dir(resources.path(path), "Japanese NER model")


def ja_model() -> tuple[Any, dict[str, str]]:
    """The configured Japanese model and its label map ({} when it predicts project labels).

    ``[model] ja_model`` = the GiNZA package name (``ja``, i.e. ``ja_ginza``) -> GiNZA
    mapped by ``ja_labels``; any other value is a model directory (relative to the repo).
    """
    cfg = load_config()["model"]
    name = str(cfg.get("ja_model", cfg["ja"]))
    if name == cfg["ja"]:
        return ginza(), load_label_map(cfg["ja_labels"])
    return ja_small(name), {}


@lru_cache(maxsize=1)
def zh_model() -> Any | None:
    """The trained Chinese model in ``models/ner-zh`` (None if ``zh_enabled = false``)."""
    cfg = load_config()["model"]
    if not cfg.get("zh_enabled", True):
        return None
    return _load_dir(resources.path(cfg["zh_dir"]), "Chinese NER model")


# A unit suffix followed by a conjunction: two names joined (香港贸易发展局与香港科技园公司).
_JOINED = re.compile(r"[部局署處处課课室組组院所會会省廳厅庁司]\s*[與与和及、]|公司\s*[與与和及、]")


def _plausible(surface: str) -> bool:
    """A model span worth keeping: >= 2 characters, no punctuation, no outer spaces (國家：, 程 (松),
    not two names joined by a conjunction."""
    if len(surface) < 2 or surface != surface.strip() or _JOINED.search(surface):
        return False
    return not any(unicodedata.category(c)[0] == "P" and c not in "・-&." for c in surface)


def _cuts_word(text: str, start: int, end: int) -> bool:
    """A span that starts or ends inside a Latin word or number (Fraunhofe|r): the character
    model's boundary is wrong there."""

    def inside(k: int) -> bool:
        return 0 < k < len(text) and text[k - 1].isascii() and text[k].isascii() \
            and text[k - 1].isalnum() and text[k].isalnum()

    return inside(start) or inside(end)


def _org_suffixed(surface: str) -> bool:
    """Ends with a multi-character organisation suffix of ``configs/ner.toml [orgs]`` (協會, 大學)."""

    folded = fold_chars(surface)
    return any(len(suf) >= 2 and folded.endswith(suf) and len(folded) > len(suf) for suf in org_rules().suffix_map)


_ADMIN_END = frozenset("省市縣县區区")  # a level of the address that can be followed by another
_ADMIN_LAST = frozenset("省市縣县區区鎮镇鄉乡")


def _admin_parts(surface: str) -> list[tuple[int, int]]:
    """A place span that chains administrative levels (深圳市南山區), cut into its levels
    (深圳市, 南山區): each level is a place of its own in our labels, while an address corpus in
    the model's training data (CLUENER) marks the whole chain as one span. Each part has >= 2
    characters and the last ends with an administrative suffix; otherwise the span is kept whole."""
    if len(surface) < 4 or surface[-1] not in _ADMIN_LAST:
        return [(0, len(surface))]
    parts, start = [], 0
    for k in range(2, len(surface) - 1):
        if surface[k - 1] in _ADMIN_END and k - start >= 2:
            parts.append((start, k))
            start = k
    parts.append((start, len(surface)))
    return parts if parts[-1][1] - parts[-1][0] >= 2 else [(0, len(surface))]


def _zh_plausible(surface: str, label: str) -> bool:
    """Drop Chinese model spans that are ordinary words (拜會, 成本) or start with a verb (拜訪縣),
    and spans with Latin letters (the model saw almost none; the Latin-name rules handle them)."""
    if any(c.isascii() and c.isalpha() for c in surface):
        return False

    pseg, freq = jieba_tokenizer()
    tokens = pseg.lcut(fold(surface), HMM=False)
    if not tokens:
        return False
    first = tokens[0]
    if len(first.word) >= 2 and first.flag.startswith("v") and not first.flag.startswith("vn"):
        return False
    proper = ("nr", "ns", "nt", "nz")
    if len(tokens) == 1 and not first.flag.startswith(proper) and freq.get(first.word, 0) >= 30:
        return False
    if label == "ORG" and len(surface) <= 2 and not any(t.flag.startswith(proper) for t in tokens):
        return False  # 橋會, 日團: fragments of longer words
    return True


def model_spans(texts: list[str], lang: str) -> list[list[Span]]:
    """Spans per text from the statistical model for ``lang``, on project labels.

    Texts are batched through the model (long ones cut into chunks). Title spans
    (GiNZA's Position_Vocation, the small model's TITLE) are not returned: they
    become the ``title`` of an adjacent Person span.
    """
    out: list[list[Span]] = [[] for _ in texts]
    cfg = load_config()["model"]
    if lang == "ja":
        nlp, labels = ja_model()
    elif lang.startswith("zh"):
        nlp, labels = zh_model(), {}  # trained on the project labels already
    else:
        return out
    if nlp is None:
        return out
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
    for i, text in enumerate(texts):
        if not text.strip():
            continue
        prepared = common_forms(sanitize(text))  # 髙橋 read as the 高橋 the model has seen
        if lang != "ja":
            prepared = nfkc_per_char(prepared)  # as the Chinese model was trained
        for offset, piece in chunks(prepared, int(cfg["max_chunk_chars"])):
            if piece.strip():
                pieces.append((i, offset, piece))
    titles: list[list[tuple[int, int]]] = [[] for _ in texts]
    # A piece repeated in the document (a heading in a block and a table cell, a
    # recurring phrase) goes through the model once: its entities do not depend on
    # the other texts of the batch.
    distinct = list(dict.fromkeys(p for _, _, p in pieces))
    parsed = dict(zip(distinct, nlp.pipe(distinct, batch_size=64), strict=True))
    for (i, offset, piece) in pieces:
        doc = parsed[piece]
        for ent in doc.ents:
            label = labels.get(ent.label_, "") if labels else ent.label_
            s, e = offset + ent.start_char, offset + ent.end_char
            if label == "TITLE":
                titles[i].append((s, e))
            elif label in LABELS and _plausible(texts[i][s:e]) and not _cuts_word(texts[i], s, e) and (
                lang == "ja" or _zh_plausible(texts[i][s:e], label)
            ):
                if label == "PERSON" and lang != "ja" and _org_suffixed(texts[i][s:e]):
                    label = "ORG"  # 弗勞恩霍夫協會 tagged as a person
                cuts = _admin_parts(texts[i][s:e]) if label == "GPE" and lang != "ja" else [(0, e - s)]
                out[i].extend(Span(s + a, s + b, label, "model", "model") for a, b in cuts)
    for i, spans in enumerate(out):
        for s, e in titles[i]:
            for sp in spans:
                if sp.label == "PERSON" and (0 <= s - sp.end <= 1 or 0 <= sp.start - e <= 1):
                    sp.attrs.setdefault("title", texts[i][s:e])
    return out

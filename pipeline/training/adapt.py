"""Domain adaptation: a third training phase of the NER models on real text of the genre.

The public corpora the models learnt from (MSRA and CLUENER news, CVs, Weibo; Japanese
Wikipedia and GSD) are not what the stage reads: press releases and reports dense in
foreign organisations, titles beside names, Latin-letter companies, cover forms. This
phase continues each shipped model on real passages of the genre -- the evaluation set's
``dev`` split (``corpora/eval/real``; the ``test`` split is never read here) and the passages
annotated for training only (``corpora/ner/real-train``) -- oversampled and
mixed with a rehearsal sample of the model's original training data, so that what the
public corpora taught is kept (replay against forgetting; Gururangan et al. 2020 on
domain-adaptive training, de Masson d'Autume et al. 2019 on replay).

Each passage is cut into lines, as the stage runs the model on lines. Gold labels are the
model's (ORG, PERSON, GPE, LOC, FAC); INDUSTRY marks are not a model label and read as
outside. The Japanese model also predicts TITLE (a person's position), which the gold does
not mark: the current model's own TITLE spans that touch no gold entity are kept as silver
labels, so the phase does not teach it to forget titles.

    OMP_NUM_THREADS=1 tripreport train adapt zh --base <phase-2 model> -o models/ner-zh  # ~7 min, one thread
    OMP_NUM_THREADS=1 tripreport train adapt ja --base <distilled model> -o models/ner-ja  # ~14 min
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.evaluation.real_set import load_real_set, marked_passages
from pipeline.text.chars import nfkc_per_char, sanitize
from pipeline.training.spacy_runs import save_pipeline, train_phase
from pipeline.training.zh_data import LABELS, Example, convert_script

# Continue at half of phase 1's rate, warm-up then linear decay; the last model is kept
# (model-best would be chosen on the public dev set, which measures the opposite of the aim).
STEPS = 1500
OVERRIDES = {
    "training.max_steps": STEPS,
    "training.eval_frequency": STEPS,
    "training.optimizer.learn_rate.warmup_steps": 100,
    "training.optimizer.learn_rate.total_steps": STEPS,
    "training.optimizer.learn_rate.initial_rate": 0.0005,
}
OVERSAMPLE = 8  # copies of each real line (~2,200-2,700 per model) against the rehearsal sample
REPLACED = 0  # of which mention-replaced (Dai & Adel 2020): names swapped among the real lines
JA_CONFIG_PATH = resources.source_root() / "configs" / "ner-ja-adapt.cfg"
REHEARSAL = 16000  # original training sentences replayed beside them
# The adapted models' versions: phases 1-2 (zh) and the distillation (ja) give x.0.0.
VERSIONS = {"zh": "3.3.0", "ja": "2.3.0"}  # bump when this phase's recipe changes
TRAIN_DIR = resources.source_root() / "corpora" / "ner" / "real-train"


def passage_id_number(passage_id: str) -> int:
    """The number of a passage id (``hant-07`` -> 7): the batch it came in."""
    match = re.search(r"(\d+)$", passage_id)
    return int(match.group(1)) if match else 0


def training_passages() -> list[dict[str, Any]]:
    """The real passages annotated for training only (``corpora/ner/real-train``): id, lang, text, gold."""
    return marked_passages(TRAIN_DIR)


def real_lines(langs: Iterable[str], keep: Callable[[str], bool] = lambda _id: True) -> list[Example]:
    """The real passages of ``langs`` cut into lines with their gold spans: the evaluation set's
    ``dev`` passages whose id ``keep`` accepts, then every training passage.

    The ``test`` split is never read. A span that crosses a line break (none should) is
    dropped; lines without text are skipped. Text is sanitised as the stage does.
    """
    wanted = set(langs)
    passages = [p for p in load_real_set("dev") if keep(p["id"])] + training_passages()
    rows: list[Example] = []
    for passage in passages:
        if passage["lang"] not in wanted:
            continue
        start = 0
        for line in passage["text"].split("\n"):
            end = start + len(line)
            ents = [[s - start, e - start, lab] for s, e, lab in passage["entities"]
                    if start <= s and e <= end and lab in LABELS]
            if line.strip():
                rows.append({"text": sanitize(line), "entities": ents, "lang": passage["lang"], "id": passage["id"]})
            start = end + 1
    return rows


def simplified_rows(rows: Iterable[Example]) -> list[Example]:
    """Chinese lines in Simplified script and per-character NFKC, as the Chinese model was trained.

    Traditional lines are converted (OpenCC ``t2s``, same length): at inference the model
    reads Traditional characters through its NORM table as their Simplified forms.
    """
    out = []
    for row in rows:
        text = nfkc_per_char(row["text"])
        converted = convert_script(text, "t2s") if row["lang"] == "zh-Hant" else text
        out.append({"text": converted or text, "entities": row["entities"]})
    return out


def with_silver_titles(rows: list[Example], model_dir: Path) -> list[Example]:
    """Rows plus the TITLE spans ``model_dir``'s Japanese model predicts where no gold span lies."""
    from pipeline.training.ner_ja import load_model

    nlp = load_model(str(model_dir))
    out = []
    for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows]), strict=True):
        ents = list(row["entities"])
        for ent in doc.ents:
            if ent.label_ == "TITLE" and not any(s < ent.end_char and ent.start_char < e for s, e, _ in ents):
                ents.append([ent.start_char, ent.end_char, "TITLE"])
        out.append({"text": row["text"], "entities": sorted(ents)})
    return out


def real_mix(real: list[Example], copies: int | None = None, replaced: int | None = None) -> list[Example]:
    """``copies`` copies of the real lines, ``replaced`` of them with their names swapped
    (:func:`~pipeline.training.zh_data.replace_mentions`: the model sees the genre's contexts
    with other names, so it learns the context rather than the names of the dev passages)."""
    from pipeline.training.zh_data import replace_mentions

    copies = OVERSAMPLE if copies is None else copies
    replaced = REPLACED if replaced is None else replaced
    return real * (copies - replaced) + (replace_mentions(real, replaced) if replaced else [])


def rehearsal_sample(rows: list[Example], n: int | None = None, seed: int = 0) -> list[Example]:
    """``n`` (default :data:`REHEARSAL`) of the original training sentences, drawn without
    replacement (deterministic for ``seed``)."""
    n = REHEARSAL if n is None else n
    return random.Random(seed).sample(rows, min(n, len(rows)))


def _write_corpora(folder: Path, real: list[Example], original: list[Example], dev: list[Example],
                   to_docbin: Callable[[list[Example], Path], dict[str, int]]) -> dict[str, Any]:
    """``train.spacy`` (the real lines mixed with a rehearsal sample) and ``dev.spacy`` in
    ``folder``, by the language's ``to_docbin``; the counts of real lines and training docs."""
    stats = {"real_lines": len(real), "train": to_docbin(real_mix(real) + rehearsal_sample(original),
                                                         folder / "train.spacy")}
    to_docbin(dev, folder / "dev.spacy")
    return stats


def adapt_zh(output_dir: Path, *, base: Path, keep: Callable[[str], bool], n_original: int | None = None,
             work_dir: Path | None = None) -> dict[str, Any]:
    """Continue the Chinese model ``base`` on the real Chinese lines (:func:`real_lines`) + rehearsal;
    write it to ``output_dir``."""
    import spacy

    from pipeline.training.ner_zh import CONTINUE_CONFIG_PATH, export_model, to_docbin
    from pipeline.training.zh_data import PREPARED_DIR, read_jsonl

    real = simplified_rows(real_lines(("zh-Hans", "zh-Hant"), keep))
    original = list(islice(read_jsonl(PREPARED_DIR / "train.jsonl.gz"), n_original))
    dev = list(islice(read_jsonl(PREPARED_DIR / "dev.jsonl.gz"), 500))
    table = dict(spacy.load(base).vocab.lookups.get_table("lexeme_norm").items())
    t0 = time.time()
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        tmpd = Path(tmp)
        stats = _write_corpora(tmpd, real, original, dev, to_docbin)
        paths = {"paths.train": str(tmpd / "train.spacy"), "paths.dev": str(tmpd / "dev.spacy"),
                 "paths.phase1": str(base)}
        export_model(train_phase(CONTINUE_CONFIG_PATH, tmpd / "run", {**paths, **OVERRIDES}, keep="last"),
                     output_dir, table, VERSIONS["zh"])
    return {**stats, "seconds": round(time.time() - t0)}


def adapt_ja(output_dir: Path, *, base: Path, keep: Callable[[str], bool], work_dir: Path | None = None) -> dict[str, Any]:
    """Continue the Japanese model ``base`` on the real Japanese lines (:func:`real_lines`, with silver
    titles) + rehearsal; write it to ``output_dir``."""
    import spacy

    from pipeline.training.ja_distil import training_rows
    from pipeline.training.ner_ja import to_docbin

    real = with_silver_titles([{"text": r["text"], "entities": r["entities"]} for r in real_lines(("ja",), keep)], base)
    original, dev = training_rows("silver+gold")
    t0 = time.time()
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        tmpd = Path(tmp)
        stats = _write_corpora(tmpd, real, original, dev[:500], to_docbin)
        overrides = {"paths.train": str(tmpd / "train.spacy"), "paths.dev": str(tmpd / "dev.spacy"),
                     "paths.base": str(base), **OVERRIDES}
        save_pipeline(spacy.load(train_phase(JA_CONFIG_PATH, tmpd / "run", overrides, keep="last")),
                      output_dir, VERSIONS["ja"])
    return {**stats, "seconds": round(time.time() - t0)}

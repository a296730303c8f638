"""One ``spacy train`` phase and the saving of its pipeline: the steps every NER trainer shares."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Literal


def train_phase(config_path: Path, run_dir: Path, overrides: dict[str, Any],
                keep: Literal["best", "last"] = "best") -> Path:
    """Run ``spacy train`` on CPU into ``run_dir``; return the model to keep.

    ``best`` is ``model-best`` (chosen on the config's dev set), falling back to
    ``model-last`` when no evaluation wrote one; ``last`` is always ``model-last``.
    """
    from spacy.cli.train import train as spacy_train

    spacy_train(config_path, run_dir, overrides=overrides, use_gpu=-1)
    best = run_dir / "model-best"
    return best if keep == "best" and best.exists() else run_dir / "model-last"


def save_pipeline(nlp: Any, output_dir: Path, version: str) -> None:
    """Name ``nlp`` ``tripreport_ner`` at ``version`` and write it to ``output_dir``.

    Everything in ``output_dir`` but ``MODEL_CARD.md`` is replaced, so no file of an
    older model survives beside the new one. The name and version are shown in the
    provenance of every document the model annotates.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    for child in output_dir.iterdir():
        if child.name != "MODEL_CARD.md":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    nlp.meta.update(name="tripreport_ner", version=version)
    nlp.to_disk(output_dir)

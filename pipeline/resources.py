"""The one place that finds the package's data: configs, gazetteers, models.

The data home is a folder laid out like the repository's top level
(``configs/``, ``models/``, ``corpora/gazetteers/``, ``datasette/``). It is,
in order of precedence:

1. the folder named by ``$TRIPREPORT_HOME`` (e.g. retrained models elsewhere);
2. ``pipeline/_data`` inside an installed wheel (the build maps the repository's
   top-level folders there, see ``pyproject.toml``);
3. the source checkout the package is imported from (editable installs, tests).

Training and the evaluation corpora need more than a wheel ships (``corpora/ner``,
``corpora/sectors``, ``../shared``): :func:`checkout` and :func:`shared_dir` find
those and fail with a clear message outside a checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import ResourceError

HOME_ENV = "TRIPREPORT_HOME"
SHARED_ENV = "TRIPREPORT_SHARED"
_PACKAGE = Path(__file__).resolve().parent
_MARKER = Path("configs") / "ner.toml"  # present in every complete data home


def home() -> Path:
    """The data home (see the module docstring for the precedence rule)."""
    named = os.environ.get(HOME_ENV)
    if named:
        folder = Path(named).expanduser()
        if not (folder / _MARKER).is_file():
            raise ResourceError(f"${HOME_ENV}={named} has no {_MARKER}")
        return folder
    for folder in (_PACKAGE / "_data", _PACKAGE.parent):
        if (folder / _MARKER).is_file():
            return folder
    raise ResourceError(
        f"tripreport data not found: neither {_PACKAGE / '_data'} nor {_PACKAGE.parent} "
        f"holds {_MARKER}; set ${HOME_ENV} to a folder with configs/, models/, corpora/gazetteers/")


def path(relative: str | Path) -> Path:
    """A file or folder of the data home, e.g. ``path("models/ner-zh")``."""
    return home() / relative


def config(name: str) -> Path:
    """A file of ``configs/`` (``ner.toml``, ``sectors.toml``, ``labels/ja.toml``...)."""
    return path(Path("configs") / name)


def gazetteer(name: str) -> Path:
    """A file of ``corpora/gazetteers/``."""
    return path(Path("corpora") / "gazetteers" / name)


def model(name: str) -> Path:
    """A model folder of ``models/`` (``ner-zh``, ``ner-ja``, ``sectors``)."""
    return path(Path("models") / name)


def source_root() -> Path:
    """Where the source checkout would be (the package's parent); not checked, no I/O."""
    return _PACKAGE.parent


def checkout() -> Path:
    """The source checkout (needed by training and evaluation data), or ResourceError."""
    root = source_root()
    if not (root / "pyproject.toml").is_file() or not (root / "corpora").is_dir():
        raise ResourceError(f"training and evaluation need a source checkout of tripreport; "
                            f"{root} is not one")
    return root


def shared_dir() -> Path:
    """The ``shared/`` folder of public corpora: ``$TRIPREPORT_SHARED`` or beside the checkout."""
    named = os.environ.get(SHARED_ENV)
    return Path(named).expanduser() if named else source_root().parent / "shared"

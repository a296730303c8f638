"""The project's exceptions: one base class, one subclass per domain.

Library code raises these; only the command line (``pipeline.cli``) turns them
into exit codes (:data:`pipeline.cli.common.EXIT_CODES`). Per-document problems are
not exceptions at all: ``process_bytes`` records them on the document.
"""

from __future__ import annotations


class TripreportError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(TripreportError):
    """The input cannot be read at all (corrupt, encrypted, not a PDF, empty...).

    ``code`` is a short machine-readable reason; ``str(exc)`` is a one-line message.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ResourceError(TripreportError):
    """A config, gazetteer or model file the package needs is missing or unreadable."""


class ModelError(ResourceError):
    """A trained model could not be loaded (missing directory, broken files)."""


class CorpusError(TripreportError):
    """The corpus folder or its index cannot be used."""


class DocumentNotFound(CorpusError):
    """No stored document has the given id (or id prefix)."""


class AmbiguousId(CorpusError):
    """An id prefix matches several documents."""


class IndexSchemaMismatch(CorpusError):
    """The index was written by another schema version and must be rebuilt."""


class IndexCorrupt(CorpusError):
    """The SQLite index file is damaged and must be rebuilt."""


class QueryError(TripreportError, ValueError):
    """A query's arguments are invalid (unknown label, sector or date)."""


class ExportError(TripreportError):
    """An export cannot be written (unknown format, missing optional dependency)."""


class EvaluationError(TripreportError):
    """Gold data missing or malformed, or a component needed to evaluate is absent."""


class TrainingError(TripreportError):
    """Training data is unusable or a trained model fails its own checks."""


class DocumentValidationError(TripreportError, ValueError):
    """A document dict does not match the schema; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems

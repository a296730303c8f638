"""The JSON Schema of a stored document (``document.schema.json``) and its validator."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from pipeline.errors import DocumentValidationError

SCHEMA_FILE = "document.schema.json"


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The schema as a dict (read once, on first use)."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = document_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_document(data: dict[str, Any]) -> None:
    """Raise :class:`DocumentValidationError` unless ``data`` (``Document.to_dict()``)
    matches the schema; every violation is reported with its JSON path."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise DocumentValidationError(
            [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors])

"""JSON-ready plain values of the document model's dataclasses (see ``Document.to_dict``)."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any


def without_none(data: dict[str, Any], optional: tuple[str, ...]) -> dict[str, Any]:
    """``data`` without the ``optional`` keys whose value is None (absent in the JSON)."""
    return {k: v for k, v in data.items() if k not in optional or v is not None}


_LEAF = (str, int, float, bool, type(None))


def as_plain(value: Any) -> Any:
    """``dataclasses.asdict`` for a document's values: dataclasses, lists, tuples and
    dicts rebuilt the same way, but immutable leaves shared instead of deep-copied
    (asdict deep-copies every string: most of the time of writing a document)."""
    if isinstance(value, _LEAF):
        return value
    if isinstance(value, list):
        return [as_plain(v) for v in value]
    if isinstance(value, dict):
        return {as_plain(k): as_plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        items = [as_plain(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    return copy.deepcopy(value)

"""Per-document steps that misbehave on purpose, for the worker-limit tests.

Each is :func:`test_corpus.text_processor` (a real tiny step for text files) plus
one way of exceeding a limit, chosen by the file's first word; they are
module-level functions so that spawned worker processes can unpickle them.
"""

from __future__ import annotations

import time

from test_corpus import text_processor

from pipeline.document import Document


def misbehaving(data: bytes, filename: str, path: str | None = None) -> Document:
    """``SLEEP`` never finishes, ``HOG`` allocates 1 GB at once, ``GROW`` allocates
    50 MB at a time for ever, ``SPIN`` burns CPU for ever; anything else is normal."""
    if data.startswith(b"SLEEP"):
        time.sleep(3600)
    if data.startswith(b"HOG"):
        block = bytearray(1 << 30)
        block[::4096] = b"x" * len(block[::4096])
    if data.startswith(b"GROW"):
        blocks = []
        while True:
            blocks.append(b"x" * (50 << 20))
            time.sleep(0.01)
    if data.startswith(b"SPIN"):
        while True:
            pass
    return text_processor(data, filename, path)


def paced(data: bytes, filename: str, path: str | None = None) -> Document:
    """The text step taking 0.3 s a document, like a short real one (so that a batch
    is still running when the test interrupts it)."""
    time.sleep(0.3)
    return text_processor(data, filename, path)

"""The batch's one corpus writer, in a thread of its own.

The main thread of an ingest hands jobs to the workers and collects what they
return; the writer thread stores it (JSON files with fsync, then the index).
Whatever has queued up while the writer was busy is stored as one group: one
directory fsync and one index transaction for the lot (a group commit), so the
writer keeps up with more workers instead of holding them up, one fsync-bound
document at a time.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Writer"]

Item = TypeVar("Item")
_STOP = object()


class Writer(threading.Thread, Generic[Item]):
    """Calls ``write(items, conn)`` with every group of items :meth:`put` while it was
    busy, on a connection from ``connect()`` opened in this thread (SQLite
    connections belong to their thread).  An exception in the writer ends it and is
    raised again by the next :meth:`put` and by :meth:`close`."""

    def __init__(self, write: Callable[[list[Item], Any], None], connect: Callable[[], Any]) -> None:
        super().__init__(name="corpus-writer", daemon=True)
        self._write, self._connect = write, connect
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.groups = 0  # how many groups were written (a group commit each)

    def put(self, item: Item) -> None:
        """Queue ``item`` for writing (raises the writer's error if it has failed)."""
        self._raise()
        self._queue.put(item)

    def close(self) -> None:
        """Write everything queued, end the thread, raise its error if it failed."""
        self._queue.put(_STOP)
        self.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def run(self) -> None:
        try:
            conn = self._connect()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            self.error = exc
            return
        try:
            while True:
                group = [self._queue.get()]
                while True:  # everything that queued up while the last group was written
                    try:
                        group.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                items = [item for item in group if item is not _STOP]
                if items:
                    self._write(items, conn)
                    self.groups += 1
                if len(items) < len(group):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            self.error = exc
        finally:
            conn.close()

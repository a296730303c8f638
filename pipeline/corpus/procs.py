"""Lifetime and limits of isolated worker processes (:mod:`pipeline.corpus.workers`):
they die with their parent, their address space is capped, and the parent reads
their memory from ``/proc``."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import current_process
from multiprocessing.connection import Connection

__all__ = ["children_allowed", "die_with_parent", "limit_address_space", "memory_of"]

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int, lifeline: Connection) -> None:
    """End this process as soon as the parent is gone, however it ended."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog below still works
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watchdog() -> None:
        try:
            lifeline.recv()  # the parent never sends: returns only at EOF
        except (EOFError, OSError):
            pass
        os._exit(1)

    threading.Thread(target=watchdog, name="parent-watchdog", daemon=True).start()


def limit_address_space(extra: int) -> None:
    """Let the address space grow by at most ``extra`` bytes from now on (RLIMIT_AS):
    an allocation past it raises MemoryError instead of swapping the machine."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = current + extra
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, OSError, ValueError):  # not Linux: the parent's RSS watch remains
        pass


@contextmanager
def children_allowed() -> Iterator[None]:
    """Let a daemonic process (a Dask worker) start workers.  multiprocessing refuses
    because a daemon's children would be orphaned when it is terminated; ours end
    with their parent whatever happens (``die_with_parent``), so the reason does
    not hold.  The flag is private to multiprocessing, hence restored at once."""
    config = current_process()._config  # type: ignore[attr-defined]
    daemonic = config.pop("daemon", None)
    try:
        yield
    finally:
        if daemonic is not None:
            config["daemon"] = daemonic


def memory_of(pid: int) -> tuple[int, int] | None:
    """(address space, resident set) of process ``pid`` in bytes; None if it is gone."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            size, resident = fh.read().split()[:2]
    except (OSError, ValueError):
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    return int(size) * page, int(resident) * page

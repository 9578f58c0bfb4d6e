"""Python's cyclic garbage collector, kept waiting while big results are made and taken in.

A full collection pauses every thread while it walks the heap, longer as the heap grows. While a big
text's hundreds of thousands of mentions are made (analysis), laid out for the reader, turned into the
map's page and the table's rows, those pauses (0.2 s growing to 0.7 s, collecting nothing) froze the
window. Each such piece of work runs inside `paused()`: the collector waits until the last of them
(on any thread) is done, then what they made is moved out of its reach for good (gc.freeze): it lives
as long as the document is open, and reference counting frees it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0  # pieces of big work under way
_ours = False  # the collector was on when the first of them began (someone else may have turned it off)


@contextmanager
def paused(big: bool = True) -> Iterator[None]:
    """Keep the collector waiting for the time of the block, when `big`; nests, on any thread."""
    global _holders, _ours
    if not big:
        yield
        return
    with _lock:
        if _holders == 0:
            _ours = gc.isenabled()
        _holders += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _ours:
                gc.freeze()
                gc.enable()

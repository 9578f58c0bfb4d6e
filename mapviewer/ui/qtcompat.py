"""Work around a PySide6 reference-counting bug that would crash a long session.

PySide6 6.12 returns `True` from `SignalInstance.emit()` without taking a new reference. On Python 3.11
(where True is not yet immortal) every emit of a Python-declared signal drops one reference to True, and
after a few thousand emits (a folder of files reports progress for each) the interpreter aborts with
"bool_dealloc: deallocating True or False". We detect the bug at import and, only if present, give
back the missing reference after each emit.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 64


class _Probe(QObject):
    fired = Signal()


def _incref():
    function = ctypes.pythonapi.Py_IncRef
    function.argtypes = [ctypes.py_object]
    function.restype = None
    return function


def emit_drops_a_reference() -> bool:
    """True when emit() returns a borrowed reference (measured, not assumed from the version)."""
    probe = _Probe()
    results = []
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        results.append(probe.fired.emit())  # held, so the measurement itself loses nothing
    held = sys.getrefcount(True)
    results.clear()
    lost = held - sys.getrefcount(True)  # what letting go of them cost
    dropped = (before + _PROBES) - held  # references the list should have added but did not
    if dropped >= _PROBES - 4:
        incref = _incref()
        for _ in range(lost):
            incref(True)
        return True
    return False


def install() -> bool:
    """Patch SignalInstance.emit once, if the bug is there; returns whether it patched."""
    if getattr(SignalInstance.emit, "_mapviewer_fixed", False) or not emit_drops_a_reference():
        return False
    original = SignalInstance.emit
    incref = _incref()

    def emit(self, *args):
        result = original(self, *args)
        incref(result)  # the reference PySide should have given us
        return result

    emit._mapviewer_fixed = True
    SignalInstance.emit = emit
    return True


FIXED_EMIT = install()

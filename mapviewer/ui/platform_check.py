"""Before Qt starts: are the system libraries its X11 (xcb) platform plugin and QtWebEngine need there?

PySide6's wheels bring Qt but not the X11 libraries Qt links against. On a fresh Debian desktop Qt then
aborts (exit 134) with a message that blames libxcb-cursor0 even when libxcb-icccm4 and libxcb-keysyms1
are what is missing. This module imports no Qt: it asks the system's dynamic loader for each library and
names the Debian packages to install.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["XCB_LIBRARIES", "missing_libraries", "problem", "uses_xcb"]

# soname -> Debian package (checked with `dpkg -S` on Debian 12; the same names on Ubuntu 22.04+).
# The first block is what libqxcb.so and libQt6XcbQpa.so.6 link against; the second, QtWebEngine.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libdbus-1.so.3": "libdbus-1-3",
    # QtWebEngine (Chromium)
    "libnss3.so": "libnss3",
    "libnspr4.so": "libnspr4",
    "libXcomposite.so.1": "libxcomposite1",
    "libXdamage.so.1": "libxdamage1",
    "libXrandr.so.2": "libxrandr2",
    "libXtst.so.6": "libxtst6",
    "libxkbfile.so.1": "libxkbfile1",
    "libasound.so.2": "libasound2",
    "libgbm.so.1": "libgbm1",
    "libxcb-dri3.so.0": "libxcb-dri3-0",
}


def uses_xcb(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Will Qt pick its xcb plugin? Only on Linux, and not when another platform is asked for or a
    Wayland session offers Qt its own plugin."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return False
    asked = env.get("QT_QPA_PLATFORM", "").strip()
    if asked:
        return asked.split(";")[0].split(":")[0].strip() == "xcb"
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "").lower() == "wayland")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # the package's folder, without loading any Qt library
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return path if path.is_file() else None


def _ldd_missing(path: Path) -> list[str]:
    """Libraries `ldd` cannot find for `path` (its whole dependency tree), [] if ldd is not there."""
    ldd = shutil.which("ldd")
    if ldd is None or not path.is_file():
        return []
    try:
        out = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line]


def missing_libraries(
    libraries: Mapping[str, str] = XCB_LIBRARIES, plugin: Path | None = None
) -> dict[str, str | None]:
    """soname -> Debian package (None when unknown) for each library the loader cannot find: every one
    in `libraries`, and whatever `ldd` says the xcb plugin lacks."""
    missing: dict[str, str | None] = {
        name: package for name, package in libraries.items() if not _loads(name)
    }
    plugin = plugin if plugin is not None else _plugin()
    if plugin is not None:
        for name in _ldd_missing(plugin):
            missing.setdefault(name, libraries.get(name))
    return missing


def problem(
    environ: Mapping[str, str] | None = None,
    libraries: Mapping[str, str] = XCB_LIBRARIES,
    platform: str | None = None,
    plugin: Path | None = None,
) -> str | None:
    """What keeps Qt from starting here, as a message saying what to do; None when nothing does."""
    env = os.environ if environ is None else environ
    if not uses_xcb(env, platform):
        return None
    missing = missing_libraries(libraries, plugin)
    if missing:
        names = ", ".join(sorted(missing))
        packages = sorted({p for p in missing.values() if p})
        unknown = sorted(name for name, p in missing.items() if not p)
        lines = [
            "mapviewer-app cannot start: Qt's X11 (xcb) platform plugin needs system libraries that are "
            f"missing: {names}.",
        ]
        if packages:
            lines.append(
                f"On Debian or Ubuntu, install them with:\n    sudo apt-get install {' '.join(packages)}"
            )
        if unknown:
            lines.append(
                f"Install the package that provides {', '.join(unknown)} (apt-file search NAME finds it)."
            )
        lines.append("The command line (`mapviewer extract`, `mapviewer export`) works without them.")
        return "\n".join(lines)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "mapviewer-app cannot start: there is no display (DISPLAY is not set). Run it from a desktop "
            "session, or use the command line (`mapviewer extract`, `mapviewer export`) instead."
        )
    return None

"""First launch on a fresh Linux desktop: before Qt can abort, the app names the packages to install.

A missing library is simulated through the list of libraries checked (a name no system has); Qt itself
is not mocked: when the check does not stop the start, the real Qt is what fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mapviewer.ui import platform_check
from mapviewer.ui.app import EXIT_NO_PLATFORM

REPO = Path(__file__).resolve().parent.parent
LINUX = sys.platform.startswith("linux")

LAUNCH_WITH_A_MISSING_LIBRARY = """
import sys
from mapviewer.ui import platform_check
platform_check.XCB_LIBRARIES["libmapviewer-absent.so.7"] = "libmapviewer-absent7"
from mapviewer.ui.app import main
sys.exit(main(["mapviewer-app"]))
"""


@pytest.mark.skipif(not LINUX, reason="Qt's xcb plugin is Linux's")
def test_a_missing_xcb_library_is_named_with_its_package_before_qt_aborts(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=":97", HOME=str(tmp_path))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH_WITH_A_MISSING_LIBRARY],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == EXIT_NO_PLATFORM, done.stderr[-2000:]
    assert "libmapviewer-absent.so.7" in done.stderr
    install = [line for line in done.stderr.splitlines() if "apt-get install" in line]
    assert install and "libmapviewer-absent7" in install[0].split()
    assert "qt.qpa.plugin" not in done.stderr and "Aborted" not in done.stderr  # Qt never started


@pytest.mark.skipif(not LINUX or shutil.which("ldd") is None, reason="needs ldd")
def test_every_library_the_xcb_plugin_lacks_here_is_reported_with_its_package():
    plugin = platform_check._plugin()
    if plugin is None:
        pytest.skip("this PySide6 has no xcb plugin")
    lacking = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
    lacking = {line.split("=>")[0].strip() for line in lacking.splitlines() if "not found" in line}
    missing = platform_check.missing_libraries()
    assert lacking <= set(missing)
    # Each one ldd knows is in the table, so the message can name its package.
    assert all(missing[name] for name in lacking), missing


def test_the_table_finds_present_libraries_and_not_absent_ones():
    present = {"libc.so.6": "libc6"} if LINUX else {}
    missing = platform_check.missing_libraries(
        {**present, "libmapviewer-absent.so.7": "x"}, plugin=Path("/nonexistent")
    )
    assert missing == {"libmapviewer-absent.so.7": "x"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb:foo=1"}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({}, True),  # Qt's default on Linux
    ],
)
def test_only_the_xcb_platform_is_checked(env, expected):
    assert platform_check.uses_xcb(env, platform="linux") is expected
    assert platform_check.uses_xcb(env, platform="darwin") is False


def test_offscreen_and_other_systems_have_nothing_to_check():
    assert platform_check.problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert platform_check.problem({"DISPLAY": ":0"}, platform="win32") is None


def test_no_display_is_said_plainly():
    nothing = Path("/nonexistent")  # no plugin to ask ldd about, no library to look for
    message = platform_check.problem(
        {"QT_QPA_PLATFORM": "xcb"}, libraries={}, platform="linux", plugin=nothing
    )
    assert message is not None and "no display" in message

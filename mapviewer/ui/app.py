"""Start the desktop app: `mapviewer-app [FILE_OR_FOLDER ...]` (no arguments opens the seed documents)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

_STARTED = time.time()  # as close to process start as Python lets us get
EXIT_NO_PLATFORM = 3  # Qt cannot start here (missing system libraries, no display); the message says why


def prepare_environment(environ: dict[str, str] | None = None) -> None:
    """Chromium refuses to run as root with its sandbox; only then, and only if the user said nothing."""
    env = os.environ if environ is None else environ
    is_root = getattr(os, "geteuid", lambda: 1)() == 0
    if is_root and "QTWEBENGINE_CHROMIUM_FLAGS" not in env and "QTWEBENGINE_DISABLE_SANDBOX" not in env:
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="mapviewer-app", description="Read documents and see the places they name on a map."
    )
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to open (default: the seeds)")
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="quit as soon as the map is ready, printing the time it took (for bench/cold_start.py)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    prepare_environment()
    # Qt aborts the process when its platform plugin cannot load; say what to install before it tries.
    from mapviewer.ui.platform_check import problem

    message = problem()
    if message:
        print(message, file=sys.stderr)
        return EXIT_NO_PLATFORM
    # QtWebEngine must be imported before the QApplication exists.
    import PySide6.QtWebEngineWidgets  # noqa: F401
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("mapviewer")
    QCoreApplication.setApplicationName("mapviewer")
    app = QApplication.instance() or QApplication(argv[:1] + argv[1:] if argv else ["mapviewer-app"])
    args = _parse_args(app.arguments()[1:])

    from mapviewer.ui.mainwindow import MainWindow

    window = MainWindow()
    if args.exit_when_ready:

        def ready() -> None:
            print(f"MAPVIEWER_READY {time.time():.6f} {time.time() - _STARTED:.3f}", flush=True)
            QTimer.singleShot(0, window.close)

        window.mapReady.connect(ready)
    window.show()
    window.start(args.paths)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

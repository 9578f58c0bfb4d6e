"""The app on one big document: the UI thread's longest stall and the peak memory (issue 7: <= 0.2 s).

    .venv/bin/python bench/ui_big_document.py [--mb 15] [--quit-during-analysis]

Opens the real window offscreen (the gazetteer index already built), opens one text of the size asked for
(bench/big_cli.py's: the seed paragraphs shuffled), and waits until the text is in the reading pane, the
places are in the table and the map page is ready; then does what a reader does next (resize the window,
follow a mention far into the text, step to the next, filter the table), 0.7 s apart. A 5 ms timer on the UI thread measures every gap
between its ticks: the longest one is the longest the window could not answer. Peak memory is the app
process's own (getrusage), not Chromium's renderer processes. With --quit-during-analysis the window is
closed while the document is being analysed, and the time to a clean exit is what is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")


class StallMeter:
    """Ticks every few ms on the UI thread; the longest gap between ticks is the longest stall."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.where = ""
        self.phase = "start"
        self.gaps_over_100ms = 0
        self.long_gaps: list[tuple[float, float, str]] = []
        self.gaps: list[float] = []  # every gap, in order
        self.first_tick: dict[str, int] = {}  # phase -> index in gaps of its first tick
        self.origin = time.perf_counter()

    def start(self) -> None:
        self.last = self.origin = time.perf_counter()
        self.timer.start()

    def longest_after(self, phase: str) -> float:
        """The longest stall from the first tick in `phase` on (what a step after loading cost)."""
        start = self.first_tick.get(phase)
        return max(self.gaps[start:], default=0.0) if start is not None else 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        self.gaps.append(gap)
        self.first_tick.setdefault(self.phase, len(self.gaps) - 1)
        if gap > self.longest:
            self.longest, self.where = gap, self.phase
        if gap > 0.1:
            self.gaps_over_100ms += 1
            self.long_gaps.append((round(now - self.origin, 2), round(gap, 3), self.phase))
        self.last = now


class StallSampler:
    """A thread that looks at the UI thread's Python stack whenever the meter has not ticked for a while:
    names the code behind each stall (C++ work shows as the Python call that entered it)."""

    def __init__(self, meter: StallMeter, after: float = 0.15) -> None:
        import threading
        from collections import Counter

        self.meter, self.after = meter, after
        self.main = threading.main_thread().ident
        self.seen: Counter[str] = Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        import traceback

        while not self.stop.wait(0.05):
            if time.perf_counter() - self.meter.last < self.after:
                continue
            frame = sys._current_frames().get(self.main)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            ours = [f for f in stack if "mapviewer" in f.filename and "bench" not in f.filename][-3:]
            key = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(ours)) or "Qt"
            self.seen[key] += 1

    def top(self, n: int = 8) -> list[tuple[str, float]]:
        return [(k, round(v * 0.05, 2)) for k, v in self.seen.most_common(n)]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=15.0)
    parser.add_argument("--quit-during-analysis", action="store_true")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--where", action="store_true", help="sample the UI thread's stack during stalls")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the UI thread here")
    args = parser.parse_args()

    import PySide6.QtWebEngineWidgets  # noqa: F401  (before the QApplication)
    from big_cli import big_text
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(["mapviewer-bench"])
    from mapviewer.ui.mainwindow import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="mapviewer-ui-big-"))
    os.environ.setdefault("MAPVIEWER_CONFIG_DIR", str(folder / "config"))
    doc = folder / "big.txt"
    doc.write_text(big_text(args.mb), encoding="utf-8")
    size_mb = doc.stat().st_size / 1e6

    window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1440, 900)
    window.show()
    meter = StallMeter()
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def mark(name: str) -> None:
        marks.setdefault(name, time.perf_counter() - started)
        meter.phase = name

    def deadline() -> None:
        marks["timeout"] = time.perf_counter() - started
        app.quit()

    QTimer.singleShot(int(args.timeout * 1000), deadline)

    # Phase 1: the gazetteer opens (not measured: it is the cold start).
    window.mapReady.connect(lambda: mark("map ready"))
    window.reader.view.built.connect(lambda: mark("text shown"))
    window.opener.ensure_gazetteer()
    while window.opener.core.geoparser is None and "timeout" not in marks:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()

    # Phase 2: open the big document, measuring every stall from here on.
    marks.clear()
    started = time.perf_counter()
    meter.start()
    meter.phase = "analysis"
    sampler = StallSampler(meter)
    if args.where:
        sampler.start()
    task = window.open_paths([doc])
    outcome: dict[str, object] = {}

    def loaded(_result) -> None:
        mark("analysed")
        outcome["loaded"] = True

    task.succeeded.connect(loaded)
    progress: list[float] = []
    task.progressed.connect(lambda f, _m: progress.append(f))

    if args.quit_during_analysis:

        def quit_now() -> None:
            mark("close requested")
            window.close()  # cancels the analysis and waits for the worker thread to stop
            marks["closed"] = time.perf_counter() - started
            marks["worker stopped"] = float(window.worker._thread.isFinished())
            app.quit()

        def on_progress(_fraction: float, message: str) -> None:
            if message.startswith("Finding the places") and "analysing" not in marks:
                mark("analysing")
                QTimer.singleShot(3000, quit_now)  # well inside the analysis, which takes tens of seconds

        task.progressed.connect(on_progress)
    else:

        def finished() -> bool:
            reader = window.reader.view
            return (
                outcome.get("loaded")
                and window.map.is_ready
                and "map ready" in marks
                and reader.document().characterCount() > 1000
                and not getattr(reader, "building", False)
            )

        def interact() -> None:
            """What a reader does next, each step measured: resize, follow a mention far into the text
            (the reader scrolls there), step to the next, filter the table, clear the filter."""
            doc_id = window.project.documents[0].id
            far = window.project.resolutions(doc_id)[len(window.project.resolutions(doc_id)) * 3 // 4]
            steps = [
                ("resize", lambda: window.resize(1200, 800)),
                ("follow far", lambda: window.project.follow_mention(far, origin="table")),
                ("next mention", window.next_mention),
                ("filter", lambda: window.places.filter_edit.setText("an")),
                ("clear filter", window.places.filter_edit.clear),
            ]

            def step(k: int = 0) -> None:
                if k == len(steps):
                    mark("done")
                    QTimer.singleShot(300, app.quit)  # a little idle time after, still measured
                    return
                name, action = steps[k]
                mark(name)
                action()
                QTimer.singleShot(700, lambda: step(k + 1))

            step()

        def poll() -> None:
            if finished():
                mark("shown")
                QTimer.singleShot(500, interact)
            else:
                QTimer.singleShot(20, poll)

        QTimer.singleShot(20, poll)

    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(app.exec)
        profiler.dump_stats(str(args.profile))
    else:
        app.exec()
    meter.timer.stop()
    report = {
        "document_mb": round(size_mb, 1),
        "mentions": sum(len(window.project.resolutions(d.id)) for d in window.project.documents),
        "longest_stall_s": round(meter.longest, 3),
        "longest_stall_interacting_s": round(meter.longest_after("resize"), 3),
        "longest_stall_during": meter.where,
        "stalls_over_100ms": meter.gaps_over_100ms,
        "stalls_over_100ms_at_s": meter.long_gaps[:20],
        "peak_rss_mb": round(peak_mb()),
        "progress_reports": len(progress),
        "marks_s": {k: round(v, 2) for k, v in marks.items()},
    }
    if args.where:
        sampler.stop.set()
        report["stalled_in_s"] = sampler.top()
    print(json.dumps(report, indent=2))
    sys.stdout.flush()
    os._exit(0 if "timeout" not in marks else 1)


if __name__ == "__main__":
    sys.exit(main())

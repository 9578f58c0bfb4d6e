"""The `mapviewer` command: documents in, places (or a map) out, with no network.

    mapviewer extract PATH... [--format json|geojson|csv] [-o FILE]
    mapviewer export PATH... -o map.html [--tiles NAME]
    mapviewer extract --project work.mapviewer [PATH...]   (the project's documents, as corrected)
    mapviewer text PATH... [--format json|text]
    mapviewer geocode QUERY [--provider NAME] [--url URL] [--format json] [--reverse]   (offline by default)
    mapviewer extract PATH... --geocoder NAME [--geocoder-url URL]   (names the gazetteer lacks, asked online)
    mapviewer [app] [PATH...]     (no command: the desktop window)
    mapviewer --version

PATH is a .txt/.md/.html/.pdf/.docx file, a folder (its supported files, recursively) or "-" for standard input.
A file that cannot be read is reported as "mapviewer: error: ..." on stderr and skipped; the other files
are still processed and written, and the exit status is 2 so scripts notice. With no readable file
nothing is written. Subcommands live in COMMANDS.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mapviewer import __version__
from mapviewer.display import display_path, printable
from mapviewer.errors import DocumentError, MapviewerError

EXIT_OK = 0
EXIT_ERROR = 2  # bad input or output; argparse uses 2 for usage errors too
EXIT_INTERRUPTED = 130

FORMATS = ("json", "geojson", "csv")


def _error(message: str) -> None:
    # Messages name files, and a file name can hold a terminal escape: it is shown, never sent.
    print(f"mapviewer: error: {printable(message)}", file=sys.stderr)


def _note(message: str, quiet: bool) -> None:
    if not quiet:
        print(f"mapviewer: {printable(message)}", file=sys.stderr)


@dataclass
class _Loaded:
    documents: list
    failed: int


def _expand(path_arg: str) -> list[Path]:
    """A folder stands for the supported files inside it; anything else is taken as a file."""
    from mapviewer.documents import find_documents

    path = Path(path_arg)
    return find_documents(path) if path.is_dir() else [path]


def _load_documents(path_args: Sequence[str]) -> _Loaded:
    from mapviewer.documents import document_from_bytes, load_document

    documents, failed = [], 0
    for arg in path_args:
        try:
            if arg == "-":  # the same checks as a file: binary data, encodings, HTML
                stdin = getattr(sys.stdin, "buffer", None)  # a text-only stream stands in for it in tests
                data = (
                    stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8", "surrogatepass")
                )
                documents.append(document_from_bytes(data))
                continue
            for path in _expand(arg):
                try:
                    documents.append(load_document(path))
                except DocumentError as exc:
                    _error(str(exc))
                    failed += 1
        except DocumentError as exc:
            _error(str(exc))
            failed += 1
    return _Loaded(documents, failed)


def _geoparse(documents: list, quiet: bool, online=None):
    from mapviewer.geoparse import Geoparser

    last = [""]

    def progress(_fraction: float, message: str) -> None:
        if message != last[0]:
            last[0] = message
            _note(message, quiet)

    geoparser = Geoparser.open(progress)
    if online is None:
        return geoparser.parse(documents)
    from mapviewer.geocoding import geoparse_with_geocoder

    return geoparse_with_geocoder(geoparser, documents, online, notice=lambda m: _note(m, quiet))


def _online_geocoder(args: argparse.Namespace):
    """--geocoder NAME [--geocoder-url URL]: the online geocoder extract may ask, or None (the default)."""
    from mapviewer.geocoding import geocoder_for, is_offline

    name, url = getattr(args, "geocoder", None), getattr(args, "geocoder_url", None)
    if url and is_offline(name):
        args.usage_error(
            "--geocoder-url needs --geocoder NAME (the provider the server speaks, e.g. nominatim)"
        )
    return None if is_offline(name) else geocoder_for(name, url)


def _result(args: argparse.Namespace):
    """The geoparse result to write (None: nothing readable) and whether some input failed.

    With --project, the project's documents with its corrections applied, then any PATHs given too."""
    if not args.project:
        if not args.paths:
            args.usage_error("give at least one PATH (a file, a folder, or -), or --project FILE")
        online = _online_geocoder(args)  # a bad provider name fails before the slow part
        loaded = _load_documents(args.paths)
        if not loaded.documents:
            return None, True
        return _geoparse(loaded.documents, args.quiet, online), bool(loaded.failed)
    from mapviewer.geoparse import Geoparser
    from mapviewer.project import open_project

    if getattr(args, "geocoder", None) and _online_geocoder(args) is not None:
        args.usage_error("--geocoder works on PATHs, not on a project's documents")
    geoparser = Geoparser.open(lambda _f, message: _note(message, args.quiet))
    project, warnings = open_project(args.project, geoparser)
    for warning in warnings:
        _note(warning, args.quiet)
    loaded = _load_documents(args.paths)
    for doc in loaded.documents:
        project.add_document(doc, geoparser.parse_document(doc))
    return project.result(), bool(loaded.failed)


def _run_explain(args: argparse.Namespace) -> int:
    """--explain: why each name is or is not a place, as text (the geoparser's own judgements)."""
    from mapviewer import export
    from mapviewer.geoparse import Geoparser
    from mapviewer.geoparse.explain import explain_documents

    if not args.paths:
        args.usage_error("--explain needs at least one PATH (a file, a folder, or -)")
    loaded = _load_documents(args.paths)
    if not loaded.documents:
        return EXIT_ERROR
    text = explain_documents(Geoparser.open(lambda _f, message: _note(message, args.quiet)), loaded.documents)
    if args.output:
        export.atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return EXIT_ERROR if loaded.failed else EXIT_OK


def _run_extract(args: argparse.Namespace) -> int:
    from mapviewer import export

    if args.explain:
        return _run_explain(args)
    result, failed = _result(args)
    if result is None:
        return EXIT_ERROR
    # Streamed, one record at a time: a 15 MB document's 170 MB of JSON is never one string.
    chunks = {"json": export.json_chunks, "geojson": export.geojson_chunks, "csv": export.csv_chunks}
    text = chunks[args.format](result)
    if args.output:
        export.atomic_write(args.output, text)
        _note(f"wrote {len(result.resolutions)} mentions to {display_path(args.output)}", args.quiet)
    else:
        for chunk in text:
            sys.stdout.write(chunk)
        sys.stdout.flush()
    return EXIT_ERROR if failed else EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    from mapviewer import export

    if args.tiles:
        from mapviewer.tiles import leaflet_options

        leaflet_options(args.tiles)  # an unknown name fails before the slow part
    result, failed = _result(args)
    if result is None:
        return EXIT_ERROR
    written = export.write_map_html(result, args.output, tiles=args.tiles)
    places = len({r.place.id for r in result.resolutions})
    size_kb = written.stat().st_size / 1024
    _note(f"wrote a map of {places} places to {display_path(written)} ({size_kb:,.0f} KB)", args.quiet)
    return EXIT_ERROR if failed else EXIT_OK


def _add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        metavar="FILE",
        help="a .mapviewer project: its documents, with the corrections made in it (PATHs are optional)",
    )
    parser.set_defaults(usage_error=parser.error)  # no PATH and no --project is a usage error


def _run_text(args: argparse.Namespace) -> int:
    from mapviewer.documents.report import document_report, format_report

    loaded = _load_documents(args.paths)
    if not loaded.documents:
        return EXIT_ERROR
    if args.format == "json":
        import json

        reports = [document_report(doc) for doc in loaded.documents]
        sys.stdout.write(json.dumps(reports, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write("\n".join(format_report(doc) for doc in loaded.documents))
    sys.stdout.flush()
    return EXIT_ERROR if loaded.failed else EXIT_OK


def _add_text(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    parser.add_argument(
        "--format", "-f", choices=("json", "text"), default="text", help="output format (text)"
    )


def _add_extract(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for standard input")
    _add_project(parser)
    parser.add_argument("--format", "-f", choices=FORMATS, default="json", help="output format (json)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    parser.add_argument(
        "--explain", action="store_true", help="say why each name is or is not a place (text, not --format)"
    )
    parser.add_argument(
        "--geocoder",
        metavar="NAME",
        help="ask this online geopy geocoder (nominatim, photon, ...) for names after in/near/at that the "
        "offline gazetteer lacks; they are sent to it (off by default)",
    )
    parser.add_argument(
        "--geocoder-url",
        metavar="URL",
        help="the geocoder's server, e.g. a self-hosted http://localhost:8080",
    )


def _add_geocode(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query", metavar="QUERY", help='a place name ("Paris, Texas"), or "LAT, LON" with --reverse'
    )
    parser.add_argument(
        "--provider",
        metavar="NAME",
        default="offline",
        help="offline (the gazetteer, the default: nothing is sent) or a geopy geocoder such as nominatim, "
        "photon, arcgis, geonames (QUERY is sent to it)",
    )
    parser.add_argument(
        "--url", metavar="URL", help="the online provider's server, e.g. http://localhost:8080"
    )
    parser.add_argument(
        "--format", "-f", choices=("text", "json"), default="text", help="output format (text)"
    )
    parser.add_argument("--limit", type=int, default=5, metavar="N", help="at most N answers (5)")
    parser.add_argument("--reverse", action="store_true", help="QUERY is a point: what lies there")
    parser.set_defaults(usage_error=parser.error)


def _run_geocode(args: argparse.Namespace) -> int:
    """Exit 0 with the answers, 1 when nothing was found, 2 on an error."""
    import json

    from mapviewer.geocoding import answer_place, geocoder_for, is_offline

    if args.url and is_offline(args.provider):
        args.usage_error("--url needs --provider NAME (the provider the server speaks, e.g. nominatim)")
    if args.limit < 1:
        args.usage_error("--limit must be 1 or more")
    geocoder = geocoder_for(args.provider, args.url)
    if args.reverse:
        point = _point(args.query)
        if point is None:
            args.usage_error(f"--reverse needs QUERY as 'LAT, LON' in degrees, not {printable(args.query)!r}")
        # The nearest places, then (offline) the region and country that hold the point.
        answers = geocoder.reverse(point, exactly_one=False, limit=args.limit) or []
    else:
        answers = (geocoder.geocode(args.query, exactly_one=False, limit=args.limit) or [])[: args.limit]
    provider = args.provider.strip().lower()
    records = []
    for location in answers:
        place = answer_place(location, provider, args.query)
        records.append(
            {
                "address": location.address,
                "lat": round(location.latitude, 6),
                "lon": round(location.longitude, 6),
                "id": place.id,
                "name": place.name,
                "kind": place.kind,
                "country_code": place.country_code,
                "provider": provider,
            }
        )
    if args.format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        for r in records:
            fields = (r["address"], f"{r['lat']:.5f}, {r['lon']:.5f}", r["id"])
            sys.stdout.write("\t".join(printable(f) for f in fields) + "\n")
    sys.stdout.flush()
    if not records:
        _note(f"no place found for {args.query!r} ({provider})", args.quiet)
        return 1
    return EXIT_OK


def _point(text: str) -> tuple[float, float] | None:
    try:
        lat, lon = (float(part) for part in text.replace(";", ",").split(","))
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _add_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for standard input")
    _add_project(parser)
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="the HTML file to write")
    parser.add_argument(
        "--tiles",
        metavar="NAME",
        help="add an online tile layer by xyzservices name, e.g. OpenStreetMap (off by default)",
    )


@dataclass(frozen=True)
class Command:
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _add_app(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "app_args",
        nargs=argparse.REMAINDER,
        metavar="PATH",
        help="files or folders to open (default: the seeds); see mapviewer-app --help",
    )


def _run_app(args: argparse.Namespace) -> int:
    from mapviewer.ui.app import main as app_main

    return app_main(["mapviewer-app", *getattr(args, "app_args", [])])


COMMANDS: dict[str, Command] = {
    "app": Command("open the desktop window (what `mapviewer` alone does)", _add_app, _run_app),
    "extract": Command(
        "find the places documents mention (JSON, GeoJSON or CSV)", _add_extract, _run_extract
    ),
    "export": Command(
        "write the map of the documents' places as one offline HTML file", _add_export, _run_export
    ),
    "text": Command("print the text mapviewer reads in documents, with its passages", _add_text, _run_text),
    "geocode": Command(
        "find a place by name (or what lies at a point), offline unless a provider is named",
        _add_geocode,
        _run_geocode,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mapviewer",
        description="Find the places news articles mention and put them on a map, offline.",
        epilog="An unreadable file is reported and skipped; the exit status is then 2.",
    )
    # -q works before or after the command name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,  # so it cannot reset a -q given before the command name
        help="no progress messages on stderr",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"mapviewer {__version__}")
    # No command opens the app, as double-clicking would.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=command.help, description=command.help, parents=[common])
        command.add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command or "app"].run(args)
    except MapviewerError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `mapviewer extract ... | head`: the reader left; not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # a fault of the machine (full disk, I/O error) not caught nearer: one line
        where = f": {display_path(exc.filename)}" if exc.filename else ""
        _error(f"{exc.strerror or exc}{where}")
        return EXIT_ERROR

"""The command line: one subcommand per job, each a thin layer over the library API.

Each subcommand lives in its own module here and registers itself through ``add_command(commands)``.
``main(argv)`` returns an exit code and never exits itself. Errors the tool expects (:class:`ToolError`) print as
one line on stderr with exit code 2; only a bug shows a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from aligner import __version__
from aligner.errors import EXIT_INTERRUPTED, EXIT_USAGE, ToolError

DESCRIPTION = """\
Audit a translation against its original: split both texts into sentences, translate one side into the
other's language (the pivot), align the sentences and report what was omitted, added, moved or mistranslated."""

#: Subcommand modules, in the order ``--help`` lists them; each defines ``add_command(commands)``.
COMMANDS = ("compare", "check", "batch", "report", "align", "evaluate")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aligner", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"aligner {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"aligner.cli.{name}").add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except ToolError as exc:
        print(f"aligner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("aligner: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED

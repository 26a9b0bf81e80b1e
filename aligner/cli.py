"""The command line: one subcommand per job, each a thin layer over the library API.

``main(argv)`` returns an exit code and never exits itself. Errors the tool expects (:class:`ToolError`) print as
one line on stderr with exit code 2; only a bug shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from aligner import __version__
from aligner.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, ToolError
from aligner.export import FORMATS, format_for_path
from aligner.inputs import read_document
from aligner.pipeline import CompareOptions, compare
from aligner.translate import BACKENDS, PivotOptions

DESCRIPTION = """\
Audit a translation against its original: split both texts into sentences, translate one side into the
other's language (the pivot), align the sentences and report what was omitted, added, moved or mistranslated."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aligner", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"aligner {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    cmp = commands.add_parser(
        "compare",
        help="audit one translation against its original",
        description="Audit TARGET (the translation) against SOURCE (the original) and write a report.",
    )
    cmp.add_argument("source", metavar="SOURCE", help="the original text (.txt, .md or .html)")
    cmp.add_argument("target", metavar="TARGET", help="the translation")
    add_output_arguments(cmp)
    add_pivot_arguments(cmp)
    cmp.set_defaults(run=run_compare)
    return parser


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("output")
    group.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file; its extension picks the format (.html .json .tsv .tmx .xlf). "
        "Without it a summary goes to stdout",
    )
    group.add_argument(
        "--format",
        action="append",
        choices=sorted(FORMATS),
        metavar="FMT",
        help=f"output format, overriding the extension; repeat for several ({', '.join(FORMATS)})",
    )
    group.add_argument("--src-lang", default="en", metavar="LANG", help="language of SOURCE (default: en)")
    group.add_argument("--tgt-lang", default="fr", metavar="LANG", help="language of TARGET (default: fr)")
    group.add_argument(
        "--encoding", metavar="ENC", help="read inputs in this encoding instead of detecting UTF-8/UTF-16 (e.g. cp1252)"
    )


def add_pivot_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("pivot translation")
    group.add_argument(
        "--pivot",
        default="auto",
        choices=["auto", *sorted(BACKENDS)],
        help="pivot backend: lexical (embedded, offline; the default), ct2 (a CTranslate2 model "
        "given with --model), identity (same-language versions), file (--pivot-file)",
    )
    group.add_argument("--model", metavar="PATH", help="a CTranslate2, OPUS-MT or Argos Translate model for the pivot")
    group.add_argument("--pivot-file", metavar="FILE", help="a precomputed pivot, one translated line per segment")
    group.add_argument(
        "--direction",
        default="target-to-source",
        choices=["target-to-source", "source-to-target"],
        help="which side is translated into the other's language (default: the translation is "
        "translated back into the original's language)",
    )


def options_from_args(args: argparse.Namespace) -> CompareOptions:
    pivot = PivotOptions(backend=args.pivot, model=args.model, pivot_file=args.pivot_file, direction=args.direction)
    return CompareOptions(pivot=pivot)


def run_compare(args: argparse.Namespace) -> int:
    source = read_document(args.source, args.src_lang, encoding=args.encoding)
    target = read_document(args.target, args.tgt_lang, encoding=args.encoding)
    result = compare(source, target, options_from_args(args))
    if not args.output:
        from aligner.export.summary import summary_text

        sys.stdout.write(summary_text(result))
        return EXIT_OK
    from aligner.export.writers import write_outputs

    formats = args.format or [format_for_path(args.output)]
    for path in write_outputs(result, Path(args.output), formats):
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


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

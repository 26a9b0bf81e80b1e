"""Argument groups shared by several subcommands, and their mapping onto library options."""

from __future__ import annotations

import argparse

from aligner.export import FORMATS
from aligner.inputs import DEFAULT_MAX_BYTES, parse_size, read_document
from aligner.model import Document
from aligner.pipeline import CompareOptions
from aligner.translate import BACKENDS, PivotOptions


def add_language_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("input")
    group.add_argument("--src-lang", default="en", metavar="LANG", help="language of SOURCE (default: en)")
    group.add_argument("--tgt-lang", default="fr", metavar="LANG", help="language of TARGET (default: fr)")
    group.add_argument(
        "--encoding", metavar="ENC", help="read inputs in this encoding instead of detecting UTF-8/UTF-16 (e.g. cp1252)"
    )
    group.add_argument(
        "--max-size",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help=f"refuse input files larger than this (e.g. 200k, 50M; default {DEFAULT_MAX_BYTES // 1024**2}M)",
    )


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def read_input(path: str, lang: str, args: argparse.Namespace) -> Document:
    """Read one input file with the input options (``--encoding``, ``--max-size``) the user gave."""
    return read_document(path, lang, encoding=args.encoding, max_bytes=args.max_size)


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


def pivot_options_from_args(args: argparse.Namespace) -> PivotOptions:
    return PivotOptions(backend=args.pivot, model=args.model, pivot_file=args.pivot_file, direction=args.direction)


def compare_options_from_args(args: argparse.Namespace) -> CompareOptions:
    return CompareOptions(pivot=pivot_options_from_args(args))

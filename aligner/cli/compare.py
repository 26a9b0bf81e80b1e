"""``aligner compare SOURCE TARGET``: audit one translation."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from aligner.cli.common import (
    add_fail_on_argument,
    add_language_arguments,
    add_output_arguments,
    add_pivot_arguments,
    compare_options_from_args,
    emit_result,
    fail_on_rules,
    gate,
    print_warnings,
    read_input,
)
from aligner.model import AuditResult
from aligner.pipeline import compare


def add_command(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "compare",
        help="audit one translation against its original",
        description="Audit TARGET (the translation) against SOURCE (the original) and write a report.",
    )
    parser.add_argument("source", metavar="SOURCE", help="the original (.txt .md .html .docx .odt .xml)")
    parser.add_argument("target", metavar="TARGET", help="the translation")
    add_language_arguments(parser)
    add_output_arguments(parser)
    add_pivot_arguments(parser)
    add_fail_on_argument(parser)
    parser.add_argument(
        "--timings", action="store_true", help="record seconds per stage in the result (outputs then differ run to run)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rules = fail_on_rules(args)
    source = read_input(args.source, args.src_lang, args)
    target = read_input(args.target, args.tgt_lang, args)
    options = replace(compare_options_from_args(args), record_timings=args.timings)
    result = compare(source, target, options)
    print(pivot_line(result), file=sys.stderr)
    print_warnings(result.warnings)
    emit_result(result, args)
    return gate(result, rules)


def pivot_line(result: AuditResult) -> str:
    """Say which pivot made the translation, so nobody mistakes the offline lexicon for a neural model."""
    pivot = result.pivot
    line = f"aligner: pivot {pivot.translator}: {pivot.side} side translated into {pivot.lang}"
    if pivot.translator.startswith("lexical"):
        line += " (embedded offline lexicon; give --model PATH for a neural pivot)"
    return line

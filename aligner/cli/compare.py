"""``aligner compare SOURCE TARGET``: audit one translation."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from aligner.cli.common import (
    add_fail_on_argument,
    add_language_arguments,
    add_output_arguments,
    add_pivot_arguments,
    add_reviews_argument,
    compare_options_from_args,
    emit_result,
    fail_on_rules,
    gate,
    notice,
    output_formats,
    print_warnings,
    read_decisions,
    read_input,
    with_decisions,
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
    add_reviews_argument(parser)
    parser.add_argument(
        "--timings", action="store_true", help="record seconds per stage in the result (outputs then differ run to run)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rules = fail_on_rules(args)
    decisions = read_decisions(args)
    source = read_input(args.source, args.src_lang, args)
    target = read_input(args.target, args.tgt_lang, args)
    output_formats(args)  # before the audit, the long part
    options = replace(compare_options_from_args(args), record_timings=args.timings)
    result = with_decisions(compare(source, target, options), decisions, args)
    notice(args, pivot_line(result))
    print_warnings(result.warnings)
    emit_result(result, args)
    return gate(result, rules)


def pivot_line(result: AuditResult) -> str:
    """Say which pivot made the translation, so nobody mistakes the offline lexicon for a neural model."""
    pivot = result.pivot
    line = f"pivot {pivot.translator}: {pivot.side} side translated into {pivot.lang}"
    if pivot.translator.startswith("lexical"):
        line += " (embedded offline lexicon; give --model PATH for a neural pivot)"
    return line

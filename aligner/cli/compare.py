"""``aligner compare SOURCE TARGET``: audit one translation."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aligner.cli.common import (
    add_language_arguments,
    add_output_arguments,
    add_pivot_arguments,
    compare_options_from_args,
    emit_result,
    read_input,
)
from aligner.errors import EXIT_FINDINGS, EXIT_OK
from aligner.model import AuditResult
from aligner.pipeline import compare
from aligner.report.gate import FailRule, failing_findings, parse_fail_on


def add_command(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "compare",
        help="audit one translation against its original",
        description="Audit TARGET (the translation) against SOURCE (the original) and write a report.",
    )
    parser.add_argument("source", metavar="SOURCE", help="the original text (.txt, .md or .html)")
    parser.add_argument("target", metavar="TARGET", help="the translation")
    add_language_arguments(parser)
    add_output_arguments(parser)
    add_pivot_arguments(parser)
    parser.add_argument(
        "--fail-on",
        action="append",
        metavar="TYPE[:SEVERITY]",
        help="exit with code 1 when a finding of TYPE (or 'any'; 'omission/entity' narrows by subtype) at SEVERITY "
        "or worse exists (default severity: minor); repeat for several",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rules = [parse_fail_on(spec) for spec in args.fail_on or []]
    source = read_input(args.source, args.src_lang, args)
    target = read_input(args.target, args.tgt_lang, args)
    result = compare(source, target, compare_options_from_args(args))
    for warning in result.warnings:
        print(f"aligner: warning: {warning}", file=sys.stderr)
    emit_result(result, args)
    return _gate(result, rules)


def _gate(result: AuditResult, rules: list[FailRule]) -> int:
    """EXIT_FINDINGS when a --fail-on rule matches a finding (said on stderr), else EXIT_OK."""
    failing = failing_findings(result.findings, rules)
    if failing:
        print(f"aligner: {len(failing)} finding(s) match --fail-on", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK

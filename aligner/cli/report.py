"""``aligner report RESULT.json -o report.html``: re-render a saved result without rerunning the audit."""

from __future__ import annotations

import argparse
from typing import Any

from aligner.cli.common import (
    add_fail_on_argument,
    add_output_arguments,
    add_reviews_argument,
    emit_result,
    fail_on_rules,
    gate,
    output_formats,
    read_decisions,
    with_decisions,
)
from aligner.export.jsonfile import read_result


def add_command(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "report",
        help="render a saved JSON result as HTML, TSV, TMX or XLIFF",
        description="Read RESULT (written by 'aligner compare -o result.json') and write it in the formats asked "
        "for. The report is a view of that file alone: nothing is translated or aligned again.",
    )
    parser.add_argument("result", metavar="RESULT", help="a JSON result file")
    add_output_arguments(parser)
    add_fail_on_argument(parser)
    add_reviews_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rules = fail_on_rules(args)
    output_formats(args)
    decisions = read_decisions(args)
    result = with_decisions(read_result(args.result), decisions, args)
    emit_result(result, args)
    return gate(result, rules)

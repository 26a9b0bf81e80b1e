"""``aligner eval --gold FILE --pred FILE``: strict and lax precision, recall and F1, as Vecalign's score.py.

Several documents: repeat ``--gold`` and ``--pred`` in the same order; the counts are summed over all of them.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from aligner.align.evaluate import score_documents
from aligner.align.formats import FORMATS, read_link_file
from aligner.errors import EXIT_OK, ToolError


def add_command(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "eval",
        help="score predicted links against gold links (strict and lax P/R/F1)",
        description="Score predicted links against gold links with Vecalign's strict and lax precision, recall "
        "and F1. Repeat --gold and --pred for several documents.",
    )
    parser.add_argument("--gold", action="append", required=True, metavar="FILE", help="gold links")
    parser.add_argument("--pred", action="append", required=True, metavar="FILE", help="predicted links")
    parser.add_argument(
        "--links-format", choices=FORMATS, help="format of both files (default: from each file's extension)"
    )
    parser.add_argument("--json", action="store_true", help="print the scores as one line of JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if len(args.gold) != len(args.pred):
        raise ToolError(f"got {len(args.gold)} --gold files but {len(args.pred)} --pred files; give one of each")
    gold = [[(k.source, k.target) for k in read_link_file(path, args.links_format)] for path in args.gold]
    pred = [[(k.source, k.target) for k in read_link_file(path, args.links_format)] for path in args.pred]
    scores = score_documents(gold, pred)
    if args.json:
        print(json.dumps(scores.as_dict()))
        return EXIT_OK
    sys.stdout.write(
        "            strict    lax\n"
        f"precision   {scores.precision_strict:.3f}   {scores.precision_lax:.3f}\n"
        f"recall      {scores.recall_strict:.3f}   {scores.recall_lax:.3f}\n"
        f"F1          {scores.f1_strict:.3f}   {scores.f1_lax:.3f}\n"
    )
    return EXIT_OK

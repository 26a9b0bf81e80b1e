"""``aligner align SOURCE TARGET -o LINKS``: align two one-sentence-per-line texts, as corpus builders do.

No re-segmentation: line ``i`` is sentence ``i`` (empty lines included, so ids are line numbers - 1). The links are
written in the Vecalign/Bertalign ``[src ids]:[tgt ids]:score`` format, a hunalign ladder or TSV.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from aligner.align import AlignOptions
from aligner.align.formats import FORMATS, dumps, format_for_name
from aligner.cli.common import (
    add_language_arguments,
    add_pivot_arguments,
    add_verbose_argument,
    encoder_from_args,
    notice,
    pivot_options_from_args,
    print_warnings,
    read_input,
)
from aligner.errors import EXIT_OK, InputError
from aligner.inputs import pair_warnings
from aligner.pipeline import CompareOptions, align_lines


def add_command(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "align",
        help="align two one-sentence-per-line texts and write the links",
        description="Align SOURCE and TARGET, one sentence per line, and write links in the [src]:[tgt] format "
        "(Vecalign/Bertalign), a hunalign ladder or TSV. With --pivot-file, the file translates SOURCE.",
    )
    parser.add_argument("source", metavar="SOURCE", help="the original, one sentence per line")
    parser.add_argument("target", metavar="TARGET", help="the translation, one sentence per line")
    parser.add_argument("-o", "--output", metavar="LINKS", help="where to write the links (default: stdout)")
    parser.add_argument(
        "--links-format",
        choices=FORMATS,
        help="links (default; [0, 1]:[2]:score), ladder (hunalign) or tsv; default from the -o extension",
    )
    parser.add_argument(
        "--max-merge", type=int, default=AlignOptions.max_merge, metavar="N", help="longest bead side (default: 4)"
    )
    parser.add_argument("--no-moves", action="store_true", help="report moved sentences as omission + addition")
    add_language_arguments(parser)
    add_pivot_arguments(parser)
    add_verbose_argument(parser)
    parser.set_defaults(run=run, direction=None)


def run(args: argparse.Namespace) -> int:
    if args.max_merge < 1:
        raise InputError(f"--max-merge must be at least 1, got {args.max_merge}")
    if args.direction is None:  # a pivot file translates SOURCE, as Bleualign's --srctotarget does
        args.direction = "source-to-target" if args.pivot_file else "auto"
    options = CompareOptions(
        pivot=pivot_options_from_args(args),
        align=AlignOptions(max_merge=args.max_merge, detect_moves=not args.no_moves, realign=not args.no_realign),
        presegmented=True,
        glossary=args.glossary,
        encoder=encoder_from_args(args),
    )
    source = read_input(args.source, args.src_lang, args)
    target = read_input(args.target, args.tgt_lang, args)
    print_warnings(pair_warnings(source, target))
    _, _, _, alignment = align_lines(source, target, options, warn=lambda note: print_warnings([note]))
    fmt = args.links_format or (format_for_name(args.output) if args.output else "links")
    text = dumps(alignment.links, fmt)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    path = Path(args.output)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    notice(args, f"wrote {len(alignment.links)} links to {path}")
    return EXIT_OK

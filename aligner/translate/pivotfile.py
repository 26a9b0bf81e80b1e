"""A precomputed pivot: one translated line per segment, as Bleualign's ``--srctotarget`` takes.

This is how published benchmarks that ship their own MT are run.
"""

from __future__ import annotations

from pathlib import Path

from aligner.errors import InputError, ToolError
from aligner.inputs import read_utf8_file
from aligner.model import Pivot
from aligner.translate import PivotOptions
from aligner.translate.base import Translator


class PivotFileTranslator(Translator):
    name = "file"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lines = read_utf8_file(self.path, "pivot file").splitlines()

    @classmethod
    def from_options(cls, options: PivotOptions) -> Translator:
        if not options.pivot_file:
            raise ToolError("the file pivot needs --pivot-file FILE (one translated line per segment)")
        return cls(options.pivot_file)

    def _translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[Pivot]:
        if len(self.lines) != len(texts):
            raise InputError(
                f"{self.path}: the pivot file has {len(self.lines)} lines but the side it translates has "
                f"{len(texts)} segments; it must hold one line per segment"
            )
        return [Pivot(line) for line in self.lines]

    def signature(self) -> str:
        return f"file:{self.path.name}"

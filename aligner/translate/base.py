"""The translator contract every pivot backend follows.

A backend turns segment texts of one language into pivot texts of another. Subclasses implement only
:meth:`Translator._translate`; the base class checks the languages, keeps the output aligned one-to-one with
the input, and reports the backend's :meth:`signature` for the run settings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aligner.errors import ToolError
from aligner.model import Pivot

if TYPE_CHECKING:
    from aligner.translate import PivotOptions


class Translator(ABC):
    """Translates batches of segment texts; one instance may serve several documents."""

    #: Registry name of the backend (``lexical``, ``ct2``, ``identity``, ``file``).
    name: str = ""
    #: The language this backend translates into markedly better than out of, if any: the ``auto`` direction
    #: translates whichever side is not in it into it.
    translates_best_into: str | None = None

    @classmethod
    def from_options(cls, options: PivotOptions) -> Translator:
        """Build the backend from the CLI's pivot options; backends with settings override this."""
        return cls()

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[Pivot]:
        """Translate ``texts`` from ``src_lang`` into ``tgt_lang``; one :class:`Pivot` per text, in order."""
        if not self.supports(src_lang, tgt_lang):
            raise ToolError(f"the {self.name} pivot cannot translate {src_lang} into {tgt_lang}")
        pivots = self._translate(list(texts), src_lang, tgt_lang) if texts else []
        if len(pivots) != len(texts):
            raise ToolError(f"the {self.name} pivot returned {len(pivots)} translations for {len(texts)} segments")
        return pivots

    def supports(self, src_lang: str, tgt_lang: str) -> bool:
        """Whether this backend can translate between the two languages."""
        return True

    @abstractmethod
    def _translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[Pivot]:
        """Translate a non-empty batch."""

    def token_scores(
        self, sources: Sequence[str], targets: Sequence[str], src_lang: str, tgt_lang: str
    ) -> list[list[float]] | None:
        """Per-token log-probabilities of each ``targets[i]`` given ``sources[i]`` under the model.

        ``None`` when the backend has no model to ask (the lexical, identity and file pivots); the neural backend
        overrides it. Detectors use it for contrastive scoring of suspected omissions.
        """
        return None

    def signature(self) -> str:
        """What identifies this backend's output: name plus model identity, as one short string."""
        return self.name

"""Faults of a translation unit as a whole, which pair-level diagnosis cannot see: a target that translates a
neighbouring unit (a shifted translation memory), an empty or copied target, a target in another language.

A shift is found with the sentence encoder: the target is much closer to the source of the unit before or after than
to its own. Language is told by function words (:mod:`aligner.langcheck`) with a lower word count than a whole
document needs, since one unit is one or two sentences; where the evidence is thin nothing is said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner.encode.base import Encoder
from aligner.lang.tokens import fold
from aligner.langcheck import LANGUAGE_NAMES, guess_language

#: A target shifts to a neighbour when its similarity to the neighbour's source beats its own source's by this
#: much, and that similarity is at least SHIFT_FLOOR. Chosen on the even half of newstest2014 (58 stories as
#: translation memories, one neighbouring pair of targets swapped in each; benchmarks/check_faults.py --grid): 0.1
#: with 0.3-0.45 finds every swap with no false alarm; 0.05 raises false alarms, 0.15 and more miss swaps.
#: Held-out half (35 stories, 777 units): precision 1.0, recall 1.0, no false alarm on the clean files.
SHIFT_MARGIN = 0.1
#: ... and the neighbour's similarity must itself look like a translation's.
SHIFT_FLOOR = 0.45
#: Fewer words than this is too little to tell a unit's language.
MIN_UNIT_WORDS = 8


@dataclass(frozen=True)
class UnitFault:
    """One unit's fault: ``kind`` is ``shift``, ``empty``, ``copy`` or ``language``; ``detail`` completes the
    message (the neighbour the target translates, the language it is in); ``score`` is the evidence."""

    unit: int
    kind: str
    detail: str
    score: float = 1.0


def shifted_targets(
    sources: Sequence[str], targets: Sequence[str | None], encoder: Encoder
) -> tuple[list[UnitFault], list[float]]:
    """Units whose target translates the unit before or after, and each unit's source-target similarity.

    Only the three similarities of each target (its own source and the two beside it) are computed, so a memory
    of any size costs three dot products a unit."""
    n = len(sources)
    present = np.array([bool(target and target.strip()) for target in targets], dtype=bool)
    if not present.any():
        return [], [0.0] * n
    source_rows = encoder.encode(list(sources))
    target_rows = encoder.encode([target or "" for target in targets])  # an empty text is a zero row
    own = np.einsum("ij,ij->i", source_rows, target_rows)
    before = np.full(n, -1.0, dtype=np.float32)
    after = np.full(n, -1.0, dtype=np.float32)
    before[1:] = np.einsum("ij,ij->i", source_rows[:-1], target_rows[1:])
    after[:-1] = np.einsum("ij,ij->i", source_rows[1:], target_rows[:-1])
    faults = []
    for i in np.flatnonzero(present):
        side, best = ("previous", before[i]) if before[i] >= after[i] else ("next", after[i])
        gain = float(best - own[i])
        if gain >= SHIFT_MARGIN and best >= SHIFT_FLOOR:
            faults.append(UnitFault(int(i), "shift", side, round(min(gain, 1.0), 4)))
    return faults, [float(value) for value in own]


def untranslated_targets(
    sources: Sequence[str], targets: Sequence[str | None], src_lang: str, tgt_lang: str
) -> list[UnitFault]:
    """Empty targets, targets that copy their source (between two languages), targets in another language."""
    faults = []
    for i, (source, target) in enumerate(zip(sources, targets, strict=True)):
        if not (target or "").strip():
            if source.strip():
                faults.append(UnitFault(i, "empty", ""))
            continue
        assert target is not None
        if src_lang != tgt_lang and _letters(source) and _letters(source) == _letters(target):
            faults.append(UnitFault(i, "copy", ""))
            continue
        language = unit_language(target)
        if language and tgt_lang in LANGUAGE_NAMES and language != tgt_lang:
            faults.append(UnitFault(i, "language", language))
    return faults


def unit_language(text: str) -> str | None:
    """The known language a short text is clearly in: the document check's test over fewer words."""
    return guess_language(text, MIN_UNIT_WORDS)


def _letters(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalpha())

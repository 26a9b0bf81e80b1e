"""Strict and lax precision, recall and F1 of predicted links against gold, exactly as Vecalign's ``score.py``.

Definitions (Vecalign, after Sennrich & Volk 2011), counted over all documents together:

* precision counts every predicted bead (1-0 and 0-1 included) against all gold beads: *strict* true positive when
  the identical bead is in the gold, else *lax* true positive when it shares a source segment with a gold bead and
  one of that gold bead's target segments; otherwise a false positive;
* recall is the same count with the roles swapped and insertions/deletions (beads with an empty side) removed from
  both sides first;
* F1 is the harmonic mean; a 0/0 ratio counts as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float

    def as_dict(self) -> dict[str, float]:
        return {name: round(getattr(self, name), 4) for name in self.__dataclass_fields__}


def _counts(gold: Iterable[Bead], test: Iterable[Bead]) -> tuple[int, int, int, int]:
    """(strict tp, strict fp, lax tp, lax fp) of ``test`` measured against ``gold``."""
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    gold_targets: dict[int, set[int]] = {}
    for source, target in gold_set:
        for i in source:
            gold_targets.setdefault(i, set()).update(target)
    strict_tp = strict_fp = lax_tp = lax_fp = 0
    for bead in test_set:
        if bead in gold_set:
            strict_tp += 1
            lax_tp += 1
            continue
        strict_fp += 1
        reachable = set().union(*(gold_targets.get(i, set()) for i in bead[0]))
        if reachable.intersection(bead[1]):
            lax_tp += 1
        else:
            lax_fp += 1
    return strict_tp, strict_fp, lax_tp, lax_fp


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_documents(gold: Sequence[Sequence[Bead]], test: Sequence[Sequence[Bead]]) -> Scores:
    """Scores over several documents; ``gold[k]`` and ``test[k]`` are the beads of document ``k``."""
    if len(gold) != len(test):
        raise ValueError("need as many gold documents as predicted ones")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold_beads, test_beads in zip(gold, test, strict=True):
        p = [a + b for a, b in zip(p, _counts(gold_beads, test_beads), strict=True)]
        gold_pairs = [(s, t) for s, t in gold_beads if s and t]
        test_pairs = [(s, t) for s, t in test_beads if s and t]
        r = [a + b for a, b in zip(r, _counts(test_pairs, gold_pairs), strict=True)]
    precision_strict, precision_lax = _ratio(p[0], p[0] + p[1]), _ratio(p[2], p[2] + p[3])
    recall_strict, recall_lax = _ratio(r[0], r[0] + r[1]), _ratio(r[2], r[2] + r[3])
    return Scores(
        precision_strict,
        recall_strict,
        _f1(precision_strict, recall_strict),
        precision_lax,
        recall_lax,
        _f1(precision_lax, recall_lax),
    )

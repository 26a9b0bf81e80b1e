"""Calibration: how sure a detector is (its *strength*), which findings a reviewer sees, and how a pair scores.

Every detector gives each candidate a strength in [0, 1]. ``--sensitivity`` moves one cut-off over all of them:
at 0 only near-certain findings remain (whole sentences missing, changed numbers), at 1 every weak lead is shown.
Severity is decided by the detector from what is at stake (a number, a name, a whole sentence); strength only
decides whether the finding is shown.
"""

from __future__ import annotations

from dataclasses import replace

from aligner.errors import ToolError
from aligner.model import Finding, Severity, Span

#: Strength needed at sensitivity 0 and at sensitivity 1; the default 0.5 sits halfway, at 0.5.
STRICTEST = 0.9
LOOSEST = 0.1


def check_sensitivity(sensitivity: float) -> float:
    if not 0.0 <= sensitivity <= 1.0:
        raise ToolError(f"sensitivity must be between 0 and 1, not {sensitivity}")
    return sensitivity


def threshold(sensitivity: float) -> float:
    """The strength a finding needs to be reported at this sensitivity."""
    return STRICTEST - (STRICTEST - LOOSEST) * check_sensitivity(sensitivity)


def strength(finding: Finding) -> float:
    """The finding's confidence (its evidence's ``strength`` where a detector rewrote that alone)."""
    return float(dict(finding.evidence).get("strength", finding.confidence))


def make_finding(
    type_: str,
    subtype: str,
    severity: Severity,
    link: int,
    spans: tuple[Span, ...],
    message: str,
    strength_: float,
    **evidence: str | float,
) -> Finding:
    """A finding whose confidence is its strength; the evidence records it too, rounded, in a fixed key order."""
    confidence = round(min(max(strength_, 0.0), 1.0), 4)
    entries: dict[str, str | float] = {"strength": confidence}
    entries.update({k: round(v, 4) if isinstance(v, float) else v for k, v in evidence.items()})
    return Finding(type_, severity, link, spans, message, subtype, tuple(sorted(entries.items())), confidence)


def with_evidence(finding: Finding, **evidence: str | float) -> Finding:
    """The same finding with more evidence (replacing keys it already had); a new ``strength`` is its confidence."""
    entries = dict(finding.evidence)
    entries.update({k: round(v, 4) if isinstance(v, float) else v for k, v in evidence.items()})
    confidence = float(entries.get("strength", finding.confidence))
    return replace(finding, evidence=tuple(sorted(entries.items())), confidence=confidence)

"""Numbers, amounts, dates and times compared by value (:mod:`aligner.lang.numbers`), so conventions
("1,234.5" / "1 234,5") never count as differences."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from aligner.diagnose.mentions import Mention, apart, changed_finding, one_sided_finding, pair_up
from aligner.lang.numbers import Quantity, find_quantities, leading_number
from aligner.model import Finding, Segment, Severity, Side

NUMBER_CHANGED_STRENGTH = 0.95
NUMBER_MISSING_STRENGTH = 0.75
SPELLED_MISSING_STRENGTH = 0.45  # a number written in words on one side only: often a word the parser misread


def _quantities(side: Side, segments: Sequence[Segment], lang: str) -> list[tuple[Mention, Quantity]]:
    found = []
    length = sum(len(s.text) for s in segments) or 1
    before = 0
    for seg in segments:
        for q in find_quantities(seg.text, lang):
            mention = Mention(
                side,
                seg.index,
                seg.start + q.start,
                seg.start + q.end,
                seg.text[q.start : q.end],
                (before + q.start) / length,
            )
            found.append((mention, q))
        before += len(seg.text)
    return found


def _unmatched(
    ours: list[tuple[Mention, Quantity]], theirs: list[tuple[Mention, Quantity]], langs: tuple[str, str]
) -> list[tuple[Mention, Quantity]]:
    """Quantities of ``ours`` (in ``langs[0]``) with no counterpart among ``theirs``: the same value, or else the same
    number written first in digits (a unit or scale one side's reading missed: "15" / "15 heures")."""
    remaining = list(theirs)
    left = []
    for mention, q in ours:
        written = _written(mention.text, q, langs[0])
        partner = next((t for t in remaining if t[1].value == q.value), None) or next(
            (t for t in remaining if written is not None and _written(t[0].text, t[1], langs[1]) == written), None
        )
        if partner is None:
            left.append((mention, q))
        else:
            remaining.remove(partner)
    return left


def _written(text: str, quantity: Quantity, lang: str) -> Decimal | None:
    """The number written first in digits, or the plain number the quantity is ("six" is 6)."""
    return leading_number(text, lang) or (Decimal(quantity.value) if quantity.kind == "number" else None)


def _number_subtype(*quantities: Quantity) -> str:
    return "date" if any(q.kind in ("date", "time", "year") for q in quantities) else "number"


def number_findings(
    link: int, source: Sequence[Segment], target: Sequence[Segment], langs: tuple[str, str]
) -> list[Finding]:
    """Quantities whose value appears on one side only: changed when both sides have one left over."""
    source_q = _quantities("source", source, langs[0])
    target_q = _quantities("target", target, langs[1])
    source_left, target_left = _unmatched(source_q, target_q, langs), _unmatched(target_q, source_q, langs[::-1])
    pairs, source_left, target_left = pair_up(
        source_left, target_left, lambda s, t: (s[1].kind != t[1].kind, apart(s[0], t[0]))
    )
    findings = [
        changed_finding(
            _number_subtype(sq, tq),
            "critical",
            link,
            sm,
            tm,
            NUMBER_CHANGED_STRENGTH,
            f"{sq.kind.title()}: ",
            source_value=sq.value,
            target_value=tq.value,
        )
        for (sm, sq), (tm, tq) in pairs
    ]
    for mention, quantity in source_left + target_left:
        spelled = not any(c.isdigit() for c in mention.text)  # "second" may be an ordinal or not
        strength = SPELLED_MISSING_STRENGTH if spelled else NUMBER_MISSING_STRENGTH
        severity: Severity = "minor" if spelled else "major"
        subtype = _number_subtype(quantity)
        findings.append(
            one_sided_finding(
                subtype, severity, link, mention, strength, f"{quantity.kind.title()} ", value=quantity.value
            )
        )
    return findings

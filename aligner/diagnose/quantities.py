"""Numbers, amounts, dates and times compared by value (:mod:`aligner.lang.numbers`), so conventions
("1,234.5" / "1 234,5") never count as differences, nor do the ways a translation legitimately rewrites a figure:
imperial units converted to metric ("600 pounds" / "272 millions" of kilograms), a year shortened ("Q1/15" /
"2015"), a clock time written with a dot ("6.30" / "6h30")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from aligner.diagnose.mentions import Mention, apart, changed_finding, one_sided_finding, pair_up
from aligner.lang.numbers import Quantity, find_quantities, leading_number
from aligner.model import Finding, Segment, Severity, Side

NUMBER_CHANGED_STRENGTH = 0.95
NUMBER_MISSING_STRENGTH = 0.75
SPELLED_MISSING_STRENGTH = 0.45  # a number written in words on one side only: often a word the parser misread
#: "1" on one side only is most often the other language's article ("a doctor for 5,000" / "1 médecin pour 5 000").
ONE_VALUE = "1"

#: Imperial units (English and French names) and their metric factor: a translation that converts keeps the
#: quantity, rounded. Temperatures convert by an offset too (Fahrenheit to Celsius).
_METRIC_FACTORS = {
    "mile": (Decimal("1.609344"), 0),
    "mille": (Decimal("1.609344"), 0),
    "mph": (Decimal("1.609344"), 0),  # miles an hour, to km/h
    "pound": (Decimal("0.45359237"), 0),
    "lb": (Decimal("0.45359237"), 0),
    "livre": (Decimal("0.45359237"), 0),
    "foot": (Decimal("0.3048"), 0),
    "ft": (Decimal("0.3048"), 0),
    "feet": (Decimal("0.3048"), 0),
    "pied": (Decimal("0.3048"), 0),
    "inch": (Decimal("2.54"), 0),
    "inches": (Decimal("2.54"), 0),
    "pouce": (Decimal("2.54"), 0),
    "yard": (Decimal("0.9144"), 0),
    "gallon": (Decimal("3.785411784"), 0),
    "acre": (Decimal("0.4046856"), 0),
    "ounce": (Decimal("28.349523"), 0),
    "oz": (Decimal("28.349523"), 0),
    "fahrenheit": (Decimal(5) / 9, -32),
    "°f": (Decimal(5) / 9, -32),
}
_UNIT_AFTER = re.compile(
    r"[\s-]*(?:degrees?\s+|degrés?\s+)?(" + "|".join(sorted(_METRIC_FACTORS, key=len, reverse=True)) + r")(?:e?s)?\b",
    re.IGNORECASE,
)
#: The smallest whole figure taken for the other side's decimal rounded (see :func:`_rounded`).
ROUNDED_FROM = 10
#: How far a converted figure may be from the exact conversion: translators round ("90 pounds" / "41 kg").
CONVERSION_TOLERANCE = Decimal("0.03")


def _quantities(side: Side, segments: Sequence[Segment], lang: str) -> list[tuple[Mention, Quantity]]:
    found = []
    length = sum(len(s.text) for s in segments) or 1
    before = 0
    for seg in segments:
        for q in find_quantities(seg.text, lang):
            unit = _UNIT_AFTER.match(seg.text, q.end) or _UNIT_AFTER.search(seg.text[q.start : q.end])
            mention = Mention(
                side,
                seg.index,
                seg.start + q.start,
                seg.start + q.end,
                seg.text[q.start : q.end],
                (before + q.start) / length,
                unit=unit.group(1).lower() if unit else "",
            )
            found.append((mention, q))
        before += len(seg.text)
    return found


def _unmatched(
    ours: list[tuple[Mention, Quantity]], theirs: list[tuple[Mention, Quantity]], langs: tuple[str, str]
) -> list[tuple[Mention, Quantity]]:
    """Quantities of ``ours`` (in ``langs[0]``) with no counterpart among ``theirs``: the same value, or else the same
    number written first in digits (a unit or scale one side's reading missed: "15" / "15 heures"), or else the same
    quantity rewritten. Literal counterparts are taken first, for every quantity, so that a conversion does not take
    a figure that stands as it is elsewhere ("130mph (210km/h)" / "210 km/h"); the figure left beside its own
    conversion is then no omission."""
    remaining = list(theirs)
    left = list(ours)
    written = {
        item: _written(item[0].text, item[1], lang)
        for items, lang in zip((ours, theirs), langs, strict=True)
        for item in items
    }

    def same_value(mine: tuple[Mention, Quantity], other: tuple[Mention, Quantity]) -> bool:
        return other[1].value == mine[1].value

    def same_digits(mine: tuple[Mention, Quantity], other: tuple[Mention, Quantity]) -> bool:
        return written[mine] is not None and written[other] == written[mine]

    for same in (same_value, same_digits, _rewritten):
        unmatched = []
        for mine in left:
            partner = next((other for other in remaining if same(mine, other)), None)
            if partner is None:
                unmatched.append(mine)
            else:
                remaining.remove(partner)
        left = unmatched
    # a figure given with its conversion ("130mph (210km/h)") loses nothing when the other side keeps one of the two
    return [mine for mine in left if not any(_rewritten(mine, twin) for twin in ours if twin not in left)]


def _written(text: str, quantity: Quantity, lang: str) -> Decimal | None:
    """The number written first in digits, or the plain number the quantity is ("six" is 6)."""
    return leading_number(text, lang) or (Decimal(quantity.value) if quantity.kind == "number" else None)


def _rewritten(mine: tuple[Mention, Quantity], theirs: tuple[Mention, Quantity]) -> bool:
    """The same quantity written another way: converted to metric, a year shortened, a dotted clock time, rounded
    to a whole number ("18 inches (46 cm)" / "18 pouces (45,72 cm)")."""
    return any(
        rule(a, b)
        for a, b in ((mine, theirs), (theirs, mine))
        for rule in (_converted, _short_year, _dotted_time, _rounded)
    )


def _figure(quantity: Quantity) -> Decimal | None:
    """The figure of a number or an amount ("GBP 600000000": a misread "600 million pounds" of weight)."""
    if quantity.kind not in ("number", "currency"):
        return None
    try:
        return Decimal(quantity.value.rsplit(" ", 1)[-1])
    except InvalidOperation:
        return None


def _converted(imperial: tuple[Mention, Quantity], metric: tuple[Mention, Quantity]) -> bool:
    factor, offset = _METRIC_FACTORS.get(imperial[0].unit, (None, 0))
    a, b = _figure(imperial[1]), _figure(metric[1])
    if factor is None or a is None or b is None or not b:
        return False
    return abs((a + offset) * factor - b) <= max(CONVERSION_TOLERANCE * abs(b), Decimal("0.5"))


def _rounded(whole: tuple[Mention, Quantity], exact: tuple[Mention, Quantity]) -> bool:
    """From 10 up, where rounding moves a figure by 5 % at most: "2.6 million" written "3 millions" is a change."""
    a, b = _figure(whole[1]), _figure(exact[1])
    if a is None or b is None or a < ROUNDED_FROM or a != a.to_integral_value() or b == b.to_integral_value():
        return False
    return a == b.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _short_year(short: tuple[Mention, Quantity], year: tuple[Mention, Quantity]) -> bool:
    """ "'15", "Q1/15": the last two digits of a year."""
    return (
        year[1].kind == "year"
        and short[1].kind == "number"
        and re.fullmatch(r"\d\d", short[0].text) is not None
        and year[1].value[2:4] == short[0].text
    )


def _dotted_time(dotted: tuple[Mention, Quantity], clock: tuple[Mention, Quantity]) -> bool:
    """ "6.30" read as a number where the other side writes the time ("6h30", "6:30")."""
    written = re.fullmatch(r"(\d{1,2})[.:](\d\d)", dotted[0].text)
    if clock[1].kind != "time" or dotted[1].kind != "number" or written is None:
        return False
    hour, minute = (int(x) for x in clock[1].value.split(":"))
    return minute == int(written.group(2)) and hour % 12 == int(written.group(1)) % 12


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
        # "second" may be an ordinal or not; "1" the other language's article
        spelled = not any(c.isdigit() for c in mention.text) or quantity.value == ONE_VALUE
        strength = SPELLED_MISSING_STRENGTH if spelled else NUMBER_MISSING_STRENGTH
        severity: Severity = "minor" if spelled else "major"
        subtype = _number_subtype(quantity)
        findings.append(
            one_sided_finding(
                subtype, severity, link, mention, strength, f"{quantity.kind.title()} ", value=quantity.value
            )
        )
    return findings

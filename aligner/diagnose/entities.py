"""Names, titles and numbers checked across a pair, trusting the pivot as little as possible.

* A name on one side with no counterpart on the other is an entity omission or addition; when the other side has
  an unmatched name or phrase at about the same place, the name was replaced: ``the dark continent`` rendered as
  ``le Sahara``, or ``Holt`` as ``Hall``, is a mistranslation with spans on both sides.
* A title before a name that both sides share ("US Secretary of State X" -> "X") must have some title near the
  name on the other side, or it was dropped.
* Numbers, amounts, dates and times are compared by value (:mod:`aligner.lang.numbers`), so conventions
  ("1,234.5" / "1 234,5") never count as differences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from aligner.diagnose.conventions import (
    CONTRACTED_PRONOUN,
    MeaningJudge,
    is_title_before_person,
    named_elsewhere,
    same_thing,
)
from aligner.diagnose.partial import Phrase
from aligner.diagnose.severity import make_finding, with_evidence
from aligner.diagnose.words import LinkWords, Word, WordKind, cognate
from aligner.lang.names import find_names, looks_like_acronym
from aligner.lang.numbers import Quantity, find_quantities, leading_number
from aligner.lang.tokens import fold, tokenize
from aligner.model import Finding, Segment, Severity, Side, Span

M = TypeVar("M")

#: Names closer than this (in characters) are one name ("Pieter de Vries"); titles this close belong to the name.
NAME_GAP = 4
TITLE_GAP = 8
#: How many words around a name the other side's title may stand ("la présidente de la BCE, Elena Marchetti").
TITLE_WINDOW = 6
#: An epithet or description a name replaced ("the dark continent") is at most this many content words.
EPITHET_WORDS = 3
_ARTICLES = frozenset(("the", "a", "an", "le", "la", "les", "l'", "un", "une"))
_OF = frozenset(("of", "de", "d'", "du", "des"))
#: Courtesy titles say nothing about office or rank: "Mr Sato" may well become "M. Sato" or just "Sato".
_COURTESY = frozenset(("mr", "mrs", "ms", "messrs", "m", "mm", "mme", "mmes", "mlle"))
_NOUN_PHRASE_GLUE = _ARTICLES | _OF | {"'s", "-"}

REPLACED_STRENGTH = 0.85  # an unmatched name faces an unmatched name or phrase at the same place
MISSING_NAME_STRENGTH = 0.7
TITLE_STRENGTH = 0.75
QUALIFIER_STRENGTH = 0.45  # a name inside a title both sides have, or beside words of its name that match
NUMBER_CHANGED_STRENGTH = 0.95
CALENDAR_CHANGED_STRENGTH = 0.8  # "on Wednesday" rendered as "jeudi"
CALENDAR_MISSING_STRENGTH = 0.55
NUMBER_MISSING_STRENGTH = 0.75
SPELLED_MISSING_STRENGTH = 0.45  # a number written in words on one side only: often a word the parser misread


@dataclass(frozen=True)
class _Mention:
    """Something checked on one side: a name's words, or a quantity."""

    side: Side
    segment: int
    start: int
    end: int
    text: str
    position: float
    in_segment: float = 0.0

    @property
    def span(self) -> Span:
        return Span(self.side, self.segment, self.start, self.end)


def _runs(link: LinkWords, side: Side, kind: WordKind = "name") -> list[_Mention]:
    """Unmatched words of one kind, joined into whole names ("Pieter de Vries") or dates."""
    runs: list[list[Word]] = []
    for word in link.side(side):
        if word.kind != kind or word.matched or CONTRACTED_PRONOUN.match(word.text):
            continue
        if runs and runs[-1][-1].segment == word.segment and word.start - runs[-1][-1].end <= NAME_GAP:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [_phrase_mention(r, link) for r in runs]


def _phrase_mention(words: Sequence[Word], link: LinkWords) -> _Mention:
    first, last = words[0], words[-1]
    text = link.quote(first, last)
    return _Mention(first.side, first.segment, first.start, last.end, text, first.position, first.in_segment)


def _facing(phrase: Phrase, name: _Mention, link: LinkWords) -> _Mention:
    """The words of ``phrase`` a name replaced: the noun phrase around the word nearest the name's own place in
    its sentence. It starts after its article ("across the | dark continent"), keeps "of the" inside ("land of the
    rising sun"), stops at punctuation or any other word between, and holds at most :data:`EPITHET_WORDS`."""
    words = phrase.words
    anchor = min(range(len(words)), key=lambda i: abs(words[i].in_segment - name.in_segment))
    start = end = anchor
    while start > 0 and _joins(link.quote(words[start - 1], words[start]), left=True):
        start -= 1
    while end + 1 < len(words) and end - start + 1 < EPITHET_WORDS and _joins(link.quote(words[end], words[end + 1])):
        end += 1
    return _phrase_mention(words[start : end + 1], link)


def _joins(between: str, left: bool = False) -> bool:
    """Whether the text from one content word to the next keeps them in one noun phrase. An article not after
    "of" opens a new phrase: going right it ends the phrase; going left it is where the phrase starts."""
    inner = [t.text.lower() for t in tokenize(between)][1:-1]
    if any(w not in _NOUN_PHRASE_GLUE for w in inner):
        return False
    opening = [i for i, w in enumerate(inner) if w in _ARTICLES and (i == 0 or inner[i - 1] not in _OF)]
    return not (opening and (not left or opening[-1] == len(inner) - 1))


def _closest(mention: _Mention, others: list[_Mention]) -> _Mention | None:
    return min(others, key=lambda o: _apart(o, mention), default=None)


def _nearest_phrase(mention: _Mention, phrases: list[Phrase]) -> Phrase | None:
    """The phrase with a word nearest to ``mention``'s place."""
    return min(phrases, key=lambda p: min(abs(w.position - mention.position) for w in p.words), default=None)


def _apart(a: _Mention, b: _Mention) -> float:
    return abs(a.position - b.position)


def _pair_up(
    sources: list[M], targets: list[M], distance: Callable[[M, M], Any]
) -> tuple[list[tuple[M, M]], list[M], list[M]]:
    """Pair each source item with the nearest target item left: (pairs, unpaired sources, unpaired targets)."""
    pairs: list[tuple[M, M]] = []
    left, targets = [], list(targets)
    for item in sources:
        if not targets:
            left.append(item)
            continue
        partner = min(targets, key=lambda t: distance(item, t))
        targets.remove(partner)
        pairs.append((item, partner))
    return pairs, left, targets


def _changed(
    subtype: str,
    severity: Severity,
    link: int,
    source: _Mention,
    target: _Mention,
    strength: float,
    what: str = "",
    **evidence: str | float,
) -> Finding:
    """Something on each side at the same place that should be the same and is not."""
    message = f"{what}{source.text} → {target.text}"
    return make_finding(
        "mistranslation", subtype, severity, link, (source.span, target.span), message, strength, **evidence
    )


def _one_sided(
    subtype: str,
    severity: Severity,
    link: int,
    mention: _Mention,
    strength: float,
    what: str = "",
    **evidence: str | float,
) -> Finding:
    """Something on one side only: omitted from the translation or added to it."""
    omitted = mention.side == "source"
    message = f"{what}“{mention.text}” {'missing from the translation' if omitted else 'not in the original'}"
    return make_finding(
        "omission" if omitted else "addition", subtype, severity, link, (mention.span,), message, strength, **evidence
    )


def name_findings(
    words: LinkWords, phrases: list[Phrase], langs: tuple[str, str], same: MeaningJudge | None = None
) -> tuple[list[Finding], set[Phrase]]:
    """Entity findings for one link, and the phrases they explain (so they are not reported twice).

    A name is reported as replaced only on positive evidence that the other side names something else: the names
    table knows both as different places, or no convention (:func:`aligner.lang.names.same_name`) and not the
    encoder (``same``) says they mean the same, nor does it find the name's meaning in a word of the other side
    (US / "les services américains"). Acronyms are relettered from language to language (OPCW / OIAC) or spelt
    out (PIN / "code secret"), so an acronym facing another name or a phrase is only a minor lead. Part of a name
    whose other words match is a minor lead too (a middle name, "Kingdom of").
    """
    findings: list[Finding] = []
    used: set[Phrase] = set()

    def equivalent(source: _Mention, target: _Mention) -> bool:
        return same_thing(source.text, target.text, langs, same)

    def named_there(name: _Mention) -> bool:
        if named_elsewhere(name.text, name.side, words, langs):
            return True
        if same is None:
            return False
        theirs = words.target if name.side == "source" else words.source
        return any(same(name.text, w.text) for w in theirs if w.kind == "word")  # names go by convention

    def place(name: _Mention) -> bool:
        return bool(find_names(name.text, langs[0 if name.side == "source" else 1]))

    # Replaced names: pair each source name with the nearest target name.
    pairs, source_left, target_left = _pair_up(_runs(words, "source"), _runs(words, "target"), _apart)
    for s, t in pairs:
        if equivalent(s, t) or named_there(s) or named_there(t):
            continue
        weak = (looks_like_acronym(s.text) or looks_like_acronym(t.text)) and not (place(s) and place(t))
        severity: Severity = "minor" if weak else "critical"
        findings.append(
            _changed("entity", severity, words.link, s, t, QUALIFIER_STRENGTH if weak else REPLACED_STRENGTH)
        )
    # A name facing an unmatched phrase: an epithet or description replaced by a name, or the reverse.
    for name in source_left + target_left:
        if named_there(name):
            continue
        # Part of a longer name whose other words match ("World" in "World Health Organization"): the name was
        # most likely translated, so the lead is weak.
        fragment = _beside_matched_name(name, words.side(name.side))
        closest = _nearest_phrase(name, [p for p in phrases if p.side != name.side and p not in used])
        if closest is not None:
            used.add(closest)
            other = _facing(closest, name, words)
            source, target = (name, other) if name.side == "source" else (other, name)
            if equivalent(source, target):
                continue
            weak = fragment or looks_like_acronym(name.text)  # an acronym's expansion reads as a description
            severity = "minor" if weak else "major"
            strength = QUALIFIER_STRENGTH if weak else REPLACED_STRENGTH
            findings.append(_changed("entity", severity, words.link, source, target, strength))
        else:
            severity = "minor" if fragment else "major"
            strength = QUALIFIER_STRENGTH if fragment else MISSING_NAME_STRENGTH
            findings.append(_one_sided("entity", severity, words.link, name, strength))
    return findings, used


def _beside_matched_name(mention: _Mention, words: Sequence[Word]) -> bool:
    return any(
        w.matched
        and w.kind in ("name", "title")
        and w.segment == mention.segment
        and (0 <= mention.start - w.end <= NAME_GAP or 0 <= w.start - mention.end <= NAME_GAP)
        for w in words
    )


def calendar_findings(words: LinkWords) -> list[Finding]:
    """Weekdays and months written on one side only: changed when both sides have one left over."""
    pairs, source_left, target_left = _pair_up(_runs(words, "source", "date"), _runs(words, "target", "date"), _apart)
    findings = [_changed("date", "critical", words.link, s, t, CALENDAR_CHANGED_STRENGTH) for s, t in pairs]
    return findings + [
        _one_sided("date", "minor", words.link, date, CALENDAR_MISSING_STRENGTH) for date in source_left + target_left
    ]


def _titled_names(words: Sequence[Word], shared: Callable[[Word], bool]) -> list[tuple[list[Word], Word]]:
    """(title phrase, first word of the name) for each title that stands right before a name ``shared`` with the
    other side. Courtesy titles alone (Mr, M., Mme) carry no information and are left out."""
    found: list[tuple[list[Word], Word]] = []
    done = -1  # index of the last word already inside a title phrase ("Prime Minister" is one title)
    for i, word in enumerate(words):
        if word.kind != "title" or i <= done:
            continue
        # Extend left over the capitalised words that qualify the title ("Homeland Security Secretary").
        start = i
        while (
            start > 0
            and words[start - 1].segment == word.segment
            and words[start].start - words[start - 1].end <= 2
            and words[start - 1].text[0].isupper()
            and words[start - 1].kind != "number"
        ):
            start -= 1
        # Walk right over the rest of the title ("of State") to the first name both sides share.
        phrase = list(words[start : i + 1])
        for offset, follower in enumerate(words[i + 1 : i + 1 + TITLE_WINDOW], start=i + 1):
            if follower.segment != word.segment or follower.start - phrase[-1].end > TITLE_GAP:
                break
            if follower.kind == "name" and shared(follower):
                courtesy = all(fold(w.text).rstrip(".") in _COURTESY for w in phrase if w.kind == "title")
                if not courtesy and (phrase[-1].kind == "title" or phrase[-1].text[0].isupper()):
                    found.append((phrase, follower))
                break
            if follower.kind not in ("name", "title"):
                break
            phrase = [*phrase, follower]
            done = offset
    return found


def _has_title_near(name: Word, words: Sequence[Word]) -> bool | None:
    """Whether a title stands near ``name``'s counterpart among ``words``; ``None`` if the name is not there."""
    folded = fold(name.text)
    for i, word in enumerate(words):
        if cognate(folded, fold(word.text), name=True):
            near = words[max(0, i - TITLE_WINDOW) : i + TITLE_WINDOW + 1]
            return any(w.kind == "title" and w.segment == word.segment for w in near)
    return None


def _is_there(words: Sequence[Word], name: Word) -> bool:
    return _has_title_near(name, words) is not None


def title_findings(words: LinkWords, langs: tuple[str, str] = ("en", "fr")) -> tuple[list[Finding], list[Span]]:
    """A title before a name on one side, with the name but no title on the other; and the spans of the titles
    both sides have (their qualifiers, "US" in "US Secretary of State", are often rendered as adjectives)."""
    findings = []
    kept: list[Span] = []
    sides: tuple[tuple[Side, Side], ...] = (("source", "target"), ("target", "source"))
    for side, other in sides:
        theirs = words.side(other)
        lang = langs[0 if side == "source" else 1]
        for phrase, name in _titled_names(words.side(side), partial(_is_there, theirs)):
            if not is_title_before_person(words.quote(phrase[0], phrase[-1]), name, lang):
                continue
            if _has_title_near(name, theirs):
                kept.append(Span(phrase[0].side, phrase[0].segment, phrase[0].start, phrase[-1].end))
                continue
            omitted = side == "source"
            text = words.quote(phrase[0], phrase[-1])
            findings.append(
                make_finding(
                    "omission" if omitted else "addition",
                    "title",
                    "major" if omitted else "minor",
                    words.link,
                    (Span(phrase[0].side, phrase[0].segment, phrase[0].start, phrase[-1].end),),
                    f"Title “{text}” before {name.text} "
                    f"{'dropped in the translation' if omitted else 'not in the original'}",
                    TITLE_STRENGTH,
                )
            )
    return findings, kept


def demote_qualifiers(findings: list[Finding], titles: list[Span]) -> list[Finding]:
    """Name findings inside a title both sides have become minor leads: "US" in "US Secretary of State" may well
    be rendered "américain" after the title."""
    inside = [
        f
        for f in findings
        if any(s.side == t.side and t.start <= s.start and s.end <= t.end for s in f.spans for t in titles)
    ]
    return [
        with_evidence(replace(f, severity="minor"), strength=QUALIFIER_STRENGTH) if f in inside else f for f in findings
    ]


def _quantities(side: Side, segments: Sequence[Segment], lang: str) -> list[tuple[_Mention, Quantity]]:
    found = []
    length = sum(len(s.text) for s in segments) or 1
    before = 0
    for seg in segments:
        for q in find_quantities(seg.text, lang):
            mention = _Mention(
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
    ours: list[tuple[_Mention, Quantity]], theirs: list[tuple[_Mention, Quantity]], langs: tuple[str, str]
) -> list[tuple[_Mention, Quantity]]:
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
    pairs, source_left, target_left = _pair_up(
        source_left, target_left, lambda s, t: (s[1].kind != t[1].kind, _apart(s[0], t[0]))
    )
    findings = [
        _changed(
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
            _one_sided(subtype, severity, link, mention, strength, f"{quantity.kind.title()} ", value=quantity.value)
        )
    return findings

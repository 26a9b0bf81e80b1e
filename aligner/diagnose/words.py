"""The words of one aligned pair, each weighted by how much it matters and marked as matched or not.

Every detector looks at a link through this one view. The *plain* side is the side that was not translated; it is
in the pivot's language, so its words are compared with the pivot's words by stem. The *pivoted* side's words are
compared through the pivot's provenance (which source characters produced which pivot words). Both sides are also
compared directly with each other, so names, numbers and cognates match whatever the pivot made of them: a weak
pivot then costs recall, not precision.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from aligner.diagnose.word_kinds import (
    OPENERS,
    WordKind,
    calendar_key,
    is_acronym,
    is_content,
    title_case,
    word_kind,
    word_weight,
)
from aligner.lang.names import find_names, names_another_place, places_named
from aligner.lang.numbers import find_quantities
from aligner.lang.tokens import Token, fold, is_function_word, stem, tokenize
from aligner.model import Link, Pivot, PivotText, Segment, Side, Span

#: Spelling similarity (difflib ratio of folded forms) from which two words are the same name or cognate.
NAME_SIMILARITY = 0.6
WORD_SIMILARITY = 0.75


@dataclass(frozen=True)
class Word:
    """A content word of one side: ``start``/``end`` are document offsets; ``matched`` says it has a counterpart.

    A word the pivot gives no evidence about (it copied it untranslated, or has no provenance) is unmatched with
    weight 0: it cannot make a finding or lower a pair's agreement, but it can sit inside an unmatched phrase.
    """

    side: Side
    segment: int
    start: int
    end: int
    text: str
    kind: WordKind
    weight: float
    matched: bool
    position: float  # 0 to 1 through the link's text on this side
    in_segment: float = 0.0  # 0 to 1 through its own segment


@dataclass(frozen=True)
class LinkWords:
    """The content words of both sides of one link."""

    link: int
    source: tuple[Word, ...]
    target: tuple[Word, ...]
    source_segments: tuple[Segment, ...]  # the link's segments, to quote from
    target_segments: tuple[Segment, ...]

    def side(self, side: Side) -> tuple[Word, ...]:
        return self.source if side == "source" else self.target

    def quote(self, first: Word, last: Word) -> str:
        """The text from ``first`` to ``last`` (same segment) as written, function words and all."""
        seg = self._segment(first.side, first.segment)
        return seg.text[first.start - seg.start : last.end - seg.start]

    def between(self, first: Word, last: Word) -> str:
        """The text between ``first`` and ``last`` (same segment), neither included."""
        seg = self._segment(first.side, first.segment)
        return seg.text[first.end - seg.start : last.start - seg.start]

    def before(self, side: Side, segment: int, start: int) -> str:
        """The text of ``side``'s segment before the absolute offset ``start``."""
        seg = self._segment(side, segment)
        return seg.text[: start - seg.start]

    def after(self, side: Side, segment: int, end: int) -> str:
        """The text of ``side``'s segment after the absolute offset ``end``."""
        seg = self._segment(side, segment)
        return seg.text[end - seg.start :]

    def segments(self, side: Side) -> tuple[Segment, ...]:
        return self.source_segments if side == "source" else self.target_segments

    def folded_words(self, side: Side) -> frozenset[str]:
        """Every word ``side``'s segments write, folded (function words too)."""
        return self._folded_words[side]

    @cached_property
    def _folded_words(self) -> dict[Side, frozenset[str]]:
        """Tokenised once per link: the name checks ask for each of their mentions."""
        return {
            side: frozenset(
                fold(t.text) for segment in self.segments(side) for t in tokenize(segment.text) if t.is_word
            )
            for side in ("source", "target")
        }

    def _segment(self, side: Side, index: int) -> Segment:
        return next(s for s in self.segments(side) if s.index == index)

    @cached_property
    def _weights(self) -> tuple[float, float]:
        """(total, matched) content weight of both sides, summed once: phrases are scored against it many times."""
        words = (*self.source, *self.target)
        return sum(w.weight for w in words), sum(w.weight for w in words if w.matched)

    def unmatched_within(self, span: Span) -> bool:
        """``span`` holds content words, and none of them found a counterpart."""
        inside = [w for w in self.side(span.side) if w.segment == span.segment and span.start <= w.start < span.end]
        return bool(inside) and not any(w.matched for w in inside)

    def match_ratio(self, excluding: Collection[Word] = ()) -> float:
        """Share of the content weight of both sides (but ``excluding``, words of this pair) that found a
        counterpart: how well the pair agrees."""
        distinct = set(excluding)
        total, matched = self._weights
        total -= sum(w.weight for w in distinct)
        matched -= sum(w.weight for w in distinct if w.matched)
        return matched / total if total > 1e-12 else 1.0


#: A capital letter that is a shape, not a name ("U-turn", "X-rated", "T-shirt").
LETTER_PREFIX = re.compile(r"^[A-Z]-[a-z]")


@dataclass(frozen=True)
class _Occurrence:
    """A token of one side of a link, with its segment, whether its capital marks a name, and where it stands."""

    segment: Segment
    token: Token
    name_like: bool
    position: float  # 0 to 1 through the link's text on this side, to pair differences up by place


@dataclass(frozen=True)
class _SideText:
    side: Side
    lang: str
    occurrences: tuple[_Occurrence, ...]
    quantities: tuple[tuple[int, int, int, str], ...]  # (segment index, start, end in the segment, value)

    @property
    def values(self) -> frozenset[str]:
        return frozenset(q[3] for q in self.quantities)

    @property
    def calendar(self) -> frozenset[str]:
        keys = (calendar_key(o.token.text, self.lang) for o in self.occurrences)
        return frozenset(k for k in keys if k)

    def quantity_at(self, occurrence: _Occurrence) -> str | None:
        """The value of the quantity the token is part of ("third" in "the third quarter" is ``#3``)."""
        token, index = occurrence.token, occurrence.segment.index
        return next((v for i, s, e, v in self.quantities if i == index and s <= token.start < e), None)


def _side_text(side: Side, segments: Sequence[Segment], lang: str, known: frozenset[str]) -> _SideText:
    occurrences: list[_Occurrence] = []
    length = sum(len(s.text) for s in segments) or 1
    before = 0
    for seg in segments:
        previous, title_cased = "", title_case(seg, lang)
        for token in tokenize(seg.text):
            capital = (
                token.text[0].isupper()
                and not is_function_word(token.text, lang)
                and not LETTER_PREFIX.match(token.text)
            )
            if title_cased or not previous or previous in OPENERS:
                name_like = capital and (fold(token.text) in known or is_acronym(token.text))
            else:
                name_like = capital
            name_like = name_like and calendar_key(token.text, lang) is None
            occurrences.append(_Occurrence(seg, token, name_like, (before + token.start) / length))
            previous = token.text
        before += len(seg.text)
    quantities = tuple(
        (seg.index, q.start, q.end, q.value) for seg in segments for q in find_quantities(seg.text, lang)
    )
    return _SideText(side, lang, tuple(occurrences), quantities)


def cognate(a: str, b: str, name: bool = False) -> bool:
    """Same word in both languages, judged on folded spelling: a shared start and similar letters. Names vary
    more across languages (London/Londres, Frankfurt/Francfort) than cognate common words do."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or a[:3] != b[:3]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= (NAME_SIMILARITY if name else WORD_SIMILARITY)


def _acronym_match(a: str, b: str) -> bool:
    return a.isupper() and b.isupper() and len(a) >= 2 and sorted(a) == sorted(b)


class _Lexicon:
    """The folded words and stems of one text, to look words up in."""

    def __init__(self, tokens: Iterable[Token], lang: str) -> None:
        words = [t.text for t in tokens if t.is_word or t.is_number]
        self.folded = frozenset(fold(w) for w in words)
        self.initials = _initials(words)
        self.stems = frozenset(stem(w, lang) for w in words)
        self.raw = tuple(words)
        self.lang = lang

    def has_stem(self, word: str) -> bool:
        return stem(word, self.lang) in self.stems

    def abbreviates(self, words: Sequence[str]) -> bool:
        """Whether an acronym here spells the capitalised ``words`` ("United States" -> "US")."""
        initials = "".join(w[0] for w in words if w[:1].isupper())
        return len(initials) >= 2 and initials in self.raw

    def has_form(self, word: str, strict: bool = False) -> bool:
        """Literally present, or as a cognate / reordered acronym (for names, numbers, long words).

        A capitalised word gets a name's leeway (London / Londres, Priory / prieuré); ``strict`` keeps it, against
        a lower-case word, to words that share its first four letters (Eastern / east): for a word of the pivoted
        side, which the pivot has already translated, this comparison only catches what the pivot mangled, and a
        lower-case word like it is chance more often than not ("Brown" / "broke"); and for a place the names table
        knows, which says how the other language writes it ("Liège" / "lieux")."""
        folded = fold(word)
        if folded in self.folded:
            return True
        if is_acronym(word) and (word in self.initials or any(_acronym_match(word, o) for o in self.raw)):
            return True
        if len(folded) < 4:
            return False
        capital = word[:1].isupper()

        def leeway(other: str) -> bool:
            return capital and (not strict or other[:1].isupper() or folded[:4] == fold(other)[:4])

        return any(cognate(folded, fold(other), leeway(other)) for other in self.raw)


def _initials(words: Sequence[str]) -> frozenset[str]:
    """The acronyms runs of capitalised words spell ("United States" -> "US"), to match acronyms with."""
    found: set[str] = set()
    run: list[str] = []
    for word in [*words, ""]:
        if word[:1].isupper() and not is_acronym(word):
            run.append(word[0])
            continue
        found.update("".join(run[i:j]) for i in range(len(run)) for j in range(i + 2, len(run) + 1))
        run = []
    return frozenset(found)


def link_words(
    index: int,
    link: Link,
    source: Sequence[Segment],
    target: Sequence[Segment],
    pivot: PivotText,
    langs: tuple[str, str],
    names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> LinkWords:
    """Weigh and match the content words of link ``index``; ``names`` are each side's :func:`known_names`."""
    sides = {
        "source": _side_text("source", [source[i] for i in link.source], langs[0], names[0]),
        "target": _side_text("target", [target[j] for j in link.target], langs[1], names[1]),
    }
    pivoted: Side = pivot.side
    plain: Side = "target" if pivoted == "source" else "source"
    plain_text, pivoted_text = sides[plain], sides[pivoted]
    pivoted_segments = source if pivoted == "source" else target
    pivoted_ids = link.source if pivoted == "source" else link.target
    pivot_parts = [(pivoted_segments[i], pivot.segments[i]) for i in pivoted_ids]

    pivot_lexicon = _Lexicon((t for _, p in pivot_parts for t in tokenize(p.text)), pivot.lang)
    plain_lexicon = _Lexicon((o.token for o in plain_text.occurrences), plain_text.lang)
    pivoted_lexicon = _Lexicon((o.token for o in pivoted_text.occurrences), pivoted_text.lang)
    located = {seg.index: _located_pivot_words(p, seg.text, plain_text.lang) for seg, p in pivot_parts}

    translated = pivoted_text.lang != pivot.lang

    def in_plain(word: str) -> bool:
        return plain_lexicon.has_stem(word) or plain_lexicon.has_form(word, strict=True)

    # Names in the pivot the plain side lacks: with no provenance, a name of the pivoted side is suspect only then.
    stray_pivot_names = any(
        w[:1].isupper() and not in_plain(w) for _, p in pivot_parts for w in (t.text for t in tokenize(p.text))
    )

    place_keys: dict[Side, frozenset[str]] = {}

    def places_of(side_text: _SideText) -> frozenset[str]:
        """The places ``side_text``'s segments name, found once per link and only when asked."""
        if side_text.side not in place_keys:
            segments = source if side_text.side == "source" else target
            ids = link.source if side_text.side == "source" else link.target
            place_keys[side_text.side] = places_named([segments[i].text for i in ids], side_text.lang)
        return place_keys[side_text.side]

    def matched(side_text: _SideText, occurrence: _Occurrence, kind: WordKind) -> bool | None:
        """Whether the word has a counterpart; ``None`` where the pivot gives no evidence either way."""
        text = occurrence.token.text
        other = pivoted_text if side_text is plain_text else plain_text
        if kind == "name" and names_another_place(text, side_text.lang, lambda: places_of(other)):
            return False
        value = side_text.quantity_at(occurrence)
        if value is not None:
            return value in other.values
        if kind == "date":
            return calendar_key(text, side_text.lang) in other.calendar
        if side_text is plain_text:
            return (
                pivot_lexicon.has_stem(text)
                or pivoted_lexicon.has_form(text, strict=kind == "name" and bool(find_names(text, side_text.lang)))
                or (kind != "word" and pivot_lexicon.has_form(text))
            )
        if plain_lexicon.has_form(text, strict=True):
            return True
        covering = covering_words(occurrence)
        if not covering:  # no provenance (a neural or precomputed pivot)
            return None if kind != "name" else not stray_pivot_names
        if kind != "name" and copied(occurrence):
            return None  # a common word the pivot did not know and copied as it was
        return any(in_plain(w) for w in covering) or plain_lexicon.abbreviates(covering)

    def covering_words(occurrence: _Occurrence) -> list[str]:
        token = occurrence.token
        return [w for s, e, w in located[occurrence.segment.index] if s < token.end and token.start < e]

    def copied(occurrence: _Occurrence) -> bool:
        """The pivot left the word as it was: it did not know it (for a capitalised word, most likely a name)."""
        covering = covering_words(occurrence)
        return translated and bool(covering) and all(fold(w) == fold(occurrence.token.text) for w in covering)

    words: dict[Side, list[Word]] = {"source": [], "target": []}
    for side_text in (plain_text, pivoted_text):
        # A capitalised word the pivot did not know, at the start of a sentence, is taken for a name only when the
        # plain side (done first) has a name left over for it to answer ("Chicago accueillera" / "The Big Apple").
        stray_name = side_text is pivoted_text and any(w.kind == "name" and not w.matched for w in words[plain])
        for occurrence in side_text.occurrences:
            seg, token = occurrence.segment, occurrence.token
            if not is_content(token, side_text.lang):
                continue
            name_like = occurrence.name_like or (stray_name and token.text[0].isupper() and copied(occurrence))
            kind = word_kind(token, name_like, side_text.lang)
            found = matched(side_text, occurrence, kind)
            words[side_text.side].append(
                Word(
                    side_text.side,
                    seg.index,
                    seg.start + token.start,
                    seg.start + token.end,
                    token.text,
                    kind,
                    0.0 if found is None else word_weight(token, kind),  # no evidence: weighs nothing
                    found is True,
                    occurrence.position,
                    token.start / len(seg.text),
                )
            )
    return LinkWords(
        index,
        tuple(words["source"]),
        tuple(words["target"]),
        tuple(source[i] for i in link.source),
        tuple(target[j] for j in link.target),
    )


def _located_pivot_words(pivot: Pivot, segment_text: str, lang: str) -> list[tuple[int, int, str]]:
    """``(start, end, pivot word)``: the segment characters each content word of the pivot came from.

    A provenance stretch copied verbatim (the identity pivot) maps word by word; any other stretch maps each of its
    pivot words to the whole source stretch.
    """
    located: list[tuple[int, int, str]] = []
    for src_start, src_end, piv_start, piv_end in pivot.provenance:
        verbatim = segment_text[src_start:src_end] == pivot.text[piv_start:piv_end]
        for token in tokenize(pivot.text[piv_start:piv_end]):
            if not is_content(token, lang):
                continue
            if verbatim:
                located.append((src_start + token.start, src_start + token.end, token.text))
            else:
                located.append((src_start, src_end, token.text))
    return located

"""Titles before names: a title before a name that both sides share ("US Secretary of State X" -> "X") must have
some title near the name on the other side, or it was dropped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from aligner.diagnose.conventions import DocumentNames, MeaningJudge, is_title_before_person
from aligner.diagnose.mentions import QUALIFIER_STRENGTH
from aligner.diagnose.severity import make_finding, with_evidence
from aligner.diagnose.word_kinds import title_abbreviations
from aligner.diagnose.words import LinkWords, Word, cognate
from aligner.lang.tokens import fold, tokenize
from aligner.model import Finding, Side, Span

#: Titles this close (in characters) belong to the name.
TITLE_GAP = 8
#: How many words around a name the other side's title may stand ("la présidente de la BCE, Elena Marchetti").
TITLE_WINDOW = 6
#: Courtesy titles say nothing about office or rank: "Mr Sato" may well become "M. Sato" or just "Sato".
_COURTESY = frozenset(("mr", "mrs", "ms", "messrs", "m", "mm", "mme", "mmes", "mlle"))
TITLE_STRENGTH = 0.75
#: A title the pivot finds nowhere on the other side, although that side has another title near the name ("added
#: Ambassador Michael Konken, president of the union" / "a ajouté Michael Konken, président du syndicat").
UNMATCHED_TITLE_STRENGTH = 0.6
#: Languages whose news copy gives a person's title at the first mention and the surname alone after it ("Dr.
#: Georges Bwelle ... Bwelle said", where French writes "le Dr Bwelle" throughout).
SURNAME_LATER = frozenset({"en"})


def _titled_names(link: LinkWords, side: Side, shared: Callable[[Word], bool]) -> list[tuple[list[Word], Word]]:
    """(title phrase, first word of the name) for each title that stands right before a name ``shared`` with the
    other side. Courtesy titles alone (Mr, M., Mme) carry no information and are left out. A title after a comma
    starts a phrase of its own: "director-general, Minister X" holds two titles, either of which may be dropped."""
    words = link.side(side)
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
            apposed = follower.kind == "title" and "," in link.between(phrase[-1], follower)
            phrase = [follower] if apposed else [*phrase, follower]
            done = offset
    return found


def _titles_near(name: Word, words: Sequence[Word]) -> list[Word] | None:
    """The titles near ``name``'s counterpart among ``words``; ``None`` if the name is not there."""
    folded = fold(name.text)
    for i, word in enumerate(words):
        if cognate(folded, fold(word.text), name=True):
            near = words[max(0, i - TITLE_WINDOW) : i + TITLE_WINDOW + 1]
            return [w for w in near if w.kind == "title" and w.segment == word.segment]
    return None


def _is_there(words: Sequence[Word], name: Word) -> bool:
    return _titles_near(name, words) is not None


def title_findings(
    words: LinkWords,
    langs: tuple[str, str] = ("en", "fr"),
    same: MeaningJudge | None = None,
    documents: tuple[DocumentNames, DocumentNames] | None = None,
) -> tuple[list[Finding], list[Span]]:
    """A title before a name on one side, with the name but no title on the other; and the spans of the titles
    both sides have (their qualifiers, "US" in "US Secretary of State", are often rendered as adjectives).

    With the sentence encoder (``same``), a title the pivot matched nowhere is dropped even where the other side
    has a title near the name, if none of those means the same ("Ambassador" / "président", but "spokeswoman" /
    "porte-parole" is kept). A title dropped before a name that a translation into a language of
    :data:`SURNAME_LATER` gives a title elsewhere (``documents``) is a minor lead."""
    findings = []
    kept: list[Span] = []
    sides: tuple[tuple[Side, Side], ...] = (("source", "target"), ("target", "source"))
    for side, other in sides:
        theirs = words.side(other)
        lang = langs[0 if side == "source" else 1]
        for phrase, name in _titled_names(words, side, partial(_is_there, theirs)):
            between = words.between(phrase[-1], name)
            if not is_title_before_person(words.quote(phrase[0], phrase[-1]), name, lang) or _has_lower_word(between):
                continue
            near = _titles_near(name, theirs)
            if near and _rendered_by(phrase, near, side, lang, same):
                kept.append(_title_proper(phrase, words))
                continue
            strength = UNMATCHED_TITLE_STRENGTH if near else TITLE_STRENGTH
            omitted = side == "source"
            titled_there = (
                omitted
                and langs[1] in SURNAME_LATER
                and documents is not None
                and fold(name.text) in documents[1].titled
            )
            text = words.quote(phrase[0], phrase[-1])
            findings.append(
                make_finding(
                    "omission" if omitted else "addition",
                    "title",
                    "major" if omitted and not titled_there else "minor",
                    words.link,
                    (Span(phrase[0].side, phrase[0].segment, phrase[0].start, phrase[-1].end),),
                    f"Title “{text}” before {name.text} "
                    f"{'dropped in the translation' if omitted else 'not in the original'}",
                    QUALIFIER_STRENGTH if titled_there else strength,
                )
            )
    return findings, kept


def _rendered_by(
    phrase: Sequence[Word], near: Sequence[Word], side: Side, lang: str, same: MeaningJudge | None
) -> bool:
    """Whether the titles ``near`` the name on the other side render the phrase's title: without an encoder any
    title there does, as does one for an abbreviation the encoder cannot read; with it, one written like it or
    meaning the same, a part of a compound too ("député-maire" holds "maire"). Whether the pivot matched the title
    says nothing here: its match may be another person's title elsewhere in the pair ("calls Ambassador Jane Miller
    ... summons the Ambassador of Peru" / "appelle Jane Miller ... convoque l'ambassadeur du Pérou")."""
    titles = [w for w in phrase if w.kind == "title"]
    if same is None:
        return True
    if all(fold(w.text).rstrip(".") in title_abbreviations(lang) for w in titles):
        return True
    theirs = [part for w in near for part in dict.fromkeys([w.text, *w.text.split("-")])]
    if any(cognate(fold(t.text), fold(other)) for t in titles for other in theirs):
        return True
    return any(same(*((t.text, other) if side == "source" else (other, t.text))) for t in titles for other in theirs)


#: Words that join a qualifier to a title ("Secretary of State", "chef de l'Etat").
_QUALIFIER_JOINS = frozenset(("of", "de", "d'", "du", "des"))


def _title_proper(phrase: Sequence[Word], words: LinkWords) -> Span:
    """The title of a title phrase and what qualifies it ("US Secretary of State", "chef de l'Etat"), without a
    first name after it: "Commissioner Anthony Whealy" / "Commissaire adjoint Transat Whealy" is a name changed."""
    last = max(i for i, w in enumerate(phrase) if w.kind == "title")
    joined = last + 1 < len(phrase) and words.between(phrase[last], phrase[last + 1])
    if joined and any(fold(t.text) in _QUALIFIER_JOINS for t in tokenize(joined)):
        last = len(phrase) - 1
    return Span(phrase[0].side, phrase[0].segment, phrase[0].start, phrase[last].end)


def _has_lower_word(text: str) -> bool:
    """A word in lower case stands between a title and a name: "the Transat Chair in Tourism" is no person's title."""
    return any(word[:1].islower() for word in text.split())


def demote_qualifiers(findings: list[Finding], titles: list[Span]) -> list[Finding]:
    """Name findings inside a title both sides have become minor leads: "US" in "US Secretary of State" may well
    be rendered "américain" after the title."""
    inside = [f for f in findings if any(t.covers(s) for s in f.spans for t in titles)]
    return [
        with_evidence(replace(f, severity="minor"), strength=QUALIFIER_STRENGTH) if f in inside else f for f in findings
    ]

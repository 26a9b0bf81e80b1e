"""Names and calendar words checked across a pair, trusting the pivot as little as possible.

* A name on one side with no counterpart on the other is an entity omission or addition; when the other side has
  an unmatched name or phrase at about the same place, the name was replaced: ``the dark continent`` rendered as
  ``le Sahara``, or ``Holt`` as ``Hall``, is a mistranslation with spans on both sides.
* A weekday or month on one side only was changed or dropped.

Titles before names are checked in :mod:`aligner.diagnose.titles`, numbers and dates by value in
:mod:`aligner.diagnose.quantities`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from aligner.diagnose.conventions import (
    DocumentNames,
    MeaningJudge,
    is_metonym,
    named_elsewhere,
    named_in_document,
    same_thing,
)
from aligner.diagnose.mentions import (
    NAME_GAP,
    QUALIFIER_STRENGTH,
    Mention,
    apart,
    changed_finding,
    one_sided_finding,
    pair_up,
    phrase_mention,
    unmatched_runs,
)
from aligner.diagnose.partial import Phrase
from aligner.diagnose.severity import with_evidence
from aligner.diagnose.word_kinds import calendar_key
from aligner.diagnose.words import LinkWords, Word
from aligner.lang.dictionary import all_common_words
from aligner.lang.names import compound_places, find_names, glosses_acronym, looks_like_acronym
from aligner.lang.tokens import fold, is_function_word, tokenize
from aligner.model import Finding, Severity, Side, Span

#: An epithet or description a name replaced ("the dark continent") is at most this many content words.
EPITHET_WORDS = 3
_ARTICLES = frozenset(("the", "a", "an", "le", "la", "les", "l'", "un", "une"))
_OF = frozenset(("of", "de", "d'", "du", "des"))
#: A definite article right before a name, in the languages that write one before an institution's name only.
DEFINITE_ARTICLE = {"fr": re.compile(r"(?:\b(?:le|la|les|des|du|au|aux)\s+|\bl['’])$")}
_NOUN_PHRASE_GLUE = _ARTICLES | _OF | {"'s", "-"}

REPLACED_STRENGTH = 0.85  # an unmatched name faces an unmatched name or phrase at the same place
MISSING_NAME_STRENGTH = 0.7
CALENDAR_CHANGED_STRENGTH = 0.8  # "on Wednesday" rendered as "jeudi"
CALENDAR_MISSING_STRENGTH = 0.55


def _facing(phrase: Phrase, name: Mention, link: LinkWords) -> Mention:
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
    return phrase_mention(words[start : end + 1], link)


def _joins(between: str, left: bool = False) -> bool:
    """Whether the text from one content word to the next keeps them in one noun phrase. An article not after
    "of" opens a new phrase: going right it ends the phrase; going left it is where the phrase starts."""
    inner = [t.text.lower() for t in tokenize(between)][1:-1]
    if any(w not in _NOUN_PHRASE_GLUE for w in inner):
        return False
    opening = [i for i, w in enumerate(inner) if w in _ARTICLES and (i == 0 or inner[i - 1] not in _OF)]
    return not (opening and (not left or opening[-1] == len(inner) - 1))


def _nearest_phrase(mention: Mention, phrases: list[Phrase]) -> Phrase | None:
    """The phrase with a word nearest to ``mention``'s place."""
    return min(phrases, key=lambda p: min(abs(w.position - mention.position) for w in p.words), default=None)


_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)\s+$")
_WORD_AFTER = re.compile(r"^\s+([^\W\d_][\w'’-]*)")


def _with_neighbour(name: Mention, words: LinkWords, lang: str) -> list[str]:
    """The name with the content word right before it, and with the one right after it, as written."""
    before = _WORD_BEFORE.search(words.before(name.side, name.segment, name.start))
    after = _WORD_AFTER.match(words.after(name.side, name.segment, name.end))
    texts = []
    if before and not is_function_word(before[1], lang):
        texts.append(f"{before[1]} {name.text}")
    if after and not is_function_word(after[1], lang):
        texts.append(f"{name.text} {after[1]}")
    return texts


def _untranslated(phrases: list[Phrase], words: LinkWords, same: MeaningJudge | None) -> list[Phrase]:
    """The phrases no unmatched phrase of the other side means the same as, by the encoder: the pivot missed
    those that one does."""
    if same is None:
        return phrases
    quotes = {p: words.quote(p.words[0], p.words[-1]) for p in phrases}
    same.prepare(list(quotes.values()))
    sources = [p for p in phrases if p.side == "source"]
    targets = [p for p in phrases if p.side == "target"]
    rendered = {p for s in sources for t in targets if same(quotes[s], quotes[t]) for p in (s, t)}
    return [p for p in phrases if p not in rendered]


def name_findings(
    words: LinkWords,
    phrases: list[Phrase],
    langs: tuple[str, str],
    same: MeaningJudge | None = None,
    documents: tuple[DocumentNames, DocumentNames] | None = None,
) -> tuple[list[Finding], set[Phrase]]:
    """Entity findings for one link, and the phrases they explain (so they are not reported twice).

    A name is reported as replaced only on positive evidence that the other side names something else: the names
    table knows both as different places, or no convention (:func:`aligner.lang.names.same_name`) and not the
    encoder (``same``) says they mean the same, nor does it find the name's meaning in a word of the other side
    (US / "les services américains"). Acronyms are relettered from language to language (OPCW / OIAC) or spelt
    out (PIN / "code secret"), so an acronym facing another name or a phrase is only a minor lead. Part of a name
    whose other words match is a minor lead too (a middle name, "Kingdom of"), and so are two names where one is a
    metonym (l'Hexagone) or a French common word after a definite article (House / la Chambre, Law Society / du
    Barreau: an institution's name translated), and a name facing a phrase where the name is a common word
    ("Sommet"), a metonym, or named elsewhere by the other document (``documents``: Cameroon / "à l'étranger", with
    "Cameroun" in the next sentence).
    """
    findings: list[Finding] = []
    used: set[Phrase] = set()

    def equivalent(source: Mention, target: Mention) -> bool:
        return same_thing(source.text, target.text, langs, same)

    def named_there(name: Mention) -> bool:
        if named_elsewhere(name.text, name.side, words, langs):
            return True
        if same is None:
            return False
        theirs = words.target if name.side == "source" else words.source
        return any(same(name.text, w.text) for w in theirs if w.kind == "word")  # names go by convention

    def lang(name: Mention) -> str:
        return langs[0 if name.side == "source" else 1]

    def in_its_noun_phrase(name: Mention, other: Mention) -> bool:
        """The encoder finds ``other`` the same as the name with the content word written beside it ("website" /
        "site Internet"): the name is part of a common noun phrase."""
        if same is None:
            return False
        phrases = _with_neighbour(name, words, lang(name))
        same.prepare(phrases + [other.text])
        return any(same(other.text, p) if name.side == "target" else same(p, other.text) for p in phrases)

    def place(name: Mention) -> bool:
        return bool(find_names(name.text, lang(name)) or compound_places(name.text, lang(name)))

    def institution(name: Mention) -> bool:
        """Common words after a definite article in a language that writes one before an institution but not
        before a city or a person ("la Chambre", "du Barreau", but "de Milan"): an institution's name, which
        languages translate. English writes "a Law Society dinner" and "the Eternal City", so it cannot tell."""
        pattern = DEFINITE_ARTICLE.get(lang(name))
        before = words.before(name.side, name.segment, name.start).lower()
        return common(name) and pattern is not None and pattern.search(before) is not None

    def common(name: Mention) -> bool:
        """Common words only, and not the name of a country, city or region ("Milan")."""
        places = find_names(name.text, lang(name))
        return all_common_words(name.text, lang(name)) and all(p.kind in ("language", "nationality") for p in places)

    def reworded(name: Mention) -> bool:
        """A common word set in capitals, a metonym, or a name the other document writes elsewhere."""
        other = None if documents is None else documents[1 if name.side == "source" else 0]
        return (
            common(name)
            or is_metonym(name.text, lang(name))
            or (other is not None and named_in_document(name.text, lang(name), other))
        )

    # A name in the same frame on both sides ("Federal Aviation / Medicine Administration") was replaced, whatever
    # the pivot or the encoder found for either word elsewhere ("Aviation" / "avion").
    framed = framed_pairs(words)
    in_frame = [m for pair in framed for m in pair]
    runs = [
        [m for m in unmatched_runs(words, side) if not any(_overlaps(m, f) for f in in_frame)]
        for side in ("source", "target")
    ]
    if same is not None:  # what equivalent and named_there will ask the encoder, in one batch
        theirs = (words.target if runs[0] else ()) + (words.source if runs[1] else ())
        texts = [m.text for m in in_frame] + [m.text for mine in runs for m in mine]
        same.prepare(texts + [w.text for w in theirs if w.kind == "word"])
    findings += [
        changed_finding("entity", "critical", words.link, s, t, REPLACED_STRENGTH)
        for s, t in framed
        if not equivalent(s, t)
    ]
    # Replaced names: pair each source name with the nearest target name.
    # a name whose meaning the other side has is no candidate: it must not take another's partner (US / "américain")
    source_runs, target_runs = ([m for m in run if not named_there(m)] for run in runs)
    pairs, source_left, target_left = pair_up(source_runs, target_runs, apart)
    for s, t in pairs:
        if equivalent(s, t):
            continue
        relettered = looks_like_acronym(s.text) or looks_like_acronym(t.text)
        translated = institution(s) or institution(t)
        metonym = is_metonym(s.text, langs[0]) or is_metonym(t.text, langs[1])
        weak = (relettered or translated or metonym) and not (place(s) and place(t))
        severity: Severity = "minor" if weak else "critical"
        findings.append(
            changed_finding("entity", severity, words.link, s, t, QUALIFIER_STRENGTH if weak else REPLACED_STRENGTH)
        )
    # A name facing an unmatched phrase: an epithet or description replaced by a name, or the reverse. A phrase
    # the encoder finds rendered by a phrase of the other side ("written" / "rédigées") replaced no name.
    facing = _untranslated(phrases, words, same) if source_left + target_left else []
    for name in source_left + target_left:
        # Part of a longer name whose other words match ("World" in "World Health Organization"): the name was
        # most likely translated, so the lead is weak; but a place is a name of its own ("Yaoundé, le Yémen du
        # Cameroun").
        fragment = _beside_matched_name(name, words) and not place(name)
        fragment = fragment or _in_acronym_gloss(name, words, lang(name))
        closest = _nearest_phrase(name, [p for p in facing if p.side != name.side and p not in used])
        if closest is not None:
            used.add(closest)
            other = _facing(closest, name, words)
            source, target = (name, other) if name.side == "source" else (other, name)
            if equivalent(source, target) or in_its_noun_phrase(name, other):
                continue
            # an acronym's expansion reads as a description
            weak = fragment or looks_like_acronym(name.text) or reworded(name)
            severity = "minor" if weak else "major"
            strength = QUALIFIER_STRENGTH if weak else REPLACED_STRENGTH
            findings.append(
                changed_finding("entity", severity, words.link, source, target, strength, name_side=name.side)
            )
        else:
            weak = fragment or reworded(name)  # "la Faculté de médecine de Harvard" / "Harvard Medical School"
            severity = "minor" if weak else "major"
            strength = QUALIFIER_STRENGTH if weak else MISSING_NAME_STRENGTH
            findings.append(one_sided_finding("entity", severity, words.link, name, strength))
    return findings, used


#: Short words a name's frame may hold between its capitalised words ("CHU in Liège" / "CHU de Liège").
_FRAME_LINKS = frozenset(("of", "in", "de", "du", "d'", "des"))


def framed_pairs(words: LinkWords) -> list[tuple[Mention, Mention]]:
    """Name words each side writes in the same frame: beside a capitalised word written alike on both sides, on
    the same hand ("Paul Kaplowitz" / "Paul Medical", "Evening Standard" / "Champions Standard"), neither written
    by the other side anywhere, and at least one without a counterpart. That the rest of the name was kept as it
    was is positive evidence that the other side names something else in its place. Nearest first, each once."""
    sides: tuple[Side, Side] = ("source", "target")
    frames = {side: _frames(words, side) for side in sides}

    def framed(s: Word, t: Word) -> bool:
        (s_left, s_right), (t_left, t_right) = frames["source"][s], frames["target"][t]
        return (
            not (s.matched and t.matched)
            and ((s_left is not None and s_left == t_left) or (s_right is not None and s_right == t_right))
            and fold(s.text) not in words.folded_words("target")
            and fold(t.text) not in words.folded_words("source")
        )

    pairs, _, _ = pair_up(
        list(frames["source"]), list(frames["target"]), lambda s, t: abs(s.position - t.position), framed
    )
    return [(phrase_mention([s], words), phrase_mention([t], words)) for s, t in pairs]


def _frames(words: LinkWords, side: Side) -> dict[Word, tuple[str | None, str | None]]:
    """For each name word of ``side``, the capitalised words written right before and right after it in its
    segment, folded, with at most one of :data:`_FRAME_LINKS` between."""
    content = words.side(side)

    def neighbour(first: Word, last: Word, other: Word) -> str | None:
        if first.segment != last.segment or not other.text[:1].isupper():
            return None
        inner = words.between(first, last).split()
        if len(inner) > 1 or (inner and inner[0].lower() not in _FRAME_LINKS):
            return None
        return fold(other.text)

    return {
        word: (
            neighbour(content[i - 1], word, content[i - 1]) if i > 0 else None,
            neighbour(word, content[i + 1], content[i + 1]) if i + 1 < len(content) else None,
        )
        for i, word in enumerate(content)
        if word.kind == "name"
    }


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.side == b.side and a.segment == b.segment and a.start < b.end and b.start < a.end


def facing_name_side(finding: Finding) -> Side | None:
    """The name's side in a finding of a name facing a phrase of the other side (a guess at what replaced it, not a
    name on both sides); ``None`` for any other finding."""
    side = dict(finding.evidence).get("name_side")
    return "source" if side == "source" else "target" if side == "target" else None


def demote_repeated_names(findings: list[Finding], quote: Callable[[Span], str]) -> list[Finding]:
    """A replaced name whose translation an earlier replaced name already had is the translator's one choice
    carried through the story ("cave-rescue organization" / "Spéléo" in three sentences): the first is the
    finding, the others minor leads that point back to it; so is a name of the original the translation renders
    by a description more than once ("Spéléo" / "cave-rescue organization", "cave-rescue"), or leaves out more
    than once. Otherwise the original's side is no key: "Labor" may be rendered well in one sentence and replaced
    by another name in the next."""
    first_link: dict[tuple[str, str], int] = {}
    kept = []
    for finding in sorted(findings, key=lambda f: f.link):
        if finding.subtype == "entity" and finding.severity != "minor":
            one_sided = finding.type != "mistranslation"
            keyed = {"target", "source" if one_sided else facing_name_side(finding)}
            keys = [(s.side, fold(quote(s))) for s in finding.spans if s.side in keyed]
            earlier = [first_link[k] for k in keys if k in first_link]
            for key in keys:
                first_link.setdefault(key, finding.link)
            if earlier:
                finding = with_evidence(
                    replace(finding, severity="minor"), strength=QUALIFIER_STRENGTH, repeats_link=min(earlier)
                )
        kept.append(finding)
    return kept


#: Words that join the parts of one name ("Congregation of the Holy Cross", "Banque de France").
_NAME_LINKS = frozenset(("of", "of the", "de", "de la", "de l'", "du", "des", "d'"))


def _beside_matched_name(mention: Mention, words: LinkWords) -> bool:
    """A matched name or title stands right before or after ``mention``, or is joined to it by "of (the)", "de
    (la)" and the like ("Congregation of the Holy Cross")."""

    def joined(end: int, start: int) -> bool:
        between = words.after(mention.side, mention.segment, end)[: start - end]
        return len(between) <= NAME_GAP or between.strip().lower() in _NAME_LINKS

    return any(
        w.matched
        and w.kind in ("name", "title")
        and w.segment == mention.segment
        and (
            (w.end <= mention.start and joined(w.end, mention.start))
            or (mention.end <= w.start and joined(mention.end, w.start))
        )
        for w in words.side(mention.side)
    )


def calendar_findings(words: LinkWords, langs: tuple[str, str]) -> list[Finding]:
    """Weekdays and months written on one side only: changed when both sides have one left over. The same month
    on both sides left over is a date whose day or year differs ("January 1st and 8th" / "1er et 8 janvier
    2014"): that is the number check's to report."""
    pairs, source_left, target_left = pair_up(
        unmatched_runs(words, "source", "date"), unmatched_runs(words, "target", "date"), apart
    )
    findings = [
        changed_finding("date", "critical", words.link, s, t, CALENDAR_CHANGED_STRENGTH)
        for s, t in pairs
        if (key := calendar_key(s.text, langs[0])) is None or key != calendar_key(t.text, langs[1])
    ]
    return findings + [
        one_sided_finding("date", "minor", words.link, date, CALENDAR_MISSING_STRENGTH)
        for date in source_left + target_left
    ]


def _in_acronym_gloss(name: Mention, words: LinkWords, lang: str) -> bool:
    """``name`` lies inside the bracketed expansion of the acronym just before the bracket (see
    :func:`~aligner.lang.names.glosses_acronym`)."""
    before = words.before(name.side, name.segment, name.start)
    after = words.after(name.side, name.segment, name.end)
    opening, closing = before.rfind("("), after.find(")")
    if opening < 0 or ")" in before[opening:] or closing < 0:
        return False
    return glosses_acronym(before[: opening + 1], before[opening + 1 :] + name.text + after[:closing], lang)

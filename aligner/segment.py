"""The segment stage: split a document into headlines, bullets and sentences with exact character spans.

Structure first, sentences second. Lines are grouped into blocks (a headline, a bullet, or running text that
may be hard-wrapped over several lines), then NLTK's Punkt splits each block into sentences. Punkt runs with
parameters built here from word lists written for this project (``aligner/data/punkt/``, see its README),
so nothing is downloaded: abbreviations and titles of English and French news copy, and the function words
that tell Punkt a capitalised word after an abbreviation starts a new sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from aligner.importing import nltk_without_scipy
from aligner.lang.tokens import is_function_word
from aligner.model import Document, Segment, SegmentKind

_ORTHO_BEG_UC = 1 << 1  # nltk.tokenize.punkt flags: seen capitalised at sentence start,
_ORTHO_MID_LC = 1 << 5  # and in lower case inside a sentence

_BULLET = re.compile(r"[ \t]*(?:[-*+•·▪–—]|\d{1,3}[.)])[ \t\u00a0]+\S")
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")
_TERMINAL = re.compile(r"[.!?…:;][\s\"'’”»)\]\u00a0\u202f]*$")
_INDENTED = re.compile(r"[ \t\u00a0]+\S")
#: A bullet marker on its own is never a sentence ("1." before the bullet's text).
_MARKER_ONLY = re.compile(r"^(?:\d{1,3}[.)]|[-*+•·▪–—])$")
#: A segment that ends in one of these is never the end of a sentence: the name follows.
_TITLE_END = re.compile(
    r"(?:^|[\s(\"«“])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Col|Lt|Sgt|Capt|Adm|Maj|Cmdr|Rev|"
    r"St|Ste|M|MM|Mme|Mlle|Mgr|Me|Pr|[A-Z])\.$"
)


@cache
def _word_list(name: str) -> frozenset[str]:
    text = resources.files("aligner.data.punkt").joinpath(name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def _tokenizer(lang: str) -> Any:
    """Punkt with this project's parameters; NLTK is imported here, on first use, because importing it takes
    about a second (it pulls in SciPy where installed), which ``aligner --help`` should not pay."""
    with nltk_without_scipy():
        from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

    class NewsLanguageVars(PunktLanguageVars):  # type: ignore[misc]
        """Punkt's language variables with the Unicode ellipsis as a possible sentence end."""

        sent_end_chars = (".", "?", "!", "…")

    class NewsSentenceTokenizer(PunktSentenceTokenizer):  # type: ignore[misc]
        """Punkt, plus: an ellipsis followed by a capitalised word ends a sentence (news copy rarely trails off
        mid-sentence into a proper name, and Punkt without training statistics would never split there)."""

        def _second_pass_annotation(self, aug_tok1: Any, aug_tok2: Any) -> str | None:
            reason: str | None = super()._second_pass_annotation(aug_tok1, aug_tok2)
            if aug_tok2 is not None and aug_tok1.ellipsis and aug_tok2.first_upper and not aug_tok1.sentbreak:
                aug_tok1.sentbreak = True
                return "ellipsis before a capital"
            return reason

    params = PunktParameters()
    params.abbrev_types = set(_word_list("abbreviations.txt"))
    if lang in ("en", "fr"):
        params.abbrev_types |= _word_list(f"abbreviations.{lang}.txt")
    starters = _word_list("sentence_starters.txt")
    params.sent_starters = set(starters)
    for word in starters:
        params.ortho_context[word] = _ORTHO_BEG_UC | _ORTHO_MID_LC
    return NewsSentenceTokenizer(params, lang_vars=NewsLanguageVars())


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    kind: SegmentKind
    paragraph: int


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, without its newline."""
    start = 0
    for match in re.finditer("\n", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


#: Line-break layouts: one paragraph per line (wire copy, exports), or paragraphs hard-wrapped over lines.
Layout = Literal["lines", "wrapped"]
#: A document is hard-wrapped when at least this share of its breaks between two non-blank lines fall inside a
#: sentence (no final punctuation before, a lower-case word or a comma/hyphen cut around it).
WRAPPED_SHARE = 0.3
#: A line without final punctuation, of at most this many words, is a headline (first line) or a byline/label.
HEADLINE_WORDS = 25
LABEL_WORDS = 8
#: A dash line of at most this many words (dash included) straight after a headline, and not followed by another
#: bullet, is the headline's tail ("– Détails").
TAIL_WORDS = 3
_STARTS_LOWER = re.compile(r"[ \t]*[a-zà-ÿ0-9(]")
_DATELINE_ALONE = re.compile(r"^[ \t]*[A-ZÀ-Þ][^\n]{0,80}(?:\([^)]*\))?[ \t]*[-–—]$")


def layout(text: str, lang: str = "en") -> Layout:
    """Whether a newline ends a paragraph in ``text``: decided once per document from its breaks between two
    non-blank lines (but before a bullet). A break inside a sentence (the line before has no final punctuation
    and the next starts in lower case, or the line before ends in a comma, a hyphen or a function word) is the
    mark of hard-wrapped text; wire copy with one paragraph per line has next to none. A text with no such break
    at all is laid out one paragraph per line."""
    lines = [text[s:e] for s, e in _lines(text)]
    breaks = [
        (a, b) for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip() and not _BULLET.match(b)
    ]
    if not breaks:
        return "lines"
    inside = sum(1 for a, b in breaks if _cut_inside(a, b, lang))
    return "wrapped" if inside / len(breaks) >= WRAPPED_SHARE else "lines"


def _cut_inside(line: str, following: str, lang: str) -> bool:
    """Whether the break after ``line`` falls inside a sentence."""
    if _TERMINAL.search(line):
        return False
    words = line.split()
    last = words[-1] if words else ""
    return (
        last.endswith((",", "-"))
        or bool(_STARTS_LOWER.match(following))
        or (last.islower() and is_function_word(last, lang))
    )


def _is_label(line: str) -> bool:
    """A short line without final punctuation (a headline, byline, section label): never joined to the next."""
    return not _TERMINAL.search(line) and len(line.split()) <= LABEL_WORDS and not line.rstrip().endswith(",")


def _blocks(text: str, lang: str = "en") -> Iterator[_Block]:
    """Group lines into headlines, bullets and runs of body text; ``paragraph`` counts the blocks.

    With one paragraph per line (:func:`layout`) every line is a block; hard-wrapped lines are joined until a
    sentence ends. Either way the first line is a headline when it has no final punctuation and is followed by a
    blank line or a line that starts a new paragraph, and a dateline alone on its line ("MOBILE, Alabama (Wire) -")
    is joined to the sentence it opens.
    """
    lines_are_paragraphs = layout(text, lang) == "lines"
    paragraph = -1
    current: list[int] | None = None  # [start, end] of the open block
    kind: SegmentKind = "body"
    previous_blank = True
    first_block = True
    raw = list(_lines(text))
    for number, (start, end) in enumerate(raw):
        line = text[start:end]
        if not line.strip():
            if current:
                paragraph += 1
                yield _Block(current[0], current[1], kind, paragraph)
                current = None
            previous_blank = True
            continue
        following = text[raw[number + 1][0] : raw[number + 1][1]] if number + 1 < len(raw) else ""
        next_blank = not following.strip()
        is_bullet = bool(_BULLET.match(line))
        headline_like = not _TERMINAL.search(line) and len(line.split()) <= HEADLINE_WORDS and not is_bullet
        is_heading = bool(_HEADING.match(line)) or (
            headline_like
            and previous_blank
            and (
                (next_blank and (first_block or len(line) < 120))
                or (first_block and not _STARTS_LOWER.match(following) and not _DATELINE_ALONE.match(line))
            )
        )
        open_text = text[current[0] : current[1]] if current else ""
        dateline_open = bool(current) and kind == "body" and bool(_DATELINE_ALONE.match(open_text))
        continues = (
            current is not None
            and kind in ("body", "bullet")
            and not is_bullet
            and not is_heading
            and (kind == "body" or _INDENTED.match(line))
            and not _TERMINAL.search(open_text)
            and (dateline_open or not lines_are_paragraphs or (kind == "bullet" and _INDENTED.match(line)))
            and (dateline_open or not _is_label(open_text) or _STARTS_LOWER.match(line))
        )
        # A tail after a headline ("– Détails", "- Video"), on its own line, is part of the headline.
        tail = (
            kind == "headline"
            and is_bullet
            and len(line.split()) <= TAIL_WORDS
            and not _BULLET.match(following)  # the first of a list of bullets is no tail
        )
        if (continues or tail) and current is not None:
            current[1] = end
        else:
            if current:
                paragraph += 1
                yield _Block(current[0], current[1], kind, paragraph)
            current = [start, end]
            kind = "headline" if is_heading else "bullet" if is_bullet else "body"
        previous_blank = False
        first_block = False
    if current:
        paragraph += 1
        yield _Block(current[0], current[1], kind, paragraph)


def _given_blocks(doc: Document) -> Iterator[_Block]:
    """The blocks the file's markup gave (:attr:`Document.blocks`), trusted over any guess from the lines."""
    for paragraph, block in enumerate(doc.blocks):
        yield _Block(block.start, block.end, block.kind, paragraph)


def _sentence_spans(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    """Punkt's sentence spans inside ``text[start:end]``, with splits after titles and initials undone."""
    chunk = text[start:end]
    pending: tuple[int, int] | None = None
    for s, e in _tokenizer(lang).span_tokenize(chunk):
        if pending and (
            _TITLE_END.search(chunk[pending[0] : pending[1]]) or _MARKER_ONLY.match(chunk[pending[0] : pending[1]])
        ):
            pending = (pending[0], e)
            continue
        if pending:
            yield start + pending[0], start + pending[1]
        pending = (s, e)
    if pending:
        yield start + pending[0], start + pending[1]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment(doc: Document) -> tuple[Segment, ...]:
    """Split ``doc`` into segments; the whitespace between them is all that is not covered."""
    segments: list[Segment] = []
    text = doc.text
    for block in _given_blocks(doc) if doc.blocks else _blocks(text, doc.lang):
        # Each segment runs from the end of the previous one to its own end, then loses its surrounding
        # whitespace, so nothing between Punkt's spans can be lost.
        cursor = block.start
        spans = list(_sentence_spans(text, block.start, block.end, doc.lang))
        for number, (_, e) in enumerate(spans):
            stop = block.end if number == len(spans) - 1 else e
            s, stop = _trimmed(text, cursor, stop)
            cursor = stop
            for piece_start, piece_end in _bounded(text, s, stop):
                segments.append(
                    Segment(
                        len(segments), text[piece_start:piece_end], piece_start, piece_end, block.paragraph, block.kind
                    )
                )
    return tuple(segments)


#: No sentence of real copy is this long; a longer run without a sentence end (a pasted table, a text with no
#: punctuation) is cut at white space so that every later stage works on pieces of bounded size.
MAX_SEGMENT_CHARS = 2000


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most :data:`MAX_SEGMENT_CHARS`, cut at the last white space that fits."""
    while end - start > MAX_SEGMENT_CHARS:
        limit = start + MAX_SEGMENT_CHARS
        cut = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
        cut = cut if cut > start else limit
        piece_start, piece_end = _trimmed(text, start, cut)
        if piece_start < piece_end:
            yield piece_start, piece_end
        start, _ = _trimmed(text, cut, end)
    if start < end:
        yield start, end


def segment_lines(doc: Document) -> tuple[Segment, ...]:
    """One segment per line, for texts that are already split (``aligner align``); line ``i`` is segment ``i``."""
    segments = []
    for number, (start, end) in enumerate(_lines(doc.text.removesuffix("\n"))):
        s, e = _trimmed(doc.text, start, end)
        segments.append(Segment(number, doc.text[s:e], s, e, number, "body"))
    return tuple(segments)

"""The data model every pipeline stage exchanges: one place, frozen dataclasses, no dicts of dicts.

The pipeline is ``segment -> translate -> align -> diagnose -> report/export``:

* :class:`Document` is one input text, exactly as read (after decoding and newline normalisation).
* :class:`Segment` is a sentence, headline or bullet of a document. ``start``/``end`` are character offsets
  into ``Document.text``, so ``doc.text[seg.start:seg.end] == seg.text`` always holds and the text between
  two consecutive segments is whitespace only: nothing is ever lost.
* :class:`Pivot` is the translation of one segment into the other side's language, with provenance
  (which characters of the segment produced which characters of the pivot), so findings can point at words.
* :class:`PivotText` is the pivot of one whole side and the translator that made it.
* :class:`Link` is one alignment bead: source segment indices, target segment indices (0-based per side,
  either may be empty), a similarity score and a confidence, both in [0, 1].
* :class:`Finding` is one problem a reviewer should look at, with character spans on both sides.
* :class:`AuditResult` bundles all of the above with the :class:`RunSettings` that produced it; the JSON result
  file is a serialisation of it and the HTML report is rendered from that alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Side = Literal["source", "target"]
SegmentKind = Literal["headline", "bullet", "body"]
LinkKind = Literal["aligned", "omitted", "added", "moved"]
Severity = Literal["minor", "major", "critical"]
ReviewState = Literal["open", "confirmed", "false-alarm", "fixed"]

SEVERITIES: tuple[Severity, ...] = ("minor", "major", "critical")
REVIEW_STATES: tuple[ReviewState, ...] = ("open", "confirmed", "false-alarm", "fixed")


@dataclass(frozen=True)
class Block:
    """A stretch ``start:end`` of ``Document.text`` that a file's own markup makes one headline, bullet or paragraph."""

    start: int
    end: int
    kind: SegmentKind


@dataclass(frozen=True)
class Document:
    """One input text. ``text`` is the decoded text with newlines normalised to ``\\n``.

    ``warnings`` are what reading had to change (replaced characters), one line each; they reach the result.
    ``format`` is the kind of file the text was read from (``text``, ``html``, ``docx``, ``odt``, ``nitf``...).
    ``blocks``, in text order, are the headlines, list items and paragraphs the file marked up (Word styles, XML
    elements); the segmenter uses them instead of guessing structure from lines. Plain text has none.
    """

    name: str
    lang: str
    text: str
    warnings: tuple[str, ...] = field(default=(), compare=False)
    format: str = "text"
    blocks: tuple[Block, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Segment:
    """A sentence, headline or bullet; ``text == document.text[start:end]``."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int
    kind: SegmentKind = "body"


@dataclass(frozen=True)
class Pivot:
    """The translation of one segment.

    ``provenance`` holds ``(src_start, src_end, pivot_start, pivot_end)`` tuples, character offsets relative to the
    segment text and to ``text``: the source words that produced each stretch of the pivot. Translators that
    cannot say (a neural model, a precomputed file) leave it empty.
    """

    text: str
    provenance: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class PivotText:
    """The pivot of one side: ``segments[i]`` translates segment ``i`` of ``side`` into ``lang``."""

    side: Side
    lang: str
    translator: str
    segments: tuple[Pivot, ...]

    def of_link(self, link: Link) -> str:
        """The pivot of the link's segments on :attr:`side`, joined by a space."""
        ids = link.source if self.side == "source" else link.target
        return " ".join(self.segments[i].text for i in ids)


@dataclass(frozen=True)
class Link:
    """One alignment bead: ``kind`` is ``omitted`` for 1-0, ``added`` for 0-1, ``moved`` for a pair out of order."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float
    confidence: float
    kind: LinkKind = "aligned"


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of the document on ``side``, inside segment ``segment``."""

    side: Side
    segment: int
    start: int
    end: int

    def covers(self, other: Span) -> bool:
        """``other`` lies within this span, on the same side (offsets are the document's, so in the same segment)."""
        return self.side == other.side and self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Finding:
    """Something a reviewer should look at.

    ``type`` follows the ITS 2.0 localization-quality issue types where one fits (``omission``, ``addition``,
    ``mistranslation``, ``untranslated``, ``length``), ``subtype`` narrows it (``entity``, ``number``, ``title``,
    ``moved``, ...). ``link`` is the index of the :class:`Link` it belongs to. ``evidence`` holds what the verdict
    rests on (pivot text, scores) as sorted key/value pairs so the dataclass stays hashable and deterministic.
    ``confidence`` in [0, 1] is how sure the detector is that a reviewer would agree; findings below the threshold
    the sensitivity sets are not reported.
    """

    type: str
    severity: Severity
    link: int
    spans: tuple[Span, ...]
    message: str
    subtype: str = ""
    evidence: tuple[tuple[str, str | float], ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True)
class Review:
    """A reviewer's decision on finding number ``finding`` of the result: carried from an earlier audit of the
    same story (``--reviews``) so that what was dismissed once is not reviewed again."""

    finding: int
    state: ReviewState
    comment: str = ""


@dataclass(frozen=True)
class RunSettings:
    """Everything that changes a result, as ordered key/value pairs (a sacreBLEU-style signature)."""

    entries: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        return dict(self.entries).get(key, default)

    def signature(self) -> str:
        """The long form: ``key:value|key:value|...``, version last."""
        return "|".join(f"{k}:{v}" for k, v in sorted(self.entries, key=lambda kv: kv[0] == "version"))


@dataclass(frozen=True)
class AuditResult:
    """The outcome of auditing one document pair; serialised as the JSON result file."""

    source: Document
    target: Document
    source_segments: tuple[Segment, ...]
    target_segments: tuple[Segment, ...]
    pivot: PivotText
    links: tuple[Link, ...]
    findings: tuple[Finding, ...]
    settings: RunSettings
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False)
    #: Things a reviewer should know that are not findings: replaced characters, a side in the wrong language,
    #: an empty side, identical texts. One line each.
    warnings: tuple[str, ...] = ()
    #: Decisions carried in from an earlier audit, at most one per finding; findings without one are open.
    reviews: tuple[Review, ...] = ()
    #: When the audit ran, ISO 8601 with its UTC offset (``SOURCE_DATE_EPOCH`` fixes it); "" when unknown.
    audited: str = field(default="", compare=False)

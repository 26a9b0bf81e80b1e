"""Step one of the report: turn an :class:`~aligner.model.AuditResult` into plain view-model records.

The templates only loop over these records; they never look at the result itself. Everything here is
deterministic (no clock, no dict-order surprises), so equal results give byte-identical reports.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from aligner import __version__
from aligner.lang.tokens import fold, is_function_word, stem, tokenize
from aligner.model import SEVERITIES, AuditResult, Finding, Link, Segment, Side, Span

#: Finding type -> icon. Colour comes from the stylesheet; the icon and the type's name next to it make sure a
#: finding never depends on colour alone. Types not listed here get :data:`OTHER_ICON` and the ``other`` colour.
TYPE_ICONS: dict[str, str] = {
    "omission": "\u2296",
    "addition": "\u2295",
    "mistranslation": "\u2260",
    "untranslated": "\u21c4",
    "length": "\u2194",
    "moved": "\u21b7",
}
OTHER_ICON = "\u2022"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

#: Keyboard shortcuts for the help dialog: (key, what it does). The controls carry them as ``data-shortcut``.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("j", "next finding"),
    ("k", "previous finding"),
    ("p", "show or hide the pivot translation"),
    ("f", "only rows with findings"),
    ("?", "this help"),
)


def css_type(finding_type: str, subtype: str = "") -> str:
    """The style a finding gets: its type's, else its subtype's (``other/moved``), else the shared ``other``."""
    for name in (finding_type, subtype):
        if name in TYPE_ICONS:
            return name
    return "other"


@dataclass(frozen=True)
class Piece:
    """A stretch of segment text; where findings cover it, their numbers and how the highlight looks."""

    text: str
    findings: tuple[int, ...] = ()
    css: str = ""  # style of the first finding
    severity: str = ""
    message: str = ""  # every covering finding's message, joined


@dataclass(frozen=True)
class SegmentView:
    index: int
    kind: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Cell:
    """One side of a row: its segments and, when this side was translated, the pivot text."""

    segments: tuple[SegmentView, ...]
    pivot: str = ""

    @property
    def empty(self) -> bool:
        return not self.segments


@dataclass(frozen=True)
class FindingView:
    number: int
    type: str
    css: str
    icon: str
    label: str
    subtype: str
    severity: str
    message: str
    row: str


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side table.

    A moved link appears, with both texts, where it belongs in the original; ``moved_to`` points at a placeholder
    row where the translation put it, which has ``moved_from`` set, no text (each text appears once) and no findings.
    """

    anchor: str
    link: int
    kind: str
    score: float
    source: Cell
    target: Cell
    findings: tuple[FindingView, ...]
    moved_to: str = ""
    moved_from: str = ""


@dataclass(frozen=True)
class TypeCount:
    css: str
    icon: str
    label: str
    by_severity: tuple[int, ...]  # in SEVERITIES order
    total: int


@dataclass(frozen=True)
class Summary:
    types: tuple[TypeCount, ...]
    severity_totals: tuple[int, ...]
    findings: int
    source_coverage: float  # share of the source's characters inside aligned or moved links
    target_coverage: float
    agreement: float  # length-weighted mean link score, unaligned text counting as 0
    link_counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class DocumentView:
    name: str
    lang: str
    segments: int
    characters: int


@dataclass(frozen=True)
class ReportView:
    title: str
    source: DocumentView
    target: DocumentView
    translator: str
    pivot_side: str
    direction: str
    summary: Summary
    rows: tuple[Row, ...]
    findings: tuple[FindingView, ...]  # all, in result order: ``findings[n]`` is finding number ``n``
    severities: tuple[str, ...]
    shortcuts: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]
    signature: str
    result_version: str
    tool_version: str
    client_data: dict[str, object]


def pieces(length: int, marks: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, tuple[int, ...]]]:
    """Cut ``0:length`` into stretches where the set of covering marks ``(start, end, id)`` is constant.

    Overlapping marks are fine: each stretch lists every mark covering it, in id order. Marks are clipped to
    the range; the stretches cover ``0:length`` exactly, so no character is lost or repeated.
    """
    clipped = [(max(0, s), min(length, e), i) for s, e, i in marks if min(length, e) > max(0, s)]
    cuts = sorted({0, length, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    out: list[tuple[int, int, tuple[int, ...]]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(sorted({i for s, e, i in clipped if s <= start and end <= e}))
        if out and out[-1][2] == covering:
            out[-1] = (out[-1][0], end, covering)
        else:
            out.append((start, end, covering))
    return out


SpanIndex = dict[tuple[str, int], list[tuple[int, Span]]]


def spans_by_segment(findings: Sequence[Finding]) -> SpanIndex:
    """``(side, segment index) -> [(finding number, span), ...]``: what to mark in each segment."""
    index: SpanIndex = {}
    for number, finding in enumerate(findings):
        for span in finding.spans:
            index.setdefault((span.side, span.segment), []).append((number, span))
    return index


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of JavaScript string offsets."""
    return len(text) + len(_ASTRAL.findall(text))


def build_view(result: AuditResult) -> ReportView:
    """The whole report as view-model records."""
    order = _row_order(result.links)
    anchors = {key: f"r{n}" for n, key in enumerate(order)}
    link_rows = {number: anchor for (number, placeholder), anchor in anchors.items() if not placeholder}
    findings = tuple(_finding_view(n, f, link_rows.get(f.link, "")) for n, f in enumerate(result.findings))
    by_row: dict[str, list[FindingView]] = {}
    for view in findings:
        by_row.setdefault(view.row, []).append(view)
    spans = spans_by_segment(result.findings)
    pivot_side = result.pivot.side
    rows: list[Row] = []
    pairs: dict[str, list[list[int]]] = {}
    for key in order:
        number, placeholder = key
        link = result.links[number]
        anchor = anchors[key]
        source = _cell(result, "source", () if placeholder else link.source, spans, findings, pivot_side)
        target = _cell(result, "target", () if placeholder else link.target, spans, findings, pivot_side)
        moved = link.kind == "moved"
        rows.append(
            Row(
                anchor=anchor,
                link=number,
                kind="moved-here" if placeholder else link.kind,
                score=link.score,
                source=source,
                target=target,
                findings=() if placeholder else tuple(by_row.get(anchor, ())),
                moved_to=anchors.get((number, True), "") if moved and not placeholder else "",
                moved_from=anchors[(number, False)] if placeholder else "",
            )
        )
        if not placeholder and link.source and link.target:
            word_pairs = _word_pairs(result, link)
            if word_pairs:
                pairs[anchor] = word_pairs
    return ReportView(
        title=f"{result.source.name} \u2194 {result.target.name}",
        source=DocumentView(
            result.source.name, result.source.lang, len(result.source_segments), len(result.source.text)
        ),
        target=DocumentView(
            result.target.name, result.target.lang, len(result.target_segments), len(result.target.text)
        ),
        translator=result.pivot.translator,
        pivot_side=pivot_side,
        direction=f"{pivot_side} ({_lang_of(result, pivot_side)}) \u2192 {result.pivot.lang}",
        summary=_summary(result),
        rows=tuple(rows),
        findings=findings,
        severities=SEVERITIES,
        shortcuts=SHORTCUTS,
        warnings=result.warnings,
        signature=result.settings.signature(),
        result_version=result.settings.get("version", "unknown"),
        tool_version=__version__,
        client_data={"pairs": pairs},
    )


def _lang_of(result: AuditResult, side: Side) -> str:
    return result.source.lang if side == "source" else result.target.lang


def _row_order(links: Sequence[Link]) -> list[tuple[int, bool]]:
    """Rows in the original's reading order; added sentences and moved placeholders where the translation has them.

    A row key is ``(link number, is_placeholder)``. Links with source segments sort by their first source
    segment; target-only rows sort right after the anchored row that precedes them in the translation.
    """
    anchored = [(n, link) for n, link in enumerate(links) if link.source]
    # target segment -> source position of the in-order link holding it
    target_anchor = {j: min(link.source) for _, link in anchored if link.kind != "moved" for j in link.target}

    def after(target_index: int) -> int:
        earlier = [pos for j, pos in target_anchor.items() if j < target_index]
        return max(earlier) if earlier else -1

    keys: list[tuple[tuple[int, int, int], tuple[int, bool]]] = [
        ((min(link.source), 0, n), (n, False)) for n, link in anchored
    ]
    for n, link in enumerate(links):
        if link.target and (not link.source or link.kind == "moved"):
            first = min(link.target)
            keys.append(((after(first), 1, first), (n, bool(link.source))))
    return [key for _, key in sorted(keys)]


def _finding_view(number: int, finding: Finding, anchor: str) -> FindingView:
    css = css_type(finding.type, finding.subtype)
    icon = TYPE_ICONS.get(css, OTHER_ICON)
    return FindingView(
        number=number,
        type=finding.type,
        css=css,
        icon=icon,
        label=finding.type,
        subtype=finding.subtype,
        severity=finding.severity,
        message=finding.message,
        row=anchor,
    )


def _cell(
    result: AuditResult,
    side: Side,
    indices: tuple[int, ...],
    spans: SpanIndex,
    findings: tuple[FindingView, ...],
    pivot_side: Side,
) -> Cell:
    """A side of a row; every finding span on its segments is marked, whichever link the finding belongs to."""
    segments = result.source_segments if side == "source" else result.target_segments
    views = []
    for index in indices:
        seg = segments[index]
        marks = [
            (span.start - seg.start, span.end - seg.start, number) for number, span in spans.get((side, index), [])
        ]
        views.append(
            SegmentView(
                index,
                seg.kind,
                tuple(_piece(seg.text[s:e], ids, findings) for s, e, ids in pieces(len(seg.text), marks)),
            )
        )
    pivot = ""
    if side == pivot_side:
        pivot = " ".join(result.pivot.segments[i].text for i in indices if i < len(result.pivot.segments))
    return Cell(tuple(views), pivot)


def _piece(text: str, numbers: tuple[int, ...], findings: tuple[FindingView, ...]) -> Piece:
    if not numbers:
        return Piece(text)
    first = findings[numbers[0]]
    message = " / ".join(findings[n].message for n in numbers)
    return Piece(text, numbers, first.css, first.severity, message)


def _summary(result: AuditResult) -> Summary:
    counts: Counter[tuple[str, str]] = Counter((css_type(f.type, f.subtype), f.severity) for f in result.findings)
    present = [css for css in (*TYPE_ICONS, "other") if any(key[0] == css for key in counts)]
    types = tuple(
        TypeCount(
            css,
            TYPE_ICONS.get(css, OTHER_ICON),
            css,
            tuple(counts[(css, sev)] for sev in SEVERITIES),
            sum(counts[(css, sev)] for sev in SEVERITIES),
        )
        for css in present
    )
    covered_source = covered_target = 0
    weighted = 0.0
    for link in result.links:
        src = sum(len(result.source_segments[i].text) for i in link.source)
        tgt = sum(len(result.target_segments[j].text) for j in link.target)
        if link.source and link.target:
            covered_source += src
            covered_target += tgt
            weighted += link.score * (src + tgt)
    total_source = sum(len(s.text) for s in result.source_segments)
    total_target = sum(len(s.text) for s in result.target_segments)
    kinds = Counter(link.kind for link in result.links)
    return Summary(
        types=types,
        severity_totals=tuple(sum(1 for f in result.findings if f.severity == sev) for sev in SEVERITIES),
        findings=len(result.findings),
        source_coverage=covered_source / total_source if total_source else 0.0,
        target_coverage=covered_target / total_target if total_target else 0.0,
        agreement=weighted / (total_source + total_target) if total_source + total_target else 0.0,
        link_counts=tuple(sorted(kinds.items())),
    )


def _word_pairs(result: AuditResult, link: Link) -> list[list[int]]:
    """Counterpart words of one link as ``[source_start, source_end, target_start, target_end]``.

    Offsets are UTF-16 positions in the concatenated segment texts of each side (what the script walks).
    With pivot provenance, a stretch of the translated side pairs with the other side's words that share a stem
    with the pivot words it produced; without it, only words and numbers written the same on both sides pair.
    """
    pivot_side: Side = result.pivot.side
    other_side: Side = "target" if pivot_side == "source" else "source"
    other_stems: dict[str, list[tuple[int, int]]] = {}
    other_forms: dict[str, list[tuple[int, int]]] = {}
    for _, offset, text in _cell_texts(result, other_side, link.source if other_side == "source" else link.target):
        to16 = _utf16_offsets(text)
        for word_stem, form, start, end in _words(text, _lang_of(result, other_side)):
            place = (to16(start) + offset, to16(end) + offset)
            other_stems.setdefault(word_stem, []).append(place)
            other_forms.setdefault(form, []).append(place)
    found: set[tuple[int, int, int, int]] = set()
    for seg_index, offset, text in _cell_texts(
        result, pivot_side, link.source if pivot_side == "source" else link.target
    ):
        to16 = _utf16_offsets(text)
        pivot = result.pivot.segments[seg_index] if seg_index < len(result.pivot.segments) else None
        matches: list[tuple[list[tuple[int, int]], int, int]] = []  # (counterparts, start, end) in this text
        if pivot and pivot.provenance:
            copied: list[tuple[str, str, int, int]] | None = None
            for src_start, src_end, pv_start, pv_end in pivot.provenance:
                stretch = pivot.text[pv_start:pv_end]
                if stretch == text[src_start:src_end]:  # copied through (names, numbers, identity pivot): by word
                    copied = copied if copied is not None else _words(text, result.pivot.lang)
                    matches += [
                        (other_stems.get(key, []), start, end)
                        for key, _, start, end in copied
                        if src_start <= start and end <= src_end
                    ]
                else:
                    keys = {key for key, _, _, _ in _words(stretch, result.pivot.lang)}
                    matches += [(other_stems.get(key, []), src_start, src_end) for key in keys]
        else:
            words = _words(text, _lang_of(result, pivot_side))
            matches = [(other_forms.get(form, []), start, end) for _, form, start, end in words]
        for counterparts, start, end in matches:
            mine = (to16(start) + offset, to16(end) + offset)
            found.update((*mine, *other) if pivot_side == "source" else (*other, *mine) for other in counterparts)
    return [list(p) for p in sorted(found)]


def _cell_texts(result: AuditResult, side: Side, indices: tuple[int, ...]) -> list[tuple[int, int, str]]:
    """``(segment index, UTF-16 offset of the segment in the cell, text)`` for each segment of a cell."""
    segments: tuple[Segment, ...] = result.source_segments if side == "source" else result.target_segments
    out, offset = [], 0
    for index in indices:
        out.append((index, offset, segments[index].text))
        offset += utf16_length(segments[index].text)
    return out


def _words(text: str, lang: str) -> list[tuple[str, str, int, int]]:
    """Content words and numbers as ``(stem, folded form, start, end)``; a number's keys are its digits."""
    out = []
    for token in tokenize(text):
        if token.is_number:
            digits = re.sub(r"\D", "", token.text)
            out.append((digits, digits, token.start, token.end))
        elif token.is_word and len(token.text) > 1 and not is_function_word(token.text, lang):
            out.append((stem(token.text, lang), fold(token.text), token.start, token.end))
    return out


def _utf16_offsets(text: str) -> Callable[[int], int]:
    """Maps a character index of ``text`` to its UTF-16 index (characters beyond U+FFFF count twice)."""
    astral = [match.start() for match in _ASTRAL.finditer(text)]
    return (lambda index: index + bisect_left(astral, index)) if astral else (lambda index: index)

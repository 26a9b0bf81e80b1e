"""Step one of the report: turn an :class:`~aligner.model.AuditResult` into plain view-model records.

The templates only loop over these records; they never look at the result itself. Everything here is
deterministic (no clock, no dict-order surprises), so equal results give byte-identical reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from aligner import __version__
from aligner.model import REVIEW_STATES, SEVERITIES, AuditResult, Finding, Side, Span
from aligner.report.kinds import OTHER, OTHER_ICON, TYPE_ICONS, css_type, label
from aligner.report.pairs import lang_of, word_pairs
from aligner.report.rows import RowPlan, reader_messages
from aligner.reviews import STATE_LABELS, finding_keys, finding_texts, result_id, review_states, review_summary

#: Keyboard shortcuts for the help dialog: (key, what it does). The controls carry them as ``data-shortcut``.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("j", "next finding"),
    ("k", "previous finding"),
    ("p", "show or hide the pivot translation"),
    ("f", "only rows with findings"),
    ("?", "this help"),
)

#: The key that puts the selected finding in each review state, in REVIEW_STATES order.
REVIEW_KEYS = ("o", "c", "x", "d")
REVIEW_SHORTCUTS = tuple(
    (key, f"selected finding: {STATE_LABELS[state]}") for key, state in zip(REVIEW_KEYS, REVIEW_STATES, strict=True)
)


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
    key: str  # ties the finding to review decisions (aligner.reviews)
    css: str
    icon: str
    label: str  # type/subtype as the reader sees it
    severity: str
    message: str  # in the reader's terms: row numbers, not indices
    row: str
    review: str  # open, confirmed, false-alarm, fixed
    comment: str


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side table.

    A moved link appears, with both texts, where it belongs in the original; ``moved_to`` points at a placeholder
    row where the translation put it, which has ``moved_from`` set, no text (each text appears once) and no findings.
    The score shows only on a row with findings: elsewhere a low similarity is no cause for alarm.
    """

    anchor: str
    number: int
    link: int
    kind: str
    score: float
    source: Cell
    target: Cell
    findings: tuple[FindingView, ...]
    moved_to: str = ""
    moved_from: str = ""

    @property
    def shows_score(self) -> bool:
        return bool(self.findings) and not self.source.empty and not self.target.empty


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
    reviews: str  # "12 findings: 5 open, 4 confirmed, 3 false alarms"


@dataclass(frozen=True)
class DocumentView:
    name: str
    lang: str
    segments: int


@dataclass(frozen=True)
class ReportView:
    title: str
    source: DocumentView
    target: DocumentView
    translator: str
    direction: str
    audited: str  # ISO 8601, for <time datetime>
    audited_text: str  # for people
    summary: Summary
    rows: tuple[Row, ...]
    findings: tuple[FindingView, ...]  # all, in result order: ``findings[n]`` is finding number ``n``
    severities: tuple[str, ...]
    review_states: tuple[tuple[str, str], ...]  # (value, label)
    review_keys: tuple[tuple[str, str, str], ...]  # (shortcut, value, label) for the selected finding
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


def build_view(result: AuditResult) -> ReportView:
    """The whole report as view-model records."""
    plan = RowPlan.of(result.links)
    anchors = {key: f"r{n}" for n, key in enumerate(plan.order)}
    link_rows = {number: anchor for (number, placeholder), anchor in anchors.items() if not placeholder}
    findings = _finding_views(result, plan, link_rows)
    by_row: dict[str, list[FindingView]] = {}
    for view in findings:
        by_row.setdefault(view.row, []).append(view)
    spans = spans_by_segment(result.findings)
    pivot_side = result.pivot.side
    rows: list[Row] = []
    pairs: dict[str, list[list[int]]] = {}
    for key in plan.order:
        number, placeholder = key
        link = result.links[number]
        anchor = anchors[key]
        source = _cell(result, "source", () if placeholder else link.source, spans, findings, pivot_side)
        target = _cell(result, "target", () if placeholder else link.target, spans, findings, pivot_side)
        moved = link.kind == "moved"
        rows.append(
            Row(
                anchor=anchor,
                number=plan.numbers[key],
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
            found = word_pairs(result, link)
            if found:
                pairs[anchor] = found
    return ReportView(
        title=f"{result.source.name} \u2194 {result.target.name}",
        source=DocumentView(result.source.name, result.source.lang, len(result.source_segments)),
        target=DocumentView(result.target.name, result.target.lang, len(result.target_segments)),
        translator=result.pivot.translator,
        direction=f"{pivot_side} ({lang_of(result, pivot_side)}) \u2192 {result.pivot.lang}",
        audited=result.audited,
        audited_text=audit_date_text(result.audited),
        summary=_summary(result, findings),
        rows=tuple(rows),
        findings=findings,
        severities=SEVERITIES,
        review_states=tuple((state, STATE_LABELS[state]) for state in REVIEW_STATES),
        review_keys=tuple(
            (key, state, STATE_LABELS[state]) for key, state in zip(REVIEW_KEYS, REVIEW_STATES, strict=True)
        ),
        shortcuts=SHORTCUTS + REVIEW_SHORTCUTS,
        warnings=result.warnings,
        signature=result.settings.signature(),
        result_version=result.settings.get("version", "unknown"),
        tool_version=__version__,
        client_data={"pairs": pairs, "result": result_id(result), "findings": _export_records(result, findings)},
    )


def audit_date_text(audited: str) -> str:
    """``2026-12-01 16:30 UTC+01:00`` from the result's ISO timestamp; the text itself if it is not one."""
    try:
        moment = datetime.fromisoformat(audited)
    except ValueError:
        return audited or "not recorded"
    offset = moment.strftime("%z")
    zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment:%Y-%m-%d %H:%M} {zone}"


def _finding_views(result: AuditResult, plan: RowPlan, link_rows: dict[int, str]) -> tuple[FindingView, ...]:
    messages = reader_messages(result, plan)
    keys = finding_keys(result)
    states = review_states(result)
    views = []
    for number, finding in enumerate(result.findings):
        css = css_type(finding.type, finding.subtype)
        state, comment = states[number]
        views.append(
            FindingView(
                number=number,
                key=keys[number],
                css=css,
                icon=TYPE_ICONS.get(css, OTHER_ICON),
                label=label(finding),
                severity=finding.severity,
                message=messages[number],
                row=link_rows.get(finding.link, ""),
                review=state,
                comment=comment,
            )
        )
    return tuple(views)


def _export_records(result: AuditResult, findings: tuple[FindingView, ...]) -> list[dict[str, object]]:
    """What the page's review export writes for each finding besides its state: enough to read it on its own."""
    records: list[dict[str, object]] = []
    for view, finding in zip(findings, result.findings, strict=True):
        source, target = finding_texts(result, finding)
        records.append(
            {
                "key": view.key,
                "row": int(view.row[1:]) + 1 if view.row else 0,
                "type": view.label,
                "severity": view.severity,
                "message": view.message,
                "source": source,
                "target": target,
            }
        )
    return records


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


def _summary(result: AuditResult, findings: tuple[FindingView, ...]) -> Summary:
    counts: Counter[tuple[str, str]] = Counter((f.css, f.severity) for f in findings)
    present = [css for css in (*TYPE_ICONS, OTHER) if any(key[0] == css for key in counts)]
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
        reviews=review_summary([f.review for f in findings]),
    )

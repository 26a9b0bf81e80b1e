"""XLIFF 2.0 export with findings as ITS 2.0 localization-quality annotations.

One ``<unit>`` per link, in link order; its ``<source>`` and ``<target>`` hold the link's segments joined by a
space (an omitted sentence has no target, an added one an empty source). The words behind each finding are
wrapped in ``<mrk type="generic">`` carrying ``its:locQualityIssueType``, ``its:locQualityIssueSeverity``
(minor 30, major 60, critical 90) and the message as ``its:locQualityIssueComment``. Where findings overlap,
their markers nest.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from aligner.export.tmx import joined, xml_text
from aligner.model import AuditResult, Finding, Segment, Side
from aligner.report.data import SpanIndex, pieces, spans_by_segment

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
ITS_NS = "http://www.w3.org/2005/11/its"
#: ITS 2.0 issue types we emit as they are; any other type is written as ``other``.
ITS_TYPES = frozenset({"omission", "addition", "mistranslation", "untranslated", "length", "terminology", "numbers"})
ITS_SEVERITY = {"minor": "30", "major": "60", "critical": "90"}


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def _its(attribute: str) -> str:
    return f"{{{ITS_NS}}}{attribute}"


def _side_marks(
    segments: tuple[Segment, ...], indices: tuple[int, ...], side: Side, spans: SpanIndex
) -> list[tuple[int, int, int]]:
    """Finding spans of one side as ``(start, end, finding number)`` in the joined text of the link's segments."""
    marks, offset = [], 0
    for index in indices:
        seg = segments[index]
        for number, span in spans.get((side, index), []):
            marks.append((span.start - seg.start + offset, span.end - seg.start + offset, number))
        offset += len(seg.text) + 1
    return marks


def _fill(
    element: ET.Element, text: str, marks: list[tuple[int, int, int]], findings: dict[int, Finding], side: Side
) -> None:
    """Write ``text`` into ``element``, wrapping each marked stretch in one nested ``<mrk>`` per finding."""
    last: ET.Element | None = None
    for start, end, numbers in pieces(len(text), marks):
        chunk = xml_text(text[start:end])
        if not numbers:
            if last is None:
                element.text = (element.text or "") + chunk
            else:
                last.tail = (last.tail or "") + chunk
            continue
        holder = element
        for number in numbers:
            finding = findings[number]
            mark = ET.SubElement(
                holder,
                _x("mrk"),
                {
                    "id": f"m{number}{side[0]}{start}",
                    "type": "generic",
                    _its("locQualityIssueType"): finding.type if finding.type in ITS_TYPES else "other",
                    _its("locQualityIssueSeverity"): ITS_SEVERITY.get(finding.severity, "50"),
                    _its("locQualityIssueComment"): xml_text(finding.message),
                },
            )
            if holder is element:
                last = mark
            holder = mark
        holder.text = chunk


def dumps(result: AuditResult) -> str:
    ET.register_namespace("", XLIFF_NS)
    ET.register_namespace("its", ITS_NS)
    root = ET.Element(
        _x("xliff"),
        {"version": "2.0", "srcLang": result.source.lang, "trgLang": result.target.lang, _its("version"): "2.0"},
    )
    file = ET.SubElement(root, _x("file"), id="f1", original=xml_text(result.source.name))
    spans = spans_by_segment(result.findings)
    all_findings = dict(enumerate(result.findings))
    for number, link in enumerate(result.links):
        unit = ET.SubElement(file, _x("unit"), id=f"u{number + 1}")
        segment = ET.SubElement(unit, _x("segment"), id=f"s{number + 1}")
        sides: tuple[tuple[Side, tuple[Segment, ...], tuple[int, ...]], ...] = (
            ("source", result.source_segments, link.source),
            ("target", result.target_segments, link.target),
        )
        for side, segments, indices in sides:
            if side == "source" or indices:  # XLIFF needs a source; an omitted sentence has no target
                _fill(
                    ET.SubElement(segment, _x(side)),
                    joined(segments, indices),
                    _side_marks(segments, indices, side, spans),
                    all_findings,
                    side,
                )
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

"""The diagnose stage: read the links and the pivot and say what a reviewer should look at."""

from __future__ import annotations

from dataclasses import dataclass

from aligner.model import Finding, Link, PivotText, Segment, Span


@dataclass(frozen=True)
class DiagnoseOptions:
    sensitivity: float = 0.5


def diagnose(
    source: tuple[Segment, ...],
    target: tuple[Segment, ...],
    pivot: PivotText,
    links: tuple[Link, ...],
    options: DiagnoseOptions,
) -> tuple[Finding, ...]:
    """Whole-segment omissions and additions from 1-0 and 0-1 links."""
    findings: list[Finding] = []
    for index, link in enumerate(links):
        if link.kind == "omitted":
            seg = source[link.source[0]]
            findings.append(
                Finding(
                    "omission",
                    "major",
                    index,
                    (Span("source", seg.index, seg.start, seg.end),),
                    "sentence missing from the translation",
                )
            )
        elif link.kind == "added":
            seg = target[link.target[0]]
            findings.append(
                Finding(
                    "addition",
                    "major",
                    index,
                    (Span("target", seg.index, seg.start, seg.end),),
                    "sentence not in the original",
                )
            )
    return tuple(findings)

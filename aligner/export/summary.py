"""The plain-text summary ``aligner compare`` prints when no output file is asked for."""

from __future__ import annotations

from collections import Counter

from aligner.model import AuditResult


def summary_text(result: AuditResult) -> str:
    links = Counter(link.kind for link in result.links)
    lines = [
        f"{result.source.name} ({result.source.lang}, {len(result.source_segments)} segments) vs "
        f"{result.target.name} ({result.target.lang}, {len(result.target_segments)} segments)",
        f"pivot: {result.pivot.translator}, {result.pivot.side} side translated into {result.pivot.lang}",
        "links: " + ", ".join(f"{n} {kind}" for kind, n in sorted(links.items())),
        f"findings: {len(result.findings)}",
    ]
    for finding in result.findings:
        where = "; ".join(f"{s.side} #{s.segment + 1} [{s.start}:{s.end}]" for s in finding.spans)
        lines.append(
            f"  {finding.severity:8} {finding.type}{'/' + finding.subtype if finding.subtype else ''}: "
            f"{finding.message} ({where})"
        )
    lines.append(f"settings: {result.settings.signature()}")
    return "\n".join(lines) + "\n"

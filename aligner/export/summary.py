"""The plain-text summary ``aligner compare`` prints when no output file is asked for: findings by report row."""

from __future__ import annotations

from collections import Counter

from aligner.model import AuditResult
from aligner.report.kinds import label
from aligner.report.rows import RowPlan, reader_messages
from aligner.reviews import STATE_LABELS, review_states


def summary_text(result: AuditResult) -> str:
    links = Counter(link.kind for link in result.links)
    lines = [
        f"{result.source.name} ({result.source.lang}, {len(result.source_segments)} segments) vs "
        f"{result.target.name} ({result.target.lang}, {len(result.target_segments)} segments)",
        f"pivot: {result.pivot.translator}, {result.pivot.side} side translated into {result.pivot.lang}",
        "links: " + ", ".join(f"{n} {kind}" for kind, n in sorted(links.items())),
        f"findings: {len(result.findings)}",
    ]
    plan = RowPlan.of(result.links)
    states = review_states(result)
    for finding, message, (state, _) in zip(result.findings, reader_messages(result, plan), states, strict=True):
        review = "" if state == "open" else f" [{STATE_LABELS[state]}]"
        lines.append(f"  row {plan.link_row(finding.link):<3} {finding.severity:8} {label(finding)}: {message}{review}")
    lines.append(f"settings: {result.settings.signature()}")
    return "\n".join(lines) + "\n"

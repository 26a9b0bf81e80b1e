"""TSV export: the report's rows for spreadsheets and shell pipelines, one line per finding.

Lines follow the report's rows (``row`` is the number the report shows). A row with several findings gives one
line for each, its link columns repeated; a row without findings gives one line with the finding columns empty.
``type`` and ``message`` read as in the report (a move is ``moved``, "Moved: row 4 in the translation").
"""

from __future__ import annotations

from aligner.model import AuditResult
from aligner.report.kinds import label
from aligner.report.rows import RowPlan, reader_messages
from aligner.reviews import review_states

HEADER = (
    "row",
    "source_ids",
    "target_ids",
    "kind",
    "score",
    "confidence",
    "severity",
    "type",
    "message",
    "review",
    "source_text",
    "target_text",
)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def dumps(result: AuditResult) -> str:
    plan = RowPlan.of(result.links)
    messages = reader_messages(result, plan)
    states = review_states(result)
    by_link: dict[int, list[int]] = {}
    for number, finding in enumerate(result.findings):
        by_link.setdefault(finding.link, []).append(number)
    lines = ["\t".join(HEADER)]
    for link_number, placeholder in plan.order:
        if placeholder:
            continue
        link = result.links[link_number]
        shared = (
            str(plan.numbers[(link_number, False)]),
            ",".join(map(str, link.source)),
            ",".join(map(str, link.target)),
            link.kind,
            f"{link.score:.4f}",
            f"{link.confidence:.4f}",
        )
        texts = (
            _cell(" ".join(result.source_segments[i].text for i in link.source)),
            _cell(" ".join(result.target_segments[j].text for j in link.target)),
        )
        for number in by_link.get(link_number, [-1]):
            if number < 0:
                described = ("", "", "", "")
            else:
                finding = result.findings[number]
                described = (finding.severity, label(finding), _cell(messages[number]), states[number][0])
            lines.append("\t".join((*shared, *described, *texts)))
    return "\n".join(lines) + "\n"

"""TSV export: one row per link, for spreadsheets and shell pipelines."""

from __future__ import annotations

from aligner.model import AuditResult

HEADER = ("source_ids", "target_ids", "kind", "score", "confidence", "source_text", "target_text", "findings")


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def dumps(result: AuditResult) -> str:
    by_link: dict[int, list[str]] = {}
    for finding in result.findings:
        by_link.setdefault(finding.link, []).append(finding.type + (f"/{finding.subtype}" if finding.subtype else ""))
    rows = ["\t".join(HEADER)]
    for number, link in enumerate(result.links):
        rows.append(
            "\t".join(
                (
                    ",".join(map(str, link.source)),
                    ",".join(map(str, link.target)),
                    link.kind,
                    f"{link.score:.4f}",
                    f"{link.confidence:.4f}",
                    _cell(" ".join(result.source_segments[i].text for i in link.source)),
                    _cell(" ".join(result.target_segments[j].text for j in link.target)),
                    ",".join(by_link.get(number, [])),
                )
            )
        )
    return "\n".join(rows) + "\n"

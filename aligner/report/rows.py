"""The report's rows and the reader-facing finding messages that point at them.

A reader sees numbered rows, not segment or link indices, so a message that points elsewhere in the story is
composed here, where the row numbers are known, from the finding's spans. The HTML report, the TSV export and
the plain-text summary all use :func:`reader_messages`, so the three read the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aligner.model import AuditResult, Finding, Link
from aligner.report.kinds import css_type

#: A row: ``(link number, is_placeholder)``; a placeholder marks where the translation put a moved sentence.
RowKey = tuple[int, bool]


def row_order(links: Sequence[Link]) -> list[RowKey]:
    """Rows in the original's reading order; added sentences and moved placeholders where the translation has them.

    Links with source segments sort by their first source segment; target-only rows sort right after the
    anchored row that precedes them in the translation.
    """
    anchored = [(n, link) for n, link in enumerate(links) if link.source]
    # target segment -> source position of the in-order link holding it
    target_anchor = {j: min(link.source) for _, link in anchored if link.kind != "moved" for j in link.target}

    def after(target_index: int) -> int:
        earlier = [pos for j, pos in target_anchor.items() if j < target_index]
        return max(earlier) if earlier else -1

    keys: list[tuple[tuple[int, int, int], RowKey]] = [((min(link.source), 0, n), (n, False)) for n, link in anchored]
    for n, link in enumerate(links):
        if link.target and (not link.source or link.kind == "moved"):
            first = min(link.target)
            keys.append(((after(first), 1, first), (n, bool(link.source))))
    return [key for _, key in sorted(keys)]


@dataclass(frozen=True)
class RowPlan:
    """Where each link and each translated sentence is shown, as 1-based row numbers."""

    order: tuple[RowKey, ...]
    numbers: dict[RowKey, int]
    #: target segment -> the row where the translation has it (a moved sentence's placeholder row)
    target_rows: dict[int, int]

    @classmethod
    def of(cls, links: Sequence[Link]) -> RowPlan:
        order = tuple(row_order(links))
        numbers = {key: n for n, key in enumerate(order, start=1)}
        target_rows = {}
        for (link, placeholder), number in numbers.items():
            if placeholder or not (links[link].kind == "moved" and (link, True) in numbers):
                target_rows.update({j: number for j in links[link].target})
        return cls(order, numbers, target_rows)

    def link_row(self, link: int) -> int:
        """The row showing link ``link`` (0 for a link that does not exist)."""
        return self.numbers.get((link, False), 0)


def reader_message(finding: Finding, plan: RowPlan) -> str:
    """The finding's message in the report's terms: a move says which row of the translation holds the sentence."""
    if css_type(finding.type, finding.subtype) != "moved":
        return finding.message
    targets = [span.segment for span in finding.spans if span.side == "target"]
    there = plan.target_rows.get(targets[0], 0) if targets else 0
    if not there:
        return finding.message
    if there == plan.link_row(finding.link):
        return "Moved within this row: the translation has the sentences in another order"
    return f"Moved: row {there} in the translation"


def reader_messages(result: AuditResult, plan: RowPlan | None = None) -> tuple[str, ...]:
    """:func:`reader_message` for every finding of ``result``, in result order."""
    plan = plan or RowPlan.of(result.links)
    return tuple(reader_message(f, plan) for f in result.findings)

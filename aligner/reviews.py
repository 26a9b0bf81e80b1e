"""Review decisions: what a reviewer decided about each finding, carried from one audit of a story to the next.

A decision is tied to its finding by the finding's *key*: a hash of its type, subtype and the text it covers on
each side, never its index, so that after the translation is corrected and audited again, every finding that is
still there finds its decision, wherever it now stands. Two findings with the same texts take their keys' ``.2``,
``.3`` ... in reading order.

The report page exports decisions as a JSON file of this shape, which ``--reviews FILE`` reads back::

    {"tool": "aligner", "reviews": 1, "result": "<result id>",
     "decisions": [{"key": "...", "state": "false-alarm", "comment": "house style", ...}, ...]}

Entries may carry more fields (type, message, the texts, the row) for people reading the file; only ``key``,
``state`` and ``comment`` are read.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from aligner.errors import FormatError
from aligner.inputs import read_utf8_file
from aligner.model import REVIEW_STATES, AuditResult, Finding, Review, ReviewState

REVIEWS_FORMAT = 1
#: How the page and the summary name each state.
STATE_LABELS: dict[ReviewState, str] = {
    "open": "open",
    "confirmed": "confirmed",
    "false-alarm": "false alarm",
    "fixed": "fixed",
}


@dataclass(frozen=True)
class Decision:
    """One entry of a reviews file."""

    key: str
    state: ReviewState
    comment: str = ""


def _texts(result: AuditResult, finding: Finding, side: str) -> list[str]:
    doc = result.source if side == "source" else result.target
    return [doc.text[s.start : s.end] for s in finding.spans if s.side == side]


def finding_texts(result: AuditResult, finding: Finding) -> tuple[list[str], list[str]]:
    """The text each span of the finding covers, source side then target side."""
    return _texts(result, finding, "source"), _texts(result, finding, "target")


def finding_keys(result: AuditResult) -> tuple[str, ...]:
    """The key of every finding, in result order (see the module docstring)."""
    seen: Counter[str] = Counter()
    keys = []
    for finding in result.findings:
        identity = json.dumps([finding.type, finding.subtype, *finding_texts(result, finding)], ensure_ascii=False)
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
        seen[digest] += 1
        keys.append(digest if seen[digest] == 1 else f"{digest}.{seen[digest]}")
    return tuple(keys)


def result_id(result: AuditResult) -> str:
    """A short hash of what the result says (both texts, settings, findings): the page keeps its decisions under it."""
    parts = [result.source.text, result.target.text, result.settings.signature(), *finding_keys(result)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def review_states(result: AuditResult) -> tuple[tuple[ReviewState, str], ...]:
    """``(state, comment)`` of every finding, in result order; findings without a decision are open."""
    decided = {r.finding: (r.state, r.comment) for r in result.reviews}
    return tuple(decided.get(n, ("open", "")) for n in range(len(result.findings)))


def false_alarms(result: AuditResult) -> frozenset[int]:
    """Numbers of the findings a reviewer dismissed."""
    return frozenset(r.finding for r in result.reviews if r.state == "false-alarm")


def review_summary(states: Sequence[str]) -> str:
    """``12 findings: 5 open, 4 confirmed, 3 false alarms`` (the page's script writes the same line)."""
    counts = Counter(states)
    total = len(states)
    parts = [
        f"{counts[state]} {STATE_LABELS[state]}{'s' if state == 'false-alarm' and counts[state] != 1 else ''}"
        for state in REVIEW_STATES
        if counts[state]
    ]
    head = f"{total} finding{'' if total == 1 else 's'}"
    return f"{head}: {', '.join(parts)}" if parts else head


def apply_reviews(result: AuditResult, decisions: tuple[Decision, ...]) -> AuditResult:
    """The result with each finding in the state of the decision with its key; others open."""
    by_key = {d.key: d for d in decisions}
    reviews = tuple(
        Review(number, by_key[key].state, by_key[key].comment)
        for number, key in enumerate(finding_keys(result))
        if key in by_key and (by_key[key].state != "open" or by_key[key].comment)
    )
    return replace(result, reviews=reviews)


def read_reviews(path: str | Path) -> tuple[Decision, ...]:
    """The decisions of a reviews file exported by the report page; a malformed file is a :class:`FormatError`."""
    text = read_utf8_file(Path(path), "reviews file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}: not a reviews file ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("tool") != "aligner" or "decisions" not in data:
        raise FormatError(f"{path}: not a reviews file (export one from the report page)")
    if data.get("reviews") != REVIEWS_FORMAT:
        raise FormatError(f"{path}: reviews format {data.get('reviews')!r} is not supported (expected 1)")
    decisions = []
    for number, entry in enumerate(data["decisions"] if isinstance(data["decisions"], list) else [None]):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise FormatError(f"{path}: decision {number + 1} has no key")
        state, comment = entry.get("state"), entry.get("comment", "")
        if state not in REVIEW_STATES or not isinstance(comment, str):
            raise FormatError(
                f"{path}: decision {number + 1} has state {state!r}; expected one of {', '.join(REVIEW_STATES)}"
            )
        decisions.append(Decision(entry["key"], state, comment))
    return tuple(decisions)

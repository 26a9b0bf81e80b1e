"""The CI gate behind ``--fail-on TYPE[/SUBTYPE][:SEVERITY]``: which findings should block a pipeline.

It speaks the report's vocabulary (:mod:`aligner.report.kinds`): a move is ``moved``, as the report shows it.
Anything else is refused before any work is done, with the valid values listed, so a typo cannot pass a build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aligner.errors import ToolError
from aligner.model import SEVERITIES, Finding, Severity
from aligner.report.kinds import SUBTYPES, TYPE_ICONS, css_type

#: The TYPE that matches every finding.
ANY_TYPE = "any"
FAIL_ON_TYPES: tuple[str, ...] = (*TYPE_ICONS, ANY_TYPE)


@dataclass(frozen=True)
class FailRule:
    """Findings of ``type`` (or ``type/subtype``, or :data:`ANY_TYPE`) at ``severity`` or worse."""

    type: str
    severity: Severity = "minor"

    def matches(self, finding: Finding) -> bool:
        if SEVERITIES.index(finding.severity) < SEVERITIES.index(self.severity):
            return False
        kind, _, subtype = self.type.partition("/")
        shown = css_type(finding.type, finding.subtype)
        return kind in (ANY_TYPE, shown) and (not subtype or subtype == finding.subtype)


def parse_fail_on(spec: str) -> FailRule:
    """``TYPE[/SUBTYPE][:SEVERITY]`` as a rule; anything the report does not show is a :class:`ToolError`."""
    kind, _, severity = spec.strip().lower().partition(":")
    name, _, subtype = kind.partition("/")
    levels: dict[str, Severity] = {s: s for s in SEVERITIES}
    level = levels.get(severity or "minor")
    if name not in FAIL_ON_TYPES or (subtype and subtype not in SUBTYPES) or level is None:
        raise ToolError(
            f"--fail-on {spec!r}: expected TYPE[/SUBTYPE][:SEVERITY], TYPE one of {', '.join(FAIL_ON_TYPES)}; "
            f"SUBTYPE one of {', '.join(SUBTYPES)}; SEVERITY one of {', '.join(SEVERITIES)}"
        )
    return FailRule(kind, level)


def failing_findings(
    findings: Iterable[Finding], rules: Iterable[FailRule], dismissed: frozenset[int] = frozenset()
) -> tuple[Finding, ...]:
    """The findings at least one rule matches, in their order, except the ``dismissed`` ones (false alarms)."""
    rules = tuple(rules)
    return tuple(f for n, f in enumerate(findings) if n not in dismissed and any(rule.matches(f) for rule in rules))

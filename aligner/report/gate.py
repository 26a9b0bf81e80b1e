"""The CI gate behind ``--fail-on TYPE[:SEVERITY]``: which findings should block a pipeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aligner.errors import ToolError
from aligner.model import SEVERITIES, Finding, Severity

#: The TYPE that matches every finding.
ANY_TYPE = "any"


@dataclass(frozen=True)
class FailRule:
    """Findings of ``type`` (or ``type/subtype``, or :data:`ANY_TYPE`) at ``severity`` or worse."""

    type: str
    severity: Severity = "minor"

    def matches(self, finding: Finding) -> bool:
        if SEVERITIES.index(finding.severity) < SEVERITIES.index(self.severity):
            return False
        kind, _, subtype = self.type.partition("/")
        return kind in (ANY_TYPE, finding.type) and (not subtype or subtype == finding.subtype)


def parse_fail_on(spec: str) -> FailRule:
    """``TYPE[:SEVERITY]`` as a rule; a malformed one is a :class:`ToolError`."""
    kind, _, severity = spec.strip().partition(":")
    if not kind:
        raise ToolError(f"--fail-on {spec!r}: give a finding type (or {ANY_TYPE}), e.g. omission:major")
    levels: dict[str, Severity] = {s: s for s in SEVERITIES}
    level = levels.get(severity.lower() or "minor")
    if level is None:
        raise ToolError(f"--fail-on {spec!r}: severity must be one of {', '.join(SEVERITIES)}")
    return FailRule(kind.lower(), level)


def failing_findings(findings: Iterable[Finding], rules: Iterable[FailRule]) -> tuple[Finding, ...]:
    """The findings at least one rule matches, in their order."""
    rules = tuple(rules)
    return tuple(f for f in findings if any(rule.matches(f) for rule in rules))

"""The combined outputs of a batch: ``summary.json``, ``summary.tsv`` and the ``index.html`` page.

All three are views of the pairs' outcomes, written atomically by the main process. They hold no timestamps,
so the same batch gives the same bytes whether it ran serially, on a pool or on a Dask cluster.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from aligner import __version__
from aligner.batch.worker import BatchSettings, PairOutcome
from aligner.export.writers import write_atomic
from aligner.model import SEVERITIES
from aligner.report.render import csp_hash, template_text

SUMMARY_FORMAT = 1
INDEX_TEMPLATE = "index.html.j2"


def finding_types(outcomes: Sequence[PairOutcome]) -> list[str]:
    """Every finding type any pair has, sorted: the per-type columns."""
    return sorted({name for o in outcomes for name, _ in o.findings_by_type})


def summary_dict(outcomes: Sequence[PairOutcome], settings: BatchSettings) -> dict[str, Any]:
    totals_by_type: Counter[str] = Counter()
    totals_by_severity: Counter[str] = Counter()
    for outcome in outcomes:
        totals_by_type.update(dict(outcome.findings_by_type))
        totals_by_severity.update(dict(outcome.findings_by_severity))
    return {
        "format": SUMMARY_FORMAT,
        "tool": "aligner",
        "version": __version__,
        "signature": settings.signature(),
        "totals": {
            "pairs": len(outcomes),
            "ok": sum(o.status == "ok" for o in outcomes),
            "errors": sum(o.status == "error" for o in outcomes),
            "with_warnings": sum(bool(o.warnings) for o in outcomes),
            "segments": sum(o.segments for o in outcomes),
            "findings": sum(totals_by_type.values()),
            "findings_by_type": dict(sorted(totals_by_type.items())),
            "findings_by_severity": {s: totals_by_severity[s] for s in SEVERITIES},
        },
        "pairs": [o.to_dict() for o in outcomes],
    }


def summary_tsv(outcomes: Sequence[PairOutcome]) -> str:
    """One row per pair; counts by severity and by type, then report paths and the error, if any."""
    types = finding_types(outcomes)
    header = [
        "id",
        "status",
        "source",
        "target",
        "source_segments",
        "target_segments",
        "findings",
        *SEVERITIES,
        *types,
        "json",
        "html",
        "warnings",
        "error",
    ]
    rows = ["\t".join(header)]
    for o in outcomes:
        by_type, by_severity, reports = dict(o.findings_by_type), dict(o.findings_by_severity), dict(o.reports)
        cells = [
            o.id,
            o.status,
            o.source,
            o.target,
            str(o.source_segments),
            str(o.target_segments),
            str(sum(by_type.values())),
            *(str(by_severity.get(s, 0)) for s in SEVERITIES),
            *(str(by_type.get(t, 0)) for t in types),
            reports.get("json", ""),
            reports.get("html", ""),
            " | ".join(o.warnings),
            o.error,
        ]
        rows.append("\t".join(_tsv_cell(cell) for cell in cells))
    return "\n".join(rows) + "\n"


def _tsv_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _template_environment() -> jinja2.Environment:
    """The report's template source (package data or the checkout's ``templates/``) and its CSP hashing."""
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(template_text), autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.filters["csp_hash"] = csp_hash
    return environment


def index_html(outcomes: Sequence[PairOutcome], settings: BatchSettings) -> str:
    """The batch index: one sortable row per pair, linking to its HTML report (or JSON when there is none)."""
    summary = summary_dict(outcomes, settings)
    rows = []
    for o in outcomes:
        reports = dict(o.reports)
        rows.append(
            {
                "id": o.id,
                "status": o.status,
                "source": o.source,
                "target": o.target,
                "source_name": Path(o.source).name,
                "target_name": Path(o.target).name,
                "segments": o.segments,
                "findings": sum(n for _, n in o.findings_by_type),
                "by_severity": dict(o.findings_by_severity),
                "by_type": dict(o.findings_by_type),
                "link": reports.get("html") or reports.get("json", ""),
                "error": o.error,
                "warnings": o.warnings,
            }
        )
    template = _template_environment().get_template(INDEX_TEMPLATE)
    return template.render(
        rows=rows,
        totals=summary["totals"],
        severities=list(SEVERITIES),
        types=finding_types(outcomes),
        signature=summary["signature"],
        version=__version__,
    )


def write_summary(outcomes: Sequence[PairOutcome], settings: BatchSettings) -> list[Path]:
    """Write ``summary.json``, ``summary.tsv`` and ``index.html`` into the output folder."""
    folder = settings.output_dir
    outputs = {
        folder / "summary.json": json.dumps(summary_dict(outcomes, settings), ensure_ascii=False, indent=1) + "\n",
        folder / "summary.tsv": summary_tsv(outcomes),
        folder / "index.html": index_html(outcomes, settings),
    }
    for path, text in outputs.items():
        write_atomic(path, text)
    return list(outputs)

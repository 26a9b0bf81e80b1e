"""Auditing one pair of a batch, in whichever process runs it: the main one, a pool worker or a Dask worker.

A worker builds its pivot translator once and keeps it for every pair it is given, so a neural model loads once
per process. A pair that fails for any reason other than a broken translator becomes an error record; it never
stops the batch.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from aligner import __version__
from aligner.batch.jobs import PairJob
from aligner.errors import ToolError
from aligner.export import FORMATS
from aligner.inputs import DEFAULT_MAX_BYTES, read_document
from aligner.model import Document
from aligner.pipeline import CompareOptions, compare, make_translator
from aligner.report.kinds import css_type
from aligner.translate import PivotOptions
from aligner.translate.base import Translator

#: Folder, inside the batch output folder, that holds one report per pair.
REPORTS_DIR = "reports"

Status = Literal["ok", "error"]


@dataclass(frozen=True)
class BatchSettings:
    """What every pair of a batch shares; it travels to each worker, so it holds only picklable values."""

    output_dir: Path
    src_lang: str = "en"
    tgt_lang: str = "fr"
    options: CompareOptions = field(default_factory=CompareOptions)
    formats: tuple[str, ...] = ("json",)
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    html_all: bool = False  # every visible text of an HTML page, not only its article

    def signature(self) -> str:
        """Every setting that changes a pair's reports: a pair is redone when this changes."""
        return "|".join(
            (
                f"src_lang:{self.src_lang}",
                f"tgt_lang:{self.tgt_lang}",
                f"encoding:{self.encoding or 'auto'}",
                f"max_bytes:{self.max_bytes}",
                f"html_all:{self.html_all}",
                f"formats:{','.join(self.formats)}",
                f"options:{self.options!r}",
                f"version:{__version__}",
            )
        )


@dataclass(frozen=True)
class PairOutcome:
    """What became of one pair; ``key`` identifies its inputs and settings, for resuming."""

    id: str
    source: str
    target: str
    key: str
    status: Status
    error: str = ""
    source_segments: int = 0
    target_segments: int = 0
    findings_by_type: tuple[tuple[str, int], ...] = ()
    findings_by_severity: tuple[tuple[str, int], ...] = ()
    reports: tuple[tuple[str, str], ...] = ()  # (format, path relative to the output folder)
    warnings: tuple[str, ...] = ()  # what reading the inputs had to change

    @property
    def segments(self) -> int:
        return self.source_segments + self.target_segments

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "key": self.key,
            "status": self.status,
            "error": self.error,
            "source_segments": self.source_segments,
            "target_segments": self.target_segments,
            "findings_by_type": dict(self.findings_by_type),
            "findings_by_severity": dict(self.findings_by_severity),
            "reports": dict(self.reports),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PairOutcome:
        return cls(
            id=str(data["id"]),
            source=str(data["source"]),
            target=str(data["target"]),
            key=str(data["key"]),
            status="ok" if data["status"] == "ok" else "error",
            error=str(data.get("error", "")),
            source_segments=int(data.get("source_segments", 0)),
            target_segments=int(data.get("target_segments", 0)),
            findings_by_type=tuple((str(k), int(v)) for k, v in data.get("findings_by_type", {}).items()),
            findings_by_severity=tuple((str(k), int(v)) for k, v in data.get("findings_by_severity", {}).items()),
            reports=tuple((str(k), str(v)) for k, v in data.get("reports", {}).items()),
            warnings=tuple(str(w) for w in data.get("warnings", [])),
        )


_translators: dict[tuple[PivotOptions, str, str, str], Translator] = {}
_translators_lock = threading.Lock()


def cached_translator(source: Document, target: Document, options: CompareOptions) -> Translator:
    """This process's translator for these options and languages, built on first use (Dask workers may run
    threads); the languages and the encoder count because a pair no pivot translates falls back to the encoder."""
    cache_key = (options.pivot, options.encoder, source.lang, target.lang)
    with _translators_lock:
        if cache_key not in _translators:
            _translators[cache_key] = make_translator(source, target, options)
        return _translators[cache_key]


def report_path(settings: BatchSettings, job_id: str, fmt: str) -> Path:
    """Where pair ``job_id``'s report in ``fmt`` goes; ids are file-name safe (:func:`~aligner.batch.jobs.safe_id`)."""
    reports = settings.output_dir / REPORTS_DIR
    path = reports / f"{job_id}{FORMATS[fmt]}"
    if path.resolve().parent != reports.resolve():  # belt and braces: ids come from safe_id
        raise ToolError(f"{job_id!r}: a report name must stay inside {reports}")
    return path


def audit_pair(job: PairJob, key: str, settings: BatchSettings) -> PairOutcome:
    """Audit one pair and write its reports; problems with the pair come back as an error outcome.

    A :class:`~aligner.errors.ToolError` from building the translator is raised instead: it would fail every pair
    the same way, so the batch stops with that one message.
    """
    outcome = PairOutcome(job.id, str(job.source), str(job.target), key, "error")
    if job.problem:
        return replace(outcome, error=job.problem)
    try:
        source, target = (
            read_document(
                path, lang, encoding=settings.encoding, max_bytes=settings.max_bytes, html_all=settings.html_all
            )
            for path, lang in ((job.source, settings.src_lang), (job.target, settings.tgt_lang))
        )
    except ToolError as exc:
        return replace(outcome, error=str(exc))
    translator = cached_translator(source, target, settings.options)
    try:
        result = compare(source, target, settings.options, translator)
        from aligner.export.writers import write_outputs

        first = report_path(settings, job.id, settings.formats[0])
        written = write_outputs(result, first, settings.formats)
    except ToolError as exc:
        return replace(outcome, error=str(exc))
    except Exception as exc:  # a bug on one pair must not cost the other thousand
        return replace(outcome, error=f"internal error ({exc.__class__.__name__}: {exc})")
    return PairOutcome(
        job.id,
        str(job.source),
        str(job.target),
        key,
        "ok",
        source_segments=len(result.source_segments),
        target_segments=len(result.target_segments),
        findings_by_type=tuple(sorted(Counter(css_type(f.type, f.subtype) for f in result.findings).items())),
        findings_by_severity=tuple(sorted(Counter(f.severity for f in result.findings).items())),
        reports=tuple(
            (fmt, path.relative_to(settings.output_dir).as_posix())
            for fmt, path in zip(settings.formats, written, strict=True)
        ),
        warnings=result.warnings,
    )

"""The JSON result file: a versioned, documented serialisation of :class:`~aligner.model.AuditResult`.

The HTML report is rendered from this file alone, so a report can be re-rendered or diffed without rerunning
the pipeline. Keys are written in a fixed order; the only timestamp, ``audited``, follows ``SOURCE_DATE_EPOCH``
when it is set, so equal inputs then give equal bytes.
Schema (``format`` 1): see ``docs/result-format.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aligner import __version__
from aligner.errors import FormatError
from aligner.inputs import read_utf8_file
from aligner.model import (
    REVIEW_STATES,
    AuditResult,
    Document,
    Finding,
    Link,
    Pivot,
    PivotText,
    Review,
    RunSettings,
    Segment,
    Span,
)

FORMAT_VERSION = 1


def result_to_dict(result: AuditResult) -> dict[str, Any]:
    """The JSON-ready form of a result; segment texts go under ``text`` with their spans."""

    def side(doc: Document, segments: tuple[Segment, ...]) -> dict[str, Any]:
        return {
            "name": doc.name,
            "lang": doc.lang,
            "text": doc.text,
            "file_format": doc.format,
            "segments": [
                {
                    "index": s.index,
                    "text": s.text,
                    "start": s.start,
                    "end": s.end,
                    "paragraph": s.paragraph,
                    "kind": s.kind,
                }
                for s in segments
            ],
        }

    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "tool": "aligner",
        "version": __version__,
        **({"audited": result.audited} if result.audited else {}),
        "settings": dict(result.settings.entries),
        "signature": result.settings.signature(),
        "warnings": list(result.warnings),
        "source": side(result.source, result.source_segments),
        "target": side(result.target, result.target_segments),
        "pivot": {
            "side": result.pivot.side,
            "lang": result.pivot.lang,
            "translator": result.pivot.translator,
            "segments": [
                {"text": p.text, "provenance": [list(t) for t in p.provenance]} for p in result.pivot.segments
            ],
        },
        "links": [
            {
                "source": list(link.source),
                "target": list(link.target),
                "score": round(link.score, 4),
                "confidence": round(link.confidence, 4),
                "kind": link.kind,
            }
            for link in result.links
        ],
        "findings": [
            {
                "type": f.type,
                "subtype": f.subtype,
                "severity": f.severity,
                "confidence": round(f.confidence, 4),
                "link": f.link,
                "message": f.message,
                "spans": [{"side": s.side, "segment": s.segment, "start": s.start, "end": s.end} for s in f.spans],
                "evidence": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in f.evidence},
            }
            for f in result.findings
        ],
    }
    if result.reviews:  # decisions carried in with --reviews
        data["reviews"] = [{"finding": r.finding, "state": r.state, "comment": r.comment} for r in result.reviews]
    if result.timings:  # only when asked for: timings would make equal runs differ
        data["timings"] = {k: round(v, 3) for k, v in result.timings}
    return data


def result_from_dict(data: dict[str, Any]) -> AuditResult:
    """Rebuild a result from :func:`result_to_dict`'s form; a malformed file raises :class:`FormatError`."""
    if not isinstance(data, dict) or data.get("tool") != "aligner":
        raise FormatError("not an aligner result file")
    if data.get("format") != FORMAT_VERSION:
        raise FormatError(f"result file format {data.get('format')!r} is not supported (expected {FORMAT_VERSION})")
    try:

        def side(d: dict[str, Any]) -> tuple[Document, tuple[Segment, ...]]:
            doc = Document(d["name"], d["lang"], d["text"], format=d.get("file_format", "text"))
            segs = tuple(
                Segment(s["index"], s["text"], s["start"], s["end"], s["paragraph"], s["kind"]) for s in d["segments"]
            )
            return doc, segs

        source, source_segments = side(data["source"])
        target, target_segments = side(data["target"])
        p = data["pivot"]
        pivot = PivotText(
            p["side"],
            p["lang"],
            p["translator"],
            tuple(Pivot(s["text"], tuple(tuple(t) for t in s["provenance"])) for s in p["segments"]),
        )
        links = tuple(
            Link(tuple(k["source"]), tuple(k["target"]), k["score"], k["confidence"], k["kind"]) for k in data["links"]
        )
        findings = tuple(
            Finding(
                f["type"],
                f["severity"],
                f["link"],
                tuple(Span(s["side"], s["segment"], s["start"], s["end"]) for s in f["spans"]),
                f["message"],
                f.get("subtype", ""),
                tuple(sorted(f.get("evidence", {}).items())),
                float(f.get("confidence", 1.0)),
            )
            for f in data["findings"]
        )
        settings = RunSettings(tuple((k, str(v)) for k, v in data["settings"].items()))
        timings = tuple((k, float(v)) for k, v in data.get("timings", {}).items())
        warnings = data.get("warnings", [])
        if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
            raise TypeError("warnings must be a list of strings")
        reviews = tuple(
            Review(int(r["finding"]), r["state"], str(r.get("comment", ""))) for r in data.get("reviews", [])
        )
        audited = str(data.get("audited", ""))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FormatError(f"result file is malformed ({exc.__class__.__name__}: {exc})") from None
    result = AuditResult(
        source,
        target,
        source_segments,
        target_segments,
        pivot,
        links,
        findings,
        settings,
        timings,
        tuple(warnings),
        reviews,
        audited,
    )
    problem = _inconsistency(result)
    if problem:
        raise FormatError(f"result file is inconsistent: {problem}")
    return result


def _inconsistency(result: AuditResult) -> str:
    """The first way a result breaks the model's promises (indices, spans, texts), or ``""``."""
    sides = {"source": (result.source, result.source_segments), "target": (result.target, result.target_segments)}
    for name, (doc, segments) in sides.items():
        for number, seg in enumerate(segments):
            if seg.index != number or not 0 <= seg.start <= seg.end <= len(doc.text):
                return f"{name} segment {number} has a wrong index or span"
            if doc.text[seg.start : seg.end] != seg.text:
                return f"{name} segment {number} does not match the text at its span"
    translated = len(sides[result.pivot.side][1]) if result.pivot.side in sides else -1
    if len(result.pivot.segments) != translated:
        return "the pivot does not have one translation per segment of the side it translates"
    for number, link in enumerate(result.links):
        if any(not 0 <= i < len(result.source_segments) for i in link.source) or any(
            not 0 <= j < len(result.target_segments) for j in link.target
        ):
            return f"link {number} names a segment that does not exist"
    for number, finding in enumerate(result.findings):
        if not 0 <= finding.link < len(result.links):
            return f"finding {number} names a link that does not exist"
        for span in finding.spans:
            if span.side not in sides:
                return f"finding {number} has a span on an unknown side"
            doc, segments = sides[span.side]
            if not 0 <= span.segment < len(segments) or not 0 <= span.start <= span.end <= len(doc.text):
                return f"finding {number} has a span outside its document"
    for review in result.reviews:
        if not 0 <= review.finding < len(result.findings) or review.state not in REVIEW_STATES:
            return f"the review of finding {review.finding} names no finding or an unknown state"
    return ""


def as_saved(result: AuditResult) -> AuditResult:
    """The result exactly as reading its JSON file back would give it."""
    return result_from_dict(result_to_dict(result))


def dumps(result: AuditResult) -> str:
    return json.dumps(result_to_dict(result), ensure_ascii=False, indent=1) + "\n"


def read_result(path: str | Path) -> AuditResult:
    text = read_utf8_file(Path(path), "result file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}: not a JSON result file ({exc.msg} at line {exc.lineno})") from None
    return result_from_dict(data)

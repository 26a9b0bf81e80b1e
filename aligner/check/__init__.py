"""``aligner check``: audit a bilingual file (XLIFF, TMX, PO) unit by unit, with the findings of ``compare``.

Each unit is one link, by construction: the two documents are the units' texts one per line, each unit split into
its sentences, and link ``i`` joins the sentences of unit ``i`` on both sides, so the report, the JSON and every
export show them as ``compare`` would, and a sentence added to or dropped from a unit is found as such. The pivot
and the pair-level diagnosis run as in :func:`aligner.pipeline.compare`; the unit-level faults of
:mod:`aligner.check.faults` (shifted, empty, copied, wrong-language targets) replace what diagnosis says about those
units, since a target that belongs to another unit or to no language of the pair is not a translation to
diagnose word by word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aligner import __version__
from aligner.check.faults import UnitFault, shifted_targets, untranslated_targets
from aligner.clock import audit_timestamp
from aligner.diagnose import diagnose
from aligner.diagnose.severity import make_finding
from aligner.inputs import pair_warnings
from aligner.langcheck import LANGUAGE_NAMES
from aligner.model import AuditResult, Document, Finding, Link, RunSettings, Segment, Severity, Span
from aligner.pipeline import CompareOptions, encoder_for, make_pivot, make_translator
from aligner.readers.bilingual import BilingualFile
from aligner.segment import segment

#: type, subtype, severity and message of each unit fault.
FAULTS: dict[str, tuple[str, str, Severity, str]] = {
    "shift": ("mistranslation", "shift", "critical", "Target translates the {detail} unit, not this one"),
    "empty": ("untranslated", "empty", "major", "Target is empty"),
    "copy": ("untranslated", "copy", "major", "Target is a copy of the source"),
    "language": ("untranslated", "language", "major", "Target is in {detail}, not in the target language"),
}


@dataclass(frozen=True)
class CheckedFile:
    """The audit of a bilingual file: link ``i`` of the result, and each finding with ``link == i``, is unit ``i``."""

    result: AuditResult
    bilingual: BilingualFile


def check_units(
    bilingual: BilingualFile, name: str, src_lang: str, tgt_lang: str, options: CompareOptions
) -> CheckedFile:
    """Audit every unit of ``bilingual`` (see the module docstring); link ``i`` and unit ``i`` are the same."""
    sources = [" ".join(unit.source.split("\n")) for unit in bilingual.units]
    targets = [None if unit.target is None else " ".join(unit.target.split("\n")) for unit in bilingual.units]
    source_doc, source_segments, source_index = _side(f"{name} (source)", src_lang, sources, bilingual.format)
    target_doc, target_segments, target_index = _side(f"{name} (target)", tgt_lang, targets, bilingual.format)
    translator = make_translator(source_doc, target_doc, options)
    pivot = make_pivot(translator, source_doc, target_doc, source_segments, target_segments, options.pivot)
    encoder, notes = encoder_for(source_doc, target_doc, options, translator)
    faults = untranslated_targets(sources, targets, src_lang, tgt_lang)
    similarities = [0.0] * len(sources)
    if encoder is not None:
        shifts, similarities = shifted_targets(sources, targets, encoder)
        faulty = {fault.unit for fault in faults}
        faults += [fault for fault in shifts if fault.unit not in faulty]
    links = tuple(
        Link(
            source_index[i],
            target_index[i],
            max(similarities[i], 0.0),
            1.0,
            "aligned" if target_index[i] else "omitted",
        )
        for i in range(len(sources))
    )
    findings = diagnose(
        source_segments,
        target_segments,
        pivot,
        links,
        options.diagnose,
        langs=(src_lang, tgt_lang),
        translator=translator,
        encoder=encoder,
    )
    faulty_links = {fault.unit for fault in faults}
    kept = [f for f in findings if f.link not in faulty_links]
    unit_findings = [_finding(fault, links[fault.unit], source_segments, target_segments) for fault in faults]
    settings = RunSettings(
        (
            ("src_lang", src_lang),
            ("tgt_lang", tgt_lang),
            ("segmenter", f"units:{bilingual.format}"),
            ("pivot", pivot.translator),
            ("direction", f"{pivot.side}->{pivot.lang}"),
            ("encoder", encoder.signature() if encoder else "none"),
            ("aligner", "units"),
            ("sensitivity", str(options.diagnose.sensitivity)),
            ("version", __version__),
        )
    )
    result = AuditResult(
        source_doc,
        target_doc,
        source_segments,
        target_segments,
        pivot,
        links,
        tuple(sorted(kept + unit_findings, key=lambda f: f.link)),
        settings,
        warnings=(*pair_warnings(source_doc, target_doc), *notes),
        audited=audit_timestamp(),
    )
    return CheckedFile(result, bilingual)


def _side(
    name: str, lang: str, texts: Sequence[str | None], fmt: str
) -> tuple[Document, tuple[Segment, ...], list[tuple[int, ...]]]:
    """The texts one per line as a document, split into sentences unit by unit (a unit of two sentences is two
    segments, so a sentence added to or dropped from a unit shows as such), and each unit's segment indices."""
    segments: list[Segment] = []
    index: list[tuple[int, ...]] = []
    offset = 0
    for unit, text in enumerate(texts):
        text = text or ""
        first = len(segments)
        for piece in segment(Document(name, lang, text)) if text.strip() else ():
            start = offset + piece.start
            segments.append(Segment(len(segments), piece.text, start, start + len(piece.text), unit))
        index.append(tuple(range(first, len(segments))))
        offset += len(text) + 1
    text = "\n".join(text or "" for text in texts) + "\n"
    return Document(name, lang, text, format=fmt), tuple(segments), index


def _finding(fault: UnitFault, link: Link, source: tuple[Segment, ...], target: tuple[Segment, ...]) -> Finding:
    type_, subtype, severity, message = FAULTS[fault.kind]
    spans = [Span("source", i, source[i].start, source[i].end) for i in link.source]
    spans += [Span("target", j, target[j].start, target[j].end) for j in link.target]
    detail = LANGUAGE_NAMES.get(fault.detail, fault.detail)
    return make_finding(
        type_, subtype, severity, fault.unit, tuple(spans), message.format(detail=detail), 1.0, unit_fault=fault.score
    )

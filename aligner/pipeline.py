"""The whole audit of one document pair: segment -> translate -> align -> diagnose.

This is the public library API the CLI, the batch runner and the benchmarks call.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from aligner import __version__
from aligner.align import Alignment, AlignOptions, align_segments
from aligner.align.glossary import Glossary, read_glossary
from aligner.diagnose import DiagnoseOptions, diagnose
from aligner.encode import DEFAULT_ENCODER, Encoder, shared_encoder
from aligner.errors import ToolError
from aligner.inputs import clean_document, pair_warnings
from aligner.model import AuditResult, Document, PivotText, RunSettings, Segment
from aligner.segment import layout, segment, segment_lines
from aligner.translate import PivotOptions, build_translator, translate_side
from aligner.translate.base import Translator


@dataclass(frozen=True)
class CompareOptions:
    """Every setting of one audit; each stage's part is recorded in the result's run settings."""

    pivot: PivotOptions = field(default_factory=PivotOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    diagnose: DiagnoseOptions = field(default_factory=DiagnoseOptions)
    presegmented: bool = False  # one segment per line, as corpus aligners take
    glossary: str | None = None  # a source->target word list for the words the pivot copies (--glossary)
    encoder: str = DEFAULT_ENCODER  # the sentence encoder's name; "" for none (--no-encoder)
    record_timings: bool = False  # seconds per stage in the result: equal runs then no longer give equal files


def make_translator(source: Document, target: Document, options: CompareOptions) -> Translator:
    """The pivot backend for this pair; build it once and pass it to :func:`compare` for many pairs."""
    return build_translator(options.pivot, same_language=source.lang == target.lang)


def compare(
    source: Document,
    target: Document,
    options: CompareOptions | None = None,
    translator: Translator | None = None,
) -> AuditResult:
    """Audit ``target`` as a translation of ``source``."""
    options = options or CompareOptions()
    source, target = clean_document(source), clean_document(target)  # documents built in code skip read_document
    timings: list[tuple[str, float]] = []
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings.append((stage, now - clock))
        clock = now

    split = segment_lines if options.presegmented else segment
    source_segments, target_segments = split(source), split(target)
    lap("segment")
    translator = translator or make_translator(source, target, options)
    glossary = _glossary(options, source, translator)
    pivot = _make_pivot(translator, source, target, source_segments, target_segments, options.pivot)
    lap("translate")
    encoder = make_encoder(options)
    alignment = align_segments(source_segments, target_segments, pivot, options.align, glossary, encoder=encoder)
    lap("align")
    findings = diagnose(
        source_segments,
        target_segments,
        pivot,
        alignment.links,
        options.diagnose,
        langs=(source.lang, target.lang),
        translator=translator,
        encoder=encoder,
    )
    lap("diagnose")
    layouts = f"{layout(source.text, source.lang)}/{layout(target.text, target.lang)}"  # how lines were read
    settings = RunSettings(
        (
            ("src_lang", source.lang),
            ("tgt_lang", target.lang),
            ("segmenter", "lines" if options.presegmented else "punkt"),
            *(() if options.presegmented else (("layout", layouts),)),
            ("pivot", pivot.translator),
            ("direction", f"{pivot.side}->{pivot.lang}"),
            ("encoder", encoder.signature() if encoder else "none"),
            *alignment.settings,
            ("sensitivity", str(options.diagnose.sensitivity)),
            ("version", __version__),
        )
    )
    return AuditResult(
        source,
        target,
        source_segments,
        target_segments,
        pivot,
        alignment.links,
        findings,
        settings,
        tuple(timings) if options.record_timings else (),
        warnings=pair_warnings(source, target),
    )


def align_lines(
    source: Document,
    target: Document,
    options: CompareOptions | None = None,
    translator: Translator | None = None,
) -> tuple[tuple[Segment, ...], tuple[Segment, ...], PivotText, Alignment]:
    """Align two one-sentence-per-line texts without diagnosing them (``aligner align``, the benchmarks)."""
    options = options or CompareOptions()
    source_segments, target_segments = segment_lines(source), segment_lines(target)
    translator = translator or make_translator(source, target, options)
    glossary = _glossary(options, source, translator)
    pivot = _make_pivot(translator, source, target, source_segments, target_segments, options.pivot)
    alignment = align_segments(
        source_segments, target_segments, pivot, options.align, glossary, encoder=make_encoder(options)
    )
    return source_segments, target_segments, pivot, alignment


def make_encoder(options: CompareOptions) -> Encoder | None:
    """The sentence encoder ``options`` name, loaded once per process; ``None`` with ``--no-encoder``."""
    return shared_encoder(options.encoder) if options.encoder else None


def _make_pivot(
    translator: Translator,
    source: Document,
    target: Document,
    source_segments: tuple[Segment, ...],
    target_segments: tuple[Segment, ...],
    options: PivotOptions,
) -> PivotText:
    if options.direction == "source-to-target":
        return translate_side(translator, source_segments, "source", source.lang, target.lang)
    return translate_side(translator, target_segments, "target", target.lang, source.lang)


def _glossary(options: CompareOptions, source: Document, translator: Translator) -> Glossary | None:
    """The glossary to apply, refused where the source is compared in its own language (a target-to-source pivot);
    read before translating, so that a bad glossary stops the run before a model spends time on it."""
    if not options.glossary:
        return None
    if options.pivot.direction != "source-to-target" and translator.signature() != "identity":
        raise ToolError(
            "--glossary translates the source side's words: it needs a source-to-target pivot (--pivot-file, "
            "--direction source-to-target) or none (--pivot identity)"
        )
    return read_glossary(options.glossary, source.lang)

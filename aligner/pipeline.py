"""The whole audit of one document pair: segment -> translate -> encode -> align -> diagnose.

This is the public library API the CLI, the batch runner and the benchmarks call.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from aligner import __version__
from aligner.align import Alignment, AlignOptions, align_segments
from aligner.align.glossary import Glossary, read_glossary
from aligner.clock import audit_timestamp
from aligner.diagnose import DiagnoseOptions, diagnose
from aligner.encode import DEFAULT_ENCODER, Encoder, is_no_encoder, shared_encoder
from aligner.errors import ToolError
from aligner.inputs import clean_document, pair_warnings
from aligner.model import AuditResult, Document, PivotText, RunSettings, Segment
from aligner.segment import layout, segment, segment_lines
from aligner.store import default_cache_dir
from aligner.translate import PivotOptions, build_translator, resolved_direction, translate_side
from aligner.translate.base import Translator


@dataclass(frozen=True)
class CompareOptions:
    """Every setting of one audit; each stage's part is recorded in the result's run settings."""

    pivot: PivotOptions = field(default_factory=PivotOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    diagnose: DiagnoseOptions = field(default_factory=DiagnoseOptions)
    presegmented: bool = False  # one segment per line, as corpus aligners take
    glossary: str | None = None  # a source->target word list for the words the pivot copies (--glossary)
    encoder: str = DEFAULT_ENCODER  # the sentence encoder's name or folder; "" or "none" for none (--no-encoder)
    record_timings: bool = False  # seconds per stage in the result: equal runs then no longer give equal files


def make_translator(source: Document, target: Document, options: CompareOptions) -> Translator:
    """The pivot backend for this pair; build it once and pass it to :func:`compare` for many pairs.

    When no pivot was asked for and the default one cannot translate this pair (the lexical pivot knows EN-FR
    only), a sentence encoder that covers both languages aligns them with no translation: the identity pivot.
    """
    translator = build_translator(options.pivot, same_language=source.lang == target.lang)
    if options.pivot.backend != "auto" or _pivot_supports(translator, source.lang, target.lang, options.pivot):
        return translator
    encoder = make_encoder(options)
    if encoder is None or not (encoder.covers(source.lang) and encoder.covers(target.lang)):
        return translator
    return build_translator(replace(options.pivot, backend="identity"))


def _pivot_supports(translator: Translator, src_lang: str, tgt_lang: str, options: PivotOptions) -> bool:
    if resolved_direction(options.direction, translator, src_lang, tgt_lang) == "source-to-target":
        return translator.supports(src_lang, tgt_lang)
    return translator.supports(tgt_lang, src_lang)


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
    glossary = _glossary(options, source, target, translator)
    pivot = make_pivot(translator, source, target, source_segments, target_segments, options.pivot)
    lap("translate")
    encoder, notes = encoder_for(source, target, options, translator)
    embed_segments(encoder, source_segments, target_segments)
    lap("encode")
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
        warnings=(*pair_warnings(source, target), *notes),
        audited=audit_timestamp(),
    )


def align_lines(
    source: Document,
    target: Document,
    options: CompareOptions | None = None,
    translator: Translator | None = None,
    *,
    warn: Callable[[str], None] | None = None,
) -> tuple[tuple[Segment, ...], tuple[Segment, ...], PivotText, Alignment]:
    """Align two one-sentence-per-line texts without diagnosing them (``aligner align``, the benchmarks); ``warn``
    hears what :func:`compare` would put in the result's warnings about the encoder (not trained on a language,
    or the only evidence for a pair no pivot translates)."""
    options = options or CompareOptions()
    source_segments, target_segments = segment_lines(source), segment_lines(target)
    translator = translator or make_translator(source, target, options)
    glossary = _glossary(options, source, target, translator)
    pivot = make_pivot(translator, source, target, source_segments, target_segments, options.pivot)
    encoder, notes = encoder_for(source, target, options, translator)
    for note in notes:
        if warn is not None:
            warn(note)
    embed_segments(encoder, source_segments, target_segments)
    alignment = align_segments(source_segments, target_segments, pivot, options.align, glossary, encoder=encoder)
    return source_segments, target_segments, pivot, alignment


def make_encoder(options: CompareOptions) -> Encoder | None:
    """The sentence encoder ``options`` name, loaded once per process; ``None`` with ``--no-encoder``.

    Its vectors are cached on disk in the folder the translations use (``--cache-dir``; none with ``--no-cache``).
    """
    if is_no_encoder(options.encoder):
        return None
    cache_dir = options.pivot.cache_dir
    return shared_encoder(options.encoder, str(default_cache_dir()) if cache_dir is None else cache_dir or None)


def embed_segments(encoder: Encoder | None, *sides: tuple[Segment, ...]) -> None:
    """Embed every segment of the pair in one batch (the model loads here, if at all), so that the stages after read
    the encoder's memo and the run's timings show the encoding on its own."""
    if encoder is not None:
        encoder.encode([segment.text for side in sides for segment in side])


def encoder_for(
    source: Document, target: Document, options: CompareOptions, translator: Translator
) -> tuple[Encoder | None, tuple[str, ...]]:
    """The encoder for this pair, ``None`` when it was not trained on one of the languages, and what to tell the
    user about it: that the pair falls back to the pivot alone, or aligns on the encoder alone."""
    encoder = make_encoder(options)
    if encoder is None:
        return None, ()
    uncovered = [lang for lang in dict.fromkeys((source.lang, target.lang)) if not encoder.covers(lang)]
    if uncovered:
        return None, (
            f"the {encoder.name} encoder was not trained on {', '.join(uncovered)}: aligning on the pivot alone",
        )
    if translator.name == "identity" and source.lang != target.lang and options.pivot.backend == "auto":
        return encoder, (
            f"no pivot translates between {source.lang} and {target.lang}: aligning on the {encoder.name} "
            "sentence encoder with no translation (give --pivot-file or --model for a pivot)",
        )
    return encoder, ()


def make_pivot(
    translator: Translator,
    source: Document,
    target: Document,
    source_segments: tuple[Segment, ...],
    target_segments: tuple[Segment, ...],
    options: PivotOptions,
) -> PivotText:
    """The pivot: one side's segments translated into the other side's language, as ``options.direction`` says."""
    if resolved_direction(options.direction, translator, source.lang, target.lang) == "source-to-target":
        return translate_side(translator, source_segments, "source", source.lang, target.lang)
    return translate_side(translator, target_segments, "target", target.lang, source.lang)


def _glossary(options: CompareOptions, source: Document, target: Document, translator: Translator) -> Glossary | None:
    """The glossary to apply, refused where the source is compared in its own language (a target-to-source pivot);
    read before translating, so that a bad glossary stops the run before a model spends time on it."""
    if not options.glossary:
        return None
    direction = resolved_direction(options.pivot.direction, translator, source.lang, target.lang)
    if direction != "source-to-target" and translator.signature() != "identity":
        raise ToolError(
            "--glossary translates the source side's words: it needs a source-to-target pivot (--pivot-file, "
            "--direction source-to-target) or none (--pivot identity)"
        )
    return read_glossary(options.glossary, source.lang)

"""The neural pivot: a CTranslate2 translation model with its SentencePiece tokenizers.

The model comes from a path (``--model``, ``--model-for SRC-TGT=PATH`` or ``ALIGNER_MODEL``) in any layout
:mod:`aligner.translate.modeldir` knows. ``ctranslate2`` and ``sentencepiece`` are imported only when this backend
is built, and a model is loaded only when a sentence of its direction is missing from the translation cache.

Speed: sentences are sorted by length and cut into batches of at most ``max_batch_tokens`` padded tokens
(``batch_type="tokens"``), decoded greedily unless a beam is asked for, with int8 weights on CPU and
int8_float16/float16 on CUDA unless told otherwise. Each batch may decode ``length_ratio`` times its longest source
plus ``length_margin`` tokens, which stops a model that loops from running to the 256-token default; each output is
then cut to its own sentence's cap, so with greedy search a sentence translates the same in any batch. Translations
go through an on-disk :class:`~aligner.translate.cache.TranslationCache`.

Beyond translation it exposes what later stages need from the model: :meth:`CTranslate2Translator.token_scores`
(log-probabilities of a given target, for contrastive omission scoring) and
:meth:`CTranslate2Translator.forced_attention` (attention while forced to produce a given target).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner.errors import ModelError, ToolError
from aligner.model import Pivot
from aligner.translate.base import Translator
from aligner.translate.cache import TranslationCache, default_cache_dir
from aligner.translate.modeldir import ModelFiles, find_model

if TYPE_CHECKING:
    from aligner.translate import PivotOptions

#: Share of a SentencePiece model's pieces that may be missing from the model vocabulary before we call it a mismatch.
MAX_UNKNOWN_PIECES = 0.1
#: Compute types to try, best first, when ``compute_type`` is ``auto``.
AUTO_COMPUTE_TYPES = {"cpu": ("int8",), "cuda": ("int8_float16", "float16")}


@dataclass(frozen=True)
class DecodingSettings:
    """How hard to search and how to batch; every field but ``max_batch_tokens`` can change the output."""

    beam_size: int = 1
    max_batch_tokens: int = 2048
    length_ratio: float = 1.5
    length_margin: int = 10

    def __post_init__(self) -> None:
        if self.beam_size < 1 or self.max_batch_tokens < 1:
            raise ToolError("the beam size and the batch size must be at least 1")

    def max_decoding_length(self, longest_source: int) -> int:
        return int(self.length_ratio * longest_source) + self.length_margin

    def describe(self) -> str:
        return f"beam{self.beam_size},len{self.length_ratio:g}x+{self.length_margin}"


def length_sorted_batches(lengths: Sequence[int], max_tokens: int) -> list[list[int]]:
    """Indices of ``lengths`` sorted by length and cut so each batch pads to at most ``max_tokens`` tokens.

    A sentence longer than ``max_tokens`` gets a batch of its own.
    """
    batches: list[list[int]] = []
    batch: list[int] = []
    for index in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        if batch and (len(batch) + 1) * max(lengths[index], 1) > max_tokens:
            batches.append(batch)
            batch = []
        batch.append(index)
    if batch:
        batches.append(batch)
    return batches


class LoadedModel:
    """One model loaded for one direction: the CTranslate2 translator and its two SentencePiece processors."""

    def __init__(self, files: ModelFiles, *, device: str, compute_type: str, threads: int) -> None:
        """``device`` and ``compute_type`` are resolved already (no ``auto``)."""
        import ctranslate2

        self.files = files
        self.source_sp = load_sentencepiece(files.source_spm, files.spm_paths[0], files.source_vocabulary)
        self.target_sp = load_sentencepiece(files.target_spm, files.spm_paths[1], files.target_vocabulary)
        self.device = device
        try:
            self.translator = ctranslate2.Translator(
                str(files.ct2_dir),
                device=self.device,
                compute_type=compute_type,
                inter_threads=1,
                intra_threads=threads,
                files=files.ct2_files or None,
            )
        except (RuntimeError, ValueError, UnicodeDecodeError, OSError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            raise ModelError(
                f"{files.ct2_dir / 'model.bin'}: cannot be loaded; it is corrupt, truncated or made by a newer "
                f"CTranslate2 ({reason})"
            ) from None
        self.compute_type: str = self.translator.compute_type  # what CTranslate2 runs, e.g. int8_float32 for int8
        self.eos: str = str(files.config.get("eos_token") or "</s>")

    def source_tokens(self, texts: Sequence[str]) -> list[list[str]]:
        tokens: list[list[str]] = self.source_sp.encode(list(texts), out_type=str)
        return [pieces + [self.eos] for pieces in tokens] if self.files.append_source_eos else tokens

    def target_tokens(self, texts: Sequence[str]) -> list[list[str]]:
        tokens: list[list[str]] = self.target_sp.encode(list(texts), out_type=str)
        return tokens

    def translate(self, texts: Sequence[str], decoding: DecodingSettings) -> list[str]:
        """Translate in length-sorted token batches; the output is in the order of ``texts``."""
        sources = self.source_tokens(texts)
        hypotheses: list[list[str]] = [[] for _ in sources]
        for batch in length_sorted_batches([len(tokens) for tokens in sources], decoding.max_batch_tokens):
            results = self.translator.translate_batch(
                [sources[i] for i in batch],
                beam_size=decoding.beam_size,
                max_batch_size=decoding.max_batch_tokens,
                batch_type="tokens",
                max_decoding_length=decoding.max_decoding_length(max(len(sources[i]) for i in batch)),
            )
            for index, result in zip(batch, results, strict=True):  # each sentence gets its own cap, as if alone
                hypotheses[index] = result.hypotheses[0][: decoding.max_decoding_length(len(sources[index]))]
        decoded: list[str] = self.target_sp.decode(hypotheses)
        return decoded


class CTranslate2Translator(Translator):
    """Pivot through CTranslate2 models: ``model`` for any direction, ``models`` (``"fr-en"`` -> path) per direction.

    ``cache_dir`` ``None`` turns the translation cache off. The model files are found and checked, and the device
    and compute type resolved, when the translator is built; a model is loaded only when a sentence of its direction
    is not in the cache, so re-auditing an unchanged story does not load it at all.
    """

    name = "ct2"

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        models: Mapping[str, str | Path] | None = None,
        decoding: DecodingSettings | None = None,
        threads: int = 0,
        device: str = "auto",
        compute_type: str = "auto",
        cache_dir: str | Path | None = None,
    ) -> None:
        if model is None and not models:
            raise ModelError("the ct2 pivot needs a model: pass --model PATH (or set ALIGNER_MODEL)")
        if threads < 0:
            raise ToolError("the thread count must be 0 (CTranslate2's default) or more")
        self.default_model = find_model(model) if model is not None else None
        self.direction_models = {direction: find_model(path) for direction, path in (models or {}).items()}
        self.decoding = decoding or DecodingSettings()
        self.threads = threads
        self.device = _resolve_device(device)
        self.compute_type = _resolve_compute_type(self.device, compute_type)
        self.cache = TranslationCache(cache_dir) if cache_dir is not None else None
        self.loaded: dict[str, LoadedModel] = {}
        self._loading = threading.Lock()  # Dask workers share one translator between threads
        self.last_direction = ""
        self.cache_hits = 0
        self.translated = 0

    @classmethod
    def from_options(cls, options: PivotOptions) -> Translator:
        """``options.cache_dir`` ``None`` means the default cache folder, an empty string means no cache."""
        cache_dir = default_cache_dir() if options.cache_dir is None else options.cache_dir or None
        return cls(
            options.model,
            models=dict(options.models),
            decoding=DecodingSettings(beam_size=options.beam_size),
            threads=options.threads,
            device=options.device,
            compute_type=options.compute_type,
            cache_dir=cache_dir,
        )

    def model_for(self, src_lang: str, tgt_lang: str) -> LoadedModel:
        """The model for this direction, loaded on first use; a model made for another direction is an error."""
        direction = f"{src_lang}-{tgt_lang}"
        files = self.files_for(direction)
        with self._loading:
            if direction not in self.loaded:
                self.loaded[direction] = LoadedModel(
                    files, device=self.device, compute_type=self.compute_type, threads=self.threads
                )
        return self.loaded[direction]

    def files_for(self, direction: str) -> ModelFiles:
        """The model chosen for ``direction`` (``fr-en``), checked to translate that way; nothing is loaded."""
        files = self.direction_models.get(direction, self.default_model)
        if files is None:
            given = ", ".join(sorted(self.direction_models))
            raise ModelError(f"no pivot model for {direction} (models are given for {given}); pass --model PATH")
        if files.translates() not in ("?", direction):
            raise ModelError(
                f"{files.location}: this model translates {files.translates()}, but the pivot needs {direction}; "
                f"pass a model for it with --model-for {direction}=PATH, or change --direction"
            )
        return files

    def _translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[Pivot]:
        direction = f"{src_lang}-{tgt_lang}"
        namespace = self._cache_namespace(self.files_for(direction), direction)
        self.last_direction = direction  # what signature() reports; scoring other directions does not change it
        unique = [text for text in dict.fromkeys(texts) if text.strip()]
        done = self.cache.get_many(namespace, unique) if self.cache else {}
        todo = [text for text in unique if text not in done]
        self.cache_hits += len(unique) - len(todo)
        self.translated += len(todo)
        if todo:
            model = self.model_for(src_lang, tgt_lang)
            fresh = list(zip(todo, model.translate(todo, self.decoding), strict=True))
            if self.cache:
                self.cache.put_many(namespace, fresh)
            done.update(fresh)
        return [Pivot(done.get(text, "")) for text in texts]

    def token_scores(
        self, sources: Sequence[str], targets: Sequence[str], src_lang: str, tgt_lang: str
    ) -> list[list[float]]:
        """Log-probability of each target piece given its source, then of the closing ``</s>``.

        ``result[i]`` has one entry per SentencePiece piece of ``targets[i]`` plus one for the end of sentence, so its
        sum is the log-probability of the whole target (what contrastive scoring compares across partial sources).
        """
        if len(sources) != len(targets):
            raise ToolError(f"token_scores needs as many targets as sources ({len(targets)} != {len(sources)})")
        if not sources:
            return []
        model = self.model_for(src_lang, tgt_lang)
        results = model.translator.score_batch(
            model.source_tokens(sources),
            model.target_tokens(targets),
            max_batch_size=self.decoding.max_batch_tokens,
            batch_type="tokens",
        )
        return [list(result.log_probs) for result in results]

    def forced_attention(
        self, sources: Sequence[str], targets: Sequence[str], src_lang: str, tgt_lang: str
    ) -> list[list[list[float]]]:
        """Cross-attention while the model is forced to produce ``targets[i]`` from ``sources[i]``.

        ``result[i][t][s]`` is how much target piece ``t`` attends to source piece ``s`` (the model's alignment
        head); pieces are those of :meth:`LoadedModel.source_tokens` and :meth:`LoadedModel.target_tokens`.
        """
        if len(sources) != len(targets):
            raise ToolError(f"forced_attention needs as many targets as sources ({len(targets)} != {len(sources)})")
        if not sources:
            return []
        model = self.model_for(src_lang, tgt_lang)
        prefixes = model.target_tokens(targets)
        results = model.translator.translate_batch(
            model.source_tokens(sources),
            target_prefix=prefixes,
            beam_size=1,
            max_decoding_length=max(len(prefix) for prefix in prefixes) + 1,
            return_attention=True,
        )
        return [
            [list(row) for row in result.attention[0][: len(prefix)]]
            for result, prefix in zip(results, prefixes, strict=True)
        ]

    def signature(self) -> str:
        """Model name and hash, the direction last translated, compute type and decoding settings."""
        if self.last_direction:
            files = self.files_for(self.last_direction)
            model = f"{files.identity},{self.last_direction}"
        else:
            configured = [files for files in (self.default_model, *self.direction_models.values()) if files]
            model = "+".join(f"{files.identity},{files.translates()}" for files in configured)
        return f"{self.name}:{model},{self.compute_type},{self.decoding.describe()}"

    def _cache_namespace(self, files: ModelFiles, direction: str) -> str:
        """Everything that decides a translation besides the sentence."""
        import ctranslate2

        settings = f"{self.device},{self.compute_type},{self.decoding.describe()}"
        return f"{files.identity},{direction},{settings},ctranslate2-{ctranslate2.__version__}"


def _resolve_device(device: str) -> str:
    import ctranslate2

    has_cuda = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if has_cuda else "cpu"
    if device == "cuda" and not has_cuda:
        raise ToolError("--device cuda: no CUDA device is visible to CTranslate2")
    if device not in ("cpu", "cuda"):
        raise ToolError(f"unknown device {device!r}; choose auto, cpu or cuda")
    return device


def _resolve_compute_type(device: str, compute_type: str) -> str:
    """``auto`` picks int8 on CPU and int8_float16 (else float16) on CUDA; others must be supported on ``device``."""
    import ctranslate2

    supported: set[str] = set(ctranslate2.get_supported_compute_types(device))
    if compute_type == "auto":
        return next((c for c in AUTO_COMPUTE_TYPES[device] if c in supported), "default")
    if compute_type != "default" and compute_type not in supported:
        raise ToolError(f"compute type {compute_type} is not supported on {device}; choose from {sorted(supported)}")
    return compute_type


def load_sentencepiece(proto: bytes, path: Path, vocabulary: Sequence[str]) -> Any:
    """Load a SentencePiece model and check that its pieces are the model's tokens."""
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor()
    try:
        processor.LoadFromSerializedProto(proto)
    except (RuntimeError, OSError):
        raise ModelError(f"{path}: not a SentencePiece model") from None
    pieces = [
        processor.id_to_piece(i)
        for i in range(processor.get_piece_size())
        if not (processor.is_control(i) or processor.is_unknown(i))
    ]
    known = set(vocabulary)
    unknown = sum(piece not in known for piece in pieces)
    if unknown > MAX_UNKNOWN_PIECES * len(pieces):
        raise ModelError(
            f"{path}: does not match the model's vocabulary ({unknown} of its {len(pieces)} pieces are not model "
            "tokens); it belongs to another model"
        )
    return processor

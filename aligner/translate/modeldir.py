"""Find the files of a neural pivot model, whichever way the user got it, and check them before loading.

Three layouts are recognised:

* ``opus-mt``: a CTranslate2-converted OPUS-MT/Marian folder, ``model.bin`` + ``config.json`` + vocabulary, with
  ``source.spm`` and ``target.spm`` copied beside it;
* ``hf``: a folder written by ``ct2-transformers-converter --copy_files``: the same, plus the Hugging Face tokenizer
  files (``tokenizer_config.json`` names the languages); its config leaves the source ``</s>`` to the caller;
* ``argos``: an Argos Translate package, extracted (``metadata.json``, ``model/``, ``sentencepiece.model``) or as its
  ``.argosmodel`` zip, which is read in memory and never extracted.

Only data files are read: JSON, the CTranslate2 binary and SentencePiece protobufs. Pickles, PyTorch checkpoints and
code shipped in a folder are never loaded or run. Every problem is a one-line :class:`ModelError` naming the file.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from aligner.errors import ModelError

Layout = Literal["opus-mt", "hf", "argos"]

#: Files ``ct2-transformers-converter --copy_files`` leaves beside a converted model.
HF_TOKENIZER_FILES = ("tokenizer_config.json", "special_tokens_map.json", "vocab.json", "tokenizer.json")
#: Names a single SentencePiece model shared by both sides goes by.
SHARED_SPM_NAMES = ("sentencepiece.model", "sentencepiece.bpe.model", "spm.model", "tokenizer.model")
#: Files that mean "a model that still needs converting"; we never load them (pickles can run code).
UNCONVERTED_FILES = {
    "pytorch_model.bin": "ct2-transformers-converter",
    "model.safetensors": "ct2-transformers-converter",
    "tf_model.h5": "ct2-transformers-converter",
    "decoder.yml": "ct2-opus-mt-converter",
}
_OPUS_MT_NAME = re.compile(r"opus-mt-(?:tc-big-|tc-)?([a-z]{2,3})-([a-z]{2,3})(?=$|[-_.])")


@dataclass(frozen=True)
class ModelFiles:
    """What a pivot model consists of, read and checked, ready to hand to CTranslate2 and SentencePiece.

    ``ct2_files`` maps the CTranslate2 file names (``model.bin``, ``config.json``, vocabularies) to their bytes when
    the model came from a zip; for a folder it is empty and CTranslate2 reads ``ct2_dir`` itself.
    """

    layout: Layout
    name: str
    location: Path
    ct2_dir: Path
    source_spm: bytes
    target_spm: bytes
    spm_paths: tuple[Path, Path]
    source_vocabulary: tuple[str, ...]
    target_vocabulary: tuple[str, ...]
    config: dict[str, object] = field(hash=False)
    digest: str
    source_lang: str | None = None
    target_lang: str | None = None
    ct2_files: dict[str, bytes] = field(default_factory=dict, hash=False, repr=False)

    @property
    def append_source_eos(self) -> bool:
        """Whether we must end each source with ``</s>`` ourselves (Hugging Face exports leave it to the tokenizer)."""
        return self.layout == "hf" and not self.config.get("add_source_eos", False)

    @property
    def identity(self) -> str:
        """Folder or package name and a short hash of the files that decide the output."""
        return f"{self.name}@{self.digest}"

    def translates(self) -> str:
        """``fr-en`` when the model says which languages it translates, else ``?``."""
        return f"{self.source_lang}-{self.target_lang}" if self.source_lang and self.target_lang else "?"


def find_model(location: str | Path) -> ModelFiles:
    """Detect the layout at ``location`` and read its files; a :class:`ModelError` says what is missing or wrong."""
    path = Path(location).expanduser()
    if not path.exists():
        raise ModelError(f"{path}: model not found")
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise ModelError(f"{path}: not a model folder or an Argos Translate .argosmodel package")
        return _read_argos_zip(path)
    if (path / "metadata.json").is_file() or (path / "model").is_dir():
        return _read_argos_folder(path)
    if not (path / "model.bin").exists():
        for name, converter in UNCONVERTED_FILES.items():
            if (path / name).exists():
                raise ModelError(
                    f"{path}: {name} is an unconverted model, which aligner never loads; "
                    f"convert the folder with {converter} first"
                )
        raise ModelError(f"{path / 'model.bin'}: missing; not a CTranslate2 model folder")
    layout: Layout = "hf" if any((path / name).is_file() for name in HF_TOKENIZER_FILES) else "opus-mt"
    read = _folder_reader(path)
    spm_paths = _side_spms(path, layout)
    langs = _hf_languages(path) if layout == "hf" else None
    return _assemble(layout, path, path, read, spm_paths, langs or _languages_in_name(path.name))


def _folder_reader(folder: Path) -> Callable[[str], bytes | None]:
    def read(name: str) -> bytes | None:
        try:
            return (folder / name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ModelError(f"{folder / name}: cannot read ({exc.strerror or exc.__class__.__name__})") from None

    return read


def _side_spms(folder: Path, layout: Layout) -> tuple[Path, Path]:
    """The source and target SentencePiece models: ``source.spm``/``target.spm``, or one shared model."""
    source, target = folder / "source.spm", folder / "target.spm"
    if source.is_file() and target.is_file():
        return source, target
    if layout == "hf":
        for name in SHARED_SPM_NAMES:
            if (folder / name).is_file():
                return folder / name, folder / name
    missing = source if not source.is_file() else target
    raise ModelError(f"{missing}: missing; the SentencePiece models must sit beside model.bin")


def _read_argos_folder(folder: Path) -> ModelFiles:
    metadata = json_object(folder / "metadata.json", _folder_reader(folder)("metadata.json"))
    spm_path = folder / "sentencepiece.model"
    if not spm_path.is_file():
        raise ModelError(f"{spm_path}: missing; an Argos Translate package needs its SentencePiece model")
    if not (folder / "model").is_dir():
        raise ModelError(f"{folder / 'model'}: missing; an Argos Translate package keeps its CTranslate2 model there")
    read = _folder_reader(folder / "model")
    return _assemble("argos", folder, folder / "model", read, (spm_path, spm_path), _argos_languages(metadata))


def _read_argos_zip(archive: Path) -> ModelFiles:
    """Read a ``.argosmodel`` in memory: its files sit under one top-level folder, which we do not extract."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = {
                inner: bundle.read(info)
                for info in bundle.infolist()
                if not info.is_dir() and _is_needed(inner := _without_top_folder(info.filename))
            }
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ModelError(f"{archive}: damaged .argosmodel package ({exc})") from None
    if "metadata.json" not in members:
        raise ModelError(f"{archive}: metadata.json missing from the package; not an Argos Translate model")
    if "sentencepiece.model" not in members:
        raise ModelError(f"{archive}: sentencepiece.model missing from the package")
    metadata = json_object(archive / "metadata.json", members["metadata.json"])
    ct2_files = {name[len("model/") :]: data for name, data in members.items() if name.startswith("model/")}
    spm_path = archive / "sentencepiece.model"
    return _assemble(
        "argos",
        archive,
        archive / "model",
        ct2_files.get,
        (spm_path, spm_path),
        _argos_languages(metadata),
        ct2_files,
        members["sentencepiece.model"],
    )


def _without_top_folder(member: str) -> str:
    return PurePosixPath(*PurePosixPath(member).parts[1:]).as_posix()


def _is_needed(inner: str) -> bool:
    """Only the files the pivot reads; Argos packages also carry Stanza sentence splitters we do not need."""
    return inner in ("metadata.json", "sentencepiece.model") or inner.startswith("model/")


def _assemble(
    layout: Layout,
    location: Path,
    ct2_dir: Path,
    read: Callable[[str], bytes | None],
    spm_paths: tuple[Path, Path],
    langs: tuple[str, str] | None,
    ct2_files: dict[str, bytes] | None = None,
    zipped_spm: bytes | None = None,
) -> ModelFiles:
    """Check the CTranslate2 files every layout shares and hash what decides the output."""
    if zipped_spm is None:
        source_spm, target_spm = (_folder_reader(path.parent)(path.name) or b"" for path in spm_paths)
    else:
        source_spm = target_spm = zipped_spm
    model_bin_digest = hash_model_bin(ct2_dir, ct2_files)
    config_bytes = read("config.json")
    if config_bytes is None:
        raise ModelError(f"{ct2_dir / 'config.json'}: missing; reconvert the model with CTranslate2 3.0 or later")
    config = json_object(ct2_dir / "config.json", config_bytes)
    vocab_files, source_vocabulary, target_vocabulary = _vocabularies(ct2_dir, read)
    digest = hashlib.sha256(model_bin_digest)
    for part in (config_bytes, *vocab_files, source_spm, target_spm):
        digest.update(hashlib.sha256(part).digest())
    return ModelFiles(
        layout=layout,
        name=location.stem if location.is_file() else location.name,
        location=location,
        ct2_dir=ct2_dir,
        source_spm=source_spm,
        target_spm=target_spm,
        spm_paths=spm_paths,
        source_vocabulary=source_vocabulary,
        target_vocabulary=target_vocabulary,
        config=config,
        digest=digest.hexdigest()[:10],
        source_lang=langs[0] if langs else None,
        target_lang=langs[1] if langs else None,
        ct2_files=ct2_files or {},
    )


def hash_model_bin(ct2_dir: Path, ct2_files: dict[str, bytes] | None) -> bytes:
    """SHA-256 of ``model.bin``, read in chunks from a folder so a 300 MB model is never held twice in memory."""
    path = ct2_dir / "model.bin"
    if ct2_files is not None:
        if "model.bin" not in ct2_files:
            raise ModelError(f"{path}: missing; not a CTranslate2 model folder")
        return hashlib.sha256(ct2_files["model.bin"]).digest()
    digest = hashlib.sha256()
    try:
        with path.open("rb") as model_bin:
            while chunk := model_bin.read(1 << 22):
                digest.update(chunk)
    except FileNotFoundError:
        raise ModelError(f"{path}: missing; not a CTranslate2 model folder") from None
    except OSError as exc:
        raise ModelError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    return digest.digest()


def _vocabularies(
    ct2_dir: Path, read: Callable[[str], bytes | None]
) -> tuple[list[bytes], tuple[str, ...], tuple[str, ...]]:
    """The raw vocabulary files and the source and target token lists (``.json``, or ``.txt`` before CT2 3.0)."""

    def vocabulary(stem: str) -> tuple[bytes, tuple[str, ...]] | None:
        for suffix in (".json", ".txt"):
            data = read(stem + suffix)
            if data is not None:
                return data, parse_vocabulary(ct2_dir / (stem + suffix), data)
        return None

    shared = vocabulary("shared_vocabulary")
    if shared:
        return [shared[0]], shared[1], shared[1]
    source, target = vocabulary("source_vocabulary"), vocabulary("target_vocabulary")
    if source and target:
        return [source[0], target[0]], source[1], target[1]
    missing = "target_vocabulary.json" if source else "shared_vocabulary.json (or source_/target_vocabulary.json)"
    raise ModelError(f"{ct2_dir / missing}: missing; the model's vocabulary must sit beside model.bin")


def parse_vocabulary(path: Path, data: bytes) -> tuple[str, ...]:
    try:
        text = data.decode("utf-8")
        tokens = json.loads(text) if path.suffix == ".json" else text.split("\n")[:-1] if text else []
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(f"{path}: not a vocabulary file (expected a JSON list of tokens)") from None
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens) or not tokens:
        raise ModelError(f"{path}: not a vocabulary file (expected a JSON list of tokens)")
    return tuple(tokens)


def json_object(path: Path, data: bytes | None) -> dict[str, object]:
    if data is None:
        raise ModelError(f"{path}: missing")
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not valid JSON ({exc.__class__.__name__})") from None
    if not isinstance(value, dict):
        raise ModelError(f"{path}: expected a JSON object")
    return value


def _argos_languages(metadata: dict[str, object]) -> tuple[str, str] | None:
    source, target = metadata.get("from_code"), metadata.get("to_code")
    return (source, target) if isinstance(source, str) and isinstance(target, str) else None


def _hf_languages(folder: Path) -> tuple[str, str] | None:
    config_path = folder / "tokenizer_config.json"
    if not config_path.is_file():
        return None
    config = json_object(config_path, config_path.read_bytes())
    source, target = config.get("source_lang"), config.get("target_lang")
    return (source, target) if isinstance(source, str) and isinstance(target, str) else None


def _languages_in_name(name: str) -> tuple[str, str] | None:
    """``fr-en`` from OPUS-MT names such as ``opus-mt-fr-en-ct2``; ``None`` for other names."""
    found = _OPUS_MT_NAME.search(name.lower())
    return (found[1], found[2]) if found else None

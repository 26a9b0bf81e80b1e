"""The job list of a batch: document pairs found by name in two folders, or listed in a manifest.

Every pair gets an output id that is safe as a file name: whatever the input names or manifest ids hold
(``../``, absolute paths, control or odd characters), a report written as ``reports/<id>.<ext>`` stays inside the
output folder. Input files reached through a symbolic link that leaves the input folder are refused unless the
caller asks for links to be followed.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import FormatError, InputError
from aligner.inputs import read_utf8_file

#: Extensions read as input texts when pairing two folders (the ones :func:`aligner.inputs.read_document` reads).
TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".xhtml"})
#: Longest id kept, in characters, so ``<id>.html`` fits every file system's name limit.
MAX_ID_LENGTH = 100
#: Device names Windows refuses as file names, whatever the extension.
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)
_UNSAFE_CHARACTERS = re.compile(r"[^\w.\-]+")
_MANIFEST_HEADERS = frozenset({"en_path", "source", "src", "src_path", "source_path", "en"})


@dataclass(frozen=True)
class PairJob:
    """One pair to audit: ``id`` names its reports; ``problem`` is set when the pair cannot even be attempted."""

    id: str
    source: Path
    target: Path
    problem: str = ""


def safe_id(raw: str) -> str:
    """A file-name stem made from ``raw`` that cannot leave a folder, hide itself or name a device."""
    text = unicodedata.normalize("NFC", raw)
    text = _UNSAFE_CHARACTERS.sub("_", text.replace("/", "__").replace("\\", "__"))
    text = text.lstrip("._-")[:MAX_ID_LENGTH].rstrip(".")
    if not text:
        return "pair"
    if text.split(".")[0].lower() in _RESERVED_NAMES:
        return "_" + text
    return text


def unique_ids(raw_ids: list[str]) -> list[str]:
    """:func:`safe_id` of each, with ``-2``, ``-3``... added where two would collide (ignoring case)."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in raw_ids:
        base = candidate = safe_id(raw)
        number = 1
        while candidate.lower() in seen:
            number += 1
            candidate = f"{base}-{number}"
        seen.add(candidate.lower())
        result.append(candidate)
    return result


def pair_directories(
    source_dir: Path,
    target_dir: Path,
    src_lang: str,
    tgt_lang: str,
    *,
    follow_symlinks: bool = False,
    skip: Path | None = None,
) -> list[PairJob]:
    """Pair the text files of two folders by relative path, ignoring the extension and a language tag.

    ``news/a.en.txt`` pairs with ``news/a.fr.txt``, ``a_en.md`` with ``a_fr.md`` and ``a.txt`` with ``a.html``.
    A file without a partner becomes a job with a ``problem``, so it shows up in the summary instead of vanishing.
    ``skip`` is a folder not to look into: the batch's output folder, whose HTML reports are not inputs.
    """
    for folder in (source_dir, target_dir):
        if not folder.is_dir():
            raise InputError(f"{folder}: not a folder")
    skipped = skip.resolve() if skip else None
    sources = _texts_by_key(source_dir, src_lang, follow_symlinks, skipped)
    targets = _texts_by_key(target_dir, tgt_lang, follow_symlinks, skipped)
    keys = sorted(set(sources) | set(targets))
    jobs: list[PairJob] = []
    for key, job_id in zip(keys, unique_ids(keys), strict=True):
        source, source_problem = sources.get(key, (source_dir / key, ""))
        target, target_problem = targets.get(key, (target_dir / key, ""))
        if key not in sources:
            source_problem = f"{target}: no file in {source_dir} matches it"
        elif key not in targets:
            target_problem = f"{source}: no file in {target_dir} matches it"
        jobs.append(PairJob(job_id, source, target, source_problem or target_problem))
    return jobs


def _texts_by_key(folder: Path, lang: str, follow_symlinks: bool, skipped: Path | None) -> dict[str, tuple[Path, str]]:
    """Text files under ``folder`` by pairing key, each with the problem that stops it being read, if any."""
    tag = re.compile(rf"[._\-]{re.escape(lang)}$", re.IGNORECASE)
    root = folder.resolve()
    found: dict[str, tuple[Path, str]] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=follow_symlinks):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (Path(dirpath) / d).resolve() != skipped)
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if filename.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            stem = path.relative_to(folder).with_suffix("").as_posix()
            key = tag.sub("", stem)
            problem = ""
            if not follow_symlinks and not path.resolve().is_relative_to(root):
                problem = f"{path}: a symbolic link out of {folder}; pass --follow-symlinks to read it"
            found.setdefault(key, (path, problem))
    return found


def read_manifest(path: Path) -> list[PairJob]:
    """Read a TSV or CSV manifest of ``en_path, fr_path[, id]`` rows; relative paths are relative to the manifest.

    A header row is recognised by its first cell (``en_path``, ``source``...); blank lines and ``#`` lines are
    skipped. Without an id the source file name (less its extension) names the pair.
    """
    text = read_utf8_file(path, "manifest")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    delimiter = "\t" if any("\t" in line for line in lines[:5]) else ","
    rows = [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]
    if rows and rows[0] and rows[0][0].lower() in _MANIFEST_HEADERS:
        rows = rows[1:]
    entries: list[tuple[Path, Path, str]] = []
    for number, row in enumerate(rows, start=1):
        if len(row) not in (2, 3) or not row[0] or not row[1]:
            raise FormatError(f"{path}: row {number} should be 'en_path, fr_path[, id]', found {len(row)} cells")
        source, target = (path.parent / row[0], path.parent / row[1])
        entries.append((source, target, row[2] if len(row) == 3 and row[2] else source.stem))
    if not entries:
        raise FormatError(f"{path}: the manifest lists no pairs")
    ids = unique_ids([raw for _, _, raw in entries])
    return [PairJob(job_id, source, target) for (source, target, _), job_id in zip(entries, ids, strict=True)]

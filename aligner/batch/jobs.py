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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import FormatError, InputError
from aligner.inputs import read_utf8_file
from aligner.readers import READABLE_SUFFIXES

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


@dataclass(frozen=True)
class _Input:
    """One file found in an input folder; ``name`` is its path relative to the folder, as POSIX text."""

    path: Path
    name: str
    problem: str = ""


def pair_directories(
    source_dir: Path,
    target_dir: Path,
    src_lang: str,
    tgt_lang: str,
    *,
    follow_symlinks: bool = False,
    skip: Path | None = None,
) -> list[PairJob]:
    """Pair the input files of two folders by relative path: the same name first, then the same name without the
    extension (``a.txt`` with ``a.html``), and only then without a language tag (``news/a.en.txt`` with
    ``news/a.fr.txt``, ``a_en.md`` with ``a_fr.md``).

    Each step pairs only what the steps before left: ``188-euronews-fr.txt`` in both folders pairs by its name even
    though it ends in a tag. Where two files could pair with the same file, none of them is paired: each becomes a
    job with a ``problem`` naming the others, as does a file without a partner, so it shows up in the summary
    instead of vanishing or being settled by chance. ``skip`` is a folder not to look into: the batch's output
    folder, whose HTML reports are not inputs.
    """
    for folder in (source_dir, target_dir):
        if not folder.is_dir():
            raise InputError(f"{folder}: not a folder")
    skipped = skip.resolve() if skip else None
    sources = _inputs(source_dir, follow_symlinks, skipped)
    targets = _inputs(target_dir, follow_symlinks, skipped)
    steps: tuple[tuple[Callable[[str], str], Callable[[str], str]], ...] = (
        (_same, _same),
        (_stem, _stem),
        (_untagged(src_lang), _untagged(tgt_lang)),
    )
    paired: dict[Path, Path] = {}  # each paired file -> its partner, both ways
    problems: dict[Path, str] = {}
    left = (sources, targets)
    for keys in steps:
        _pair_step(left, keys, paired, problems)
    found: list[tuple[str, Path, Path, str]] = []  # (id, source, target, problem)
    unreadable = {item.path: item.problem for item in targets if item.problem}
    for item in sources:
        partner = paired.get(item.path)
        if partner is not None:
            problem = item.problem or unreadable.get(partner, "")
            found.append((_untagged(src_lang)(item.name), item.path, partner, problem))
        else:
            problem = problems.get(item.path) or f"{item.path}: no file in {target_dir} matches it"
            found.append((_stem(item.name), item.path, target_dir / item.name, item.problem or problem))
    for item in targets:
        if item.path not in paired:
            problem = problems.get(item.path) or f"{item.path}: no file in {source_dir} matches it"
            found.append((_stem(item.name), source_dir / item.name, item.path, item.problem or problem))
    found.sort(key=lambda job: (job[0], str(job[1])))
    ids = unique_ids([job[0] for job in found])
    return [PairJob(i, source, target, problem) for i, (_, source, target, problem) in zip(ids, found, strict=True)]


def _same(name: str) -> str:
    return name


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name


def _untagged(lang: str) -> Callable[[str], str]:
    tag = re.compile(rf"[._\-]{re.escape(lang)}$", re.IGNORECASE)
    return lambda name: tag.sub("", _stem(name))


def _pair_step(
    sides: tuple[list[_Input], list[_Input]],
    keys: tuple[Callable[[str], str], Callable[[str], str]],
    paired: dict[Path, Path],
    problems: dict[Path, str],
) -> None:
    """Pair the files not yet paired (nor found in conflict) whose keys are equal, one on each side.

    A key that several such files share on one side is a conflict; so is an unpaired file whose key is that of a
    file already paired by an earlier step. Conflicts go into ``problems`` and are not paired.
    """
    groups: dict[str, tuple[list[_Input], list[_Input]]] = {}
    for side, (items, key_of) in enumerate(zip(sides, keys, strict=True)):
        for item in items:
            if item.path not in problems:
                groups.setdefault(key_of(item.name), ([], []))[side].append(item)
    for key, group in groups.items():
        free = tuple([item for item in items if item.path not in paired] for items in group)
        if not free[0] and not free[1]:
            continue
        if len(free[0]) == 1 and len(free[1]) == 1:
            paired[free[0][0].path], paired[free[1][0].path] = free[1][0].path, free[0][0].path
            continue
        if not group[0] or not group[1]:
            continue  # no candidate on the other side: a later step may still pair it
        rivals = ", ".join(str(item.path) for item in group[0] + group[1])
        for item in free[0] + free[1]:
            problems[item.path] = (
                f"{item.path}: more than one pairing by the name {key!r} ({rivals}); rename files or list the "
                "pairs with --manifest"
            )


def _inputs(folder: Path, follow_symlinks: bool, skipped: Path | None) -> list[_Input]:
    """The readable files under ``folder``, each with the problem that stops it being read, if any."""
    root = folder.resolve()
    found: list[_Input] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=follow_symlinks):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (Path(dirpath) / d).resolve() != skipped)
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if filename.startswith(".") or path.suffix.lower() not in READABLE_SUFFIXES:
                continue
            problem = ""
            if not follow_symlinks and not path.resolve().is_relative_to(root):
                problem = f"{path}: a symbolic link out of {folder}; pass --follow-symlinks to read it"
            found.append(_Input(path, path.relative_to(folder).as_posix(), problem))
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

"""Write a result in the formats asked for, each atomically (temporary file, then rename)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from aligner.errors import ToolError
from aligner.export import FORMATS
from aligner.model import AuditResult


def _renderer(fmt: str) -> Callable[[AuditResult], str]:
    if fmt == "json":
        from aligner.export.jsonfile import dumps

        return dumps
    if fmt == "tsv":
        from aligner.export.tsv import dumps as tsv

        return tsv
    if fmt == "html":
        from aligner.report import render_html

        return render_html
    if fmt == "tmx":
        from aligner.export.tmx import dumps as tmx

        return tmx
    if fmt == "xliff":
        from aligner.export.xliff import dumps as xliff

        return xliff
    raise ToolError(f"output format {fmt!r} is not available yet")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` is either the old file or the whole new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # mkstemp makes the file private (0600): keep the mode of the file replaced, else the usual 0644
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(result: AuditResult, output: Path, formats: Iterable[str]) -> list[Path]:
    """Write each format; the first goes to ``output``, others beside it with their own extension.

    Every format is rendered from the result as its JSON file holds it (scores rounded), so a report rendered
    later from that file with ``aligner report`` is byte-identical to the one written now.
    """
    from aligner.export.jsonfile import as_saved

    result = as_saved(result)
    written: list[Path] = []
    for number, fmt in enumerate(dict.fromkeys(formats)):
        path = output if number == 0 else output.with_suffix(FORMATS[fmt])
        try:
            write_atomic(path, _renderer(fmt)(result))
        except OSError as exc:
            raise ToolError(f"{path}: cannot write ({exc.strerror or exc})") from None
        written.append(path)
    return written

"""Machine-readable outputs of an :class:`~aligner.model.AuditResult`, chosen by name or file extension."""

from __future__ import annotations

from pathlib import Path

from aligner.errors import ToolError

#: format name -> file extension
FORMATS: dict[str, str] = {"json": ".json", "tsv": ".tsv", "html": ".html", "tmx": ".tmx", "xliff": ".xlf"}


def format_for_path(path: str | Path) -> str:
    """The format an output path's extension asks for."""
    suffix = Path(path).suffix.lower()
    for name, ext in FORMATS.items():
        if suffix == ext or (name == "xliff" and suffix == ".xliff") or (name == "html" and suffix == ".htm"):
            return name
    raise ToolError(f"{path}: cannot tell the output format from the extension; use --format ({', '.join(FORMATS)})")

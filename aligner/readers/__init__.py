"""Readers by file format: the text a reviewer sees and the blocks (headlines, list items, paragraphs) its markup says.

:func:`detect_format` picks a reader from the file's content first (a ZIP container, an XML root element, an HTML
document) and its suffix second; :func:`extract` runs it. Each reader builds its text with :class:`BlockText`, so the
offsets of every block, and of every segment later, are exact into that text, which is what the report shows.
Readers of heavy formats import their library on first use and, when it is missing, say which extra to install.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from aligner.errors import InputError
from aligner.model import Block, SegmentKind

#: format -> "module:function" of its reader; each function takes (data, name, options) and returns a BlockText.
READERS = {
    "html": "aligner.readers.html:read_html",
    "docx": "aligner.readers.office:read_docx",
    "odt": "aligner.readers.office:read_odt",
    "nitf": "aligner.readers.news:read_news",
    "newsml": "aligner.readers.news:read_news",
}
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
XML_SUFFIXES = frozenset({".xml", ".nitf", ".nml"})
#: Suffixes read as plain text whatever they look like (a story may well start with "<").
TEXT_SUFFIXES = frozenset({".txt", ".md"})
#: What every reader accepts: input files of a batch are found by these.
READABLE_SUFFIXES = frozenset({*TEXT_SUFFIXES, *HTML_SUFFIXES, *XML_SUFFIXES, ".docx", ".odt"})
#: Root elements of the bilingual formats, which ``aligner check`` audits rather than ``compare``.
BILINGUAL_ROOTS = frozenset({"xliff", "tmx"})
#: White space a reader collapses: ASCII only; no-break spaces are the copy's own (French "21\u00a0000").
_SPACES = re.compile(r"[ \t\r\f\v]+")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # a compound file: a legacy .doc, or an encrypted (password-protected) .docx
_ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"
_ROOT = re.compile(rb"<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)[\s/>]")
_HTML_START = re.compile(rb"(?is)^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]")
_XML_HEAD = re.compile(rb"(?s)^\s*(?:<\?xml.*?\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*")


class BlockText:
    """Text assembled one block at a time: blocks are separated by a blank line, runs of white space inside a
    line become one space, and a bullet gets a ``•`` marker; :meth:`build` gives the text and the block spans."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._blocks: list[Block] = []
        self._length = 0

    def add(self, text: str, kind: SegmentKind = "body") -> None:
        """One block; ``\\n`` in ``text`` is a line break kept inside the block, empty text adds nothing."""
        lines = [_SPACES.sub(" ", line).strip(" ") for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if not text:
            return
        if kind == "bullet" and not text.startswith("•"):
            text = "• " + text
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        self._blocks.append(Block(self._length, self._length + len(text), kind))
        self._parts.append(text)
        self._length += len(text)

    def build(self) -> tuple[str, tuple[Block, ...]]:
        return ("".join(self._parts) + "\n" if self._parts else ""), tuple(self._blocks)


def detect_format(path: Path, data: bytes) -> str:
    """The reader for ``data``: ``text``, ``html``, ``docx``, ``odt``, ``nitf`` or ``newsml``.

    A password-protected Word file, or a bilingual file given where a text is expected, is an :class:`InputError`.
    """
    suffix = path.suffix.lower()
    if data.startswith(_ZIP):
        fmt = _zip_format(data)
        if fmt is None and suffix in (".docx", ".odt"):
            raise InputError(f"{path.name}: a damaged {suffix} file (its ZIP package cannot be read)")
        return fmt or "text"  # "text" then refuses it as binary, with the reason
    if data.startswith(_OLE) and suffix == ".docx":
        raise InputError(
            f"{path.name}: is password-protected (an encrypted Word file) or an old .doc; save it unprotected as .docx"
        )
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES or _HTML_START.match(data[:4096]):
        return "html"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    root = _ROOT.match(head, _XML_HEAD.match(head).end()) if head.lstrip().startswith(b"<") else None  # type: ignore[union-attr]
    name = root.group(1).decode("ascii").lower() if root else ""
    if name == "nitf":
        return "nitf"
    if name in ("newsitem", "newsmessage"):
        return "newsml"
    if name in BILINGUAL_ROOTS:
        raise InputError(f"{path.name}: is a bilingual {name.upper()} file; audit it with 'aligner check {path.name}'")
    if suffix in XML_SUFFIXES:
        raise InputError(f"{path.name}: an XML file of an unknown kind (<{name}>); NITF and NewsML-G2 are read")
    return "text"


def _zip_format(data: bytes) -> str | None:
    if data[30:].startswith(_ODT_MIMETYPE):
        return "odt"
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    return "odt" if "content.xml" in names and "mimetype" in names else None


def extract(fmt: str, data: bytes, name: str, *, encoding: str | None = None, html_all: bool = False) -> BlockText:
    """Run the reader of ``fmt`` over ``data`` (a file named ``name`` in messages)."""
    module, _, function = READERS[fmt].partition(":")
    reader: Callable[..., BlockText] = getattr(importlib.import_module(module), function)
    return reader(data, name, encoding=encoding, html_all=html_all)


def require(module: str, package: str, extra: str) -> object:
    """Import an optional library, or say which package (and aligner extra) brings it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"reading this format needs the {package} package: pip install {package} "
            f"(or pip install 'aligner[{extra}]')"
        ) from None

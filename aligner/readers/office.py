"""Word (``.docx``, python-docx) and OpenDocument (``.odt``, odfpy) files: paragraphs by their styles.

A title or heading style is a headline, a numbered or bulleted paragraph a list item, anything else a paragraph;
table cells are paragraphs too. Headers, footers, comments and tracked deletions are not the story and are left
out. Both libraries are optional (``pip install 'aligner[office]'``).
"""

from __future__ import annotations

import io
from typing import Any

from aligner.errors import InputError
from aligner.model import SegmentKind
from aligner.readers import BlockText, require

#: Style names (any case, English or French Word) that make a paragraph a headline.
_HEADING_STYLES = ("title", "heading", "subtitle", "titre", "sous-titre")


def _style_kind(style: str) -> SegmentKind:
    style = style.lower()
    if style.startswith(_HEADING_STYLES):
        return "headline"
    return "bullet" if style.startswith(("list", "liste")) else "body"


def read_docx(data: bytes, name: str, **_: object) -> BlockText:
    docx: Any = require("docx", "python-docx", "office")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a damaged package fails in zipfile, lxml or python-docx, each its own way
        raise InputError(f"{name}: not a readable Word file ({type(exc).__name__}: {exc})") from None
    out = BlockText()
    # python-docx looks a paragraph's style up among all styles on every access: map ids to names once.
    names = {style.style_id: style.name for style in document.styles}
    default = document.styles.default(docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    _docx_blocks(document, names, default.name if default is not None else "", out)
    return out


def _docx_blocks(container: Any, names: dict[str, str], default: str, out: BlockText) -> None:
    """Paragraphs and tables of a document body or a table cell, in order."""
    for item in container.iter_inner_content():
        if hasattr(item, "rows"):
            for row in item.rows:
                for cell in row.cells:
                    _docx_blocks(cell, names, default, out)
            continue
        properties = item._p.pPr
        numbered = properties is not None and properties.numPr is not None
        style = item._p.style
        kind = _style_kind(names.get(style, default) if style else default)
        out.add(item.text, "bullet" if numbered and kind == "body" else kind)


def read_odt(data: bytes, name: str, **_: object) -> BlockText:
    opendocument: Any = require("odf.opendocument", "odfpy", "office")
    teletype: Any = require("odf.teletype", "odfpy", "office")
    try:
        document = opendocument.load(io.BytesIO(data))
    except Exception as exc:  # a damaged or encrypted package fails in zipfile, expat or odfpy
        raise InputError(f"{name}: not a readable OpenDocument file ({type(exc).__name__}: {exc})") from None
    out = BlockText()
    _odt_blocks(document.text, document, teletype, out, "body")
    return out


def _odt_blocks(element: Any, document: Any, teletype: Any, out: BlockText, inherited: SegmentKind) -> None:
    for child in element.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        tag = child.qname[1]
        if tag == "h":
            out.add(teletype.extractText(child), "headline")
        elif tag == "p":
            style = _odt_style_name(child, document)
            kind = _style_kind(style)
            out.add(teletype.extractText(child), kind if kind != "body" else inherited)
        elif tag == "list-item":
            _odt_blocks(child, document, teletype, out, "bullet")
        elif tag not in ("tracked-changes", "sequence-decls", "variable-decls", "user-field-decls", "annotation"):
            _odt_blocks(child, document, teletype, out, inherited)


def _odt_style_name(paragraph: Any, document: Any) -> str:
    """A paragraph's style name, or the parent style's where it has an automatic (``P1``) style."""
    name = str(paragraph.getAttribute("stylename") or "")
    for style in document.automaticstyles.childNodes:
        if style.getAttribute("name") == name:
            return str(style.getAttribute("parentstylename") or name)
    return name

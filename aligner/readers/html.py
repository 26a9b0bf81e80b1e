"""HTML pages: by default the article's main text (trafilatura), with ``--html-all`` every visible text (lxml).

A saved news page carries menus, share buttons, "read also" lists, cookie banners and footers around the story;
read as text, all of that becomes false omissions and additions. trafilatura finds the article and its title, and
the title becomes the headline. ``--html-all`` keeps what a browser shows instead: everything but ``head``,
scripts and styles and what the page hides (the ``hidden`` attribute, an inline ``display: none`` or
``visibility: hidden``, or a style-sheet rule that does so on every screen, its selectors matched by cssselect).
"""

from __future__ import annotations

import re
from typing import Any

from aligner.readers import BlockText, require
from aligner.readers.markup import Markup, add_blocks

_HEADINGS: dict[str, Any] = {f"h{level}": "headline" for level in range(1, 7)}
#: Elements that separate paragraphs in a browser without being a block of their own kind.
_SEPARATORS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "figcaption", "figure"}
    | {"footer", "form", "header", "hr", "main", "nav", "ol", "pre", "section", "summary", "table", "tbody", "td"}
    | {"tfoot", "th", "thead", "tr", "ul"}
)
_NEVER_SHOWN = frozenset({"head", "script", "style", "template", "noscript", "svg", "title"})
_HIDING = re.compile(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden")
_SCREEN_MEDIA = re.compile(r"(?i)^\s*(?:only\s+)?(?:screen|all)\s*$")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: trafilatura's XML output: ``head`` for headings, ``list``/``item``, ``lb`` for line breaks, ``quote``, tables.
_ARTICLE = Markup(
    kinds={"head": "headline", "item": "bullet", "p": "body", "cell": "body"},
    breaks=frozenset({"lb"}),
    separators=frozenset({"list", "table", "row", "quote", "main", "doc", "comments"}),
)


def read_html(data: bytes, name: str, *, encoding: str | None = None, html_all: bool = False) -> BlockText:
    from aligner.inputs import decode

    markup = _XML_DECLARATION.sub("", decode(data, name, encoding, html=True))
    if not html_all:
        article = _article(markup)
        if article is not None:
            return article
    return visible_text(markup)


def _article(markup: str) -> BlockText | None:
    """The main text and title trafilatura finds, or ``None`` when it finds no article (then all text is read)."""
    trafilatura: Any = require("trafilatura", "trafilatura", "html")
    from lxml import etree

    extracted = trafilatura.extract(
        markup,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_precision=True,
    )
    if not extracted:
        return None
    root = etree.fromstring(extracted.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    out = BlockText()
    title = " ".join((root.get("title") or "").split())
    body = root.find("main")
    first = body.find("./*") if body is not None else None
    if title and not (first is not None and " ".join("".join(first.itertext()).split()) == title):
        out.add(title, "headline")
    add_blocks(body if body is not None else root, _ARTICLE, out)
    return out


def visible_text(markup: str) -> BlockText:
    """Every text a browser shows, one block per paragraph, heading or list item."""
    import lxml.html
    from lxml import etree

    out = BlockText()
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):  # nothing but white space or comments
        return out
    hidden = _style_sheet_hidden(root)

    def skipped(element: Any) -> bool:
        return (
            element.tag in _NEVER_SHOWN
            or element.get("hidden") is not None
            or bool(_HIDING.search(element.get("style") or ""))
            or element in hidden
        )

    add_blocks(
        root, Markup(kinds={**_HEADINGS, "li": "bullet", "p": "body"}, separators=_SEPARATORS, skipped=skipped), out
    )
    return out


def _style_sheet_hidden(root: Any) -> set[Any]:
    """The elements that a ``<style>`` rule hides on every screen (top level, or ``@media screen``/``all``)."""
    styles = [element.text or "" for element in root.iter("style")]
    if not styles:
        return set()
    import tinycss2
    from cssselect import HTMLTranslator, SelectorError

    translator = HTMLTranslator()
    hidden: set[Any] = set()

    def visit(rules: list[Any]) -> None:
        for rule in rules:
            if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
                if _SCREEN_MEDIA.match(tinycss2.serialize(rule.prelude)):
                    visit(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
            elif rule.type == "qualified-rule" and _HIDING.search(tinycss2.serialize(rule.content)):
                for selector in tinycss2.serialize(rule.prelude).split(","):
                    try:
                        hidden.update(root.xpath(translator.css_to_xpath(selector.strip())))
                    except (SelectorError, ValueError):
                        continue  # a selector cssselect cannot follow (:hover) may leave the text shown

    for css in styles:
        visit(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return hidden

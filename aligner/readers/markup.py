"""One walk over a marked-up tree (XML or HTML parsed by lxml) that turns its elements into blocks.

A :class:`Markup` says, per element name, which elements are a block of their own (a paragraph, a headline, a list
item), which break a line, which only separate paragraphs (a ``div``, a table cell) and which are left out with all
they contain. Text directly inside a separating element becomes a paragraph of its own, so no visible text is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aligner.model import SegmentKind
from aligner.readers import BlockText
from aligner.readers.safexml import local_name

#: White space of the markup itself (the source's line breaks and indentation): one space, as a browser shows it.
_MARKUP_SPACE = re.compile(r"[ \t\r\n\f]+")


def _never(_: Any) -> bool:
    return False


@dataclass(frozen=True)
class Markup:
    """How a vocabulary's elements map onto blocks; names are local names, lower-case."""

    kinds: Mapping[str, SegmentKind]
    breaks: frozenset[str] = frozenset({"br"})
    separators: frozenset[str] = frozenset()
    skipped: Callable[[Any], bool] = field(default=_never)


def add_blocks(root: Any, markup: Markup, out: BlockText) -> None:
    """Add the blocks of the tree under ``root`` to ``out``, in document order."""
    pending: list[str] = []

    def flush() -> None:
        out.add("".join(pending))
        pending.clear()

    def inner_text(element: Any, parts: list[str]) -> None:
        parts.append(_MARKUP_SPACE.sub(" ", element.text or ""))
        for child in element:
            if isinstance(child.tag, str) and not markup.skipped(child):
                if local_name(child) in markup.breaks:
                    parts.append("\n")
                else:
                    inner_text(child, parts)
            parts.append(_MARKUP_SPACE.sub(" ", child.tail or ""))

    def walk(element: Any) -> None:
        name = local_name(element)
        if not name or markup.skipped(element):
            return
        kind = markup.kinds.get(name)
        if kind:
            flush()
            parts: list[str] = []
            inner_text(element, parts)
            out.add("".join(parts), kind)
        elif name in markup.breaks:
            pending.append("\n")
        else:
            separates = name in markup.separators
            if separates:
                flush()
            pending.append(_MARKUP_SPACE.sub(" ", element.text or ""))
            for child in element:
                walk(child)
                pending.append(_MARKUP_SPACE.sub(" ", child.tail or ""))
            if separates:
                flush()

    walk(root)
    flush()

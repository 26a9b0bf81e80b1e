"""Agency XML: NITF and NewsML-G2, whose markup already says what is headline, byline, dateline and paragraph.

NITF keeps the story in ``body``: ``hl1``/``hl2`` headlines, ``byline``, ``dateline``, paragraphs and lists; its
``head`` (metadata, a title that repeats the headline) is left out. NewsML-G2 keeps the headline, byline and
dateline in ``contentMeta`` and the story in ``contentSet`` as inline XHTML or NITF; the rest of its metadata
(rights, subjects, catalogues, slugline) is not text a translator translates, and is left out.
"""

from __future__ import annotations

from typing import Any

from aligner.readers import BlockText
from aligner.readers.markup import Markup, add_blocks
from aligner.readers.safexml import local_name, parse_xml

_KINDS: dict[str, Any] = {
    "hl1": "headline",
    "hl2": "headline",
    "headline": "headline",
    **{f"h{level}": "headline" for level in range(1, 7)},
    "byline": "body",
    "by": "body",
    "dateline": "body",
    "p": "body",
    "li": "bullet",
    "tagline": "body",
}
_SEPARATORS = frozenset({"block", "abstract", "ul", "ol", "dl", "div", "section", "table", "tr", "td", "th", "body"})
#: Metadata: NITF's and XHTML's head, NewsML-G2's item metadata, rights and catalogues, NITF's notes and media.
_SKIPPED = frozenset(
    {"head", "itemmeta", "rightsinfo", "catalogref", "catalog", "remotecontent", "media", "note", "docdata", "title"}
)
#: What ``contentMeta`` holds that is story text; its other children are metadata.
_STORY_META = frozenset({"headline", "by", "dateline"})


def _skipped(element: Any) -> bool:
    name = local_name(element)
    if name in _SKIPPED:
        return True
    parent = element.getparent()
    return parent is not None and local_name(parent) == "contentmeta" and name not in _STORY_META


NEWS = Markup(kinds=_KINDS, separators=_SEPARATORS, skipped=_skipped)


def read_news(data: bytes, name: str, **_: object) -> BlockText:
    out = BlockText()
    add_blocks(parse_xml(data, name), NEWS, out)
    return out

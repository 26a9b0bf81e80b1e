"""XML parsed safely: no entity is ever expanded, no DTD or other file is loaded, nothing is fetched.

A file that declares an entity is refused outright: an external entity is how XML reads files and URLs it should
not (XXE), and nested internal ones are how it fills memory ("billion laughs"). Wire XML and CAT files do not need
either.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from aligner.errors import InputError


def parse_xml(data: bytes, name: str) -> Any:
    """The root element of ``data``; a syntax error or an entity declaration is one :class:`InputError` line."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: not well-formed XML ({exc.msg})") from None
    dtd = root.getroottree().docinfo.internalDTD
    entities = list(dtd.iterentities()) if dtd is not None else []
    if entities:
        external = [e.name for e in entities if e.system_url]
        what = "an external entity" if external else "an entity"
        raise InputError(
            f"{name}: declares {what} (<!ENTITY {(external or [entities[0].name])[0]} ...>), "
            "which is not read for safety; remove the declaration"
        )
    return root


def local_name(element: Any) -> str:
    """The tag without its namespace, lower-cased; ``""`` for comments and processing instructions."""
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""

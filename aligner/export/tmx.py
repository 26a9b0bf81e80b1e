"""TMX 1.4b export: one translation unit per link that has text on both sides, for translation memories.

Merged links (1-2, 2-1) become one unit whose sides join their segments with a space. No creation date is
written, so equal results give equal files. Characters XML 1.0 cannot carry (C0 controls other than tab and
newline, lone surrogates, U+FFFE/U+FFFF) are replaced with U+FFFD; nothing else changes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from aligner import __version__
from aligner.model import AuditResult, Segment

#: What XML 1.0 cannot represent, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD (escaping is the serialiser's job)."""
    return _NOT_XML.sub("\ufffd", text)


def joined(segments: tuple[Segment, ...], indices: tuple[int, ...]) -> str:
    """The text of a link's side: its segments joined by a space."""
    return " ".join(segments[i].text for i in indices)


def dumps(result: AuditResult) -> str:
    src_lang, tgt_lang = result.source.lang, result.target.lang
    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(
        tmx,
        "header",
        {
            "creationtool": "aligner",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "aligner",
            "adminlang": "en",
            "srclang": src_lang,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(tmx, "body")
    for number, link in enumerate(result.links):
        if not (link.source and link.target):
            continue
        unit = ET.SubElement(body, "tu", tuid=str(number + 1))
        ET.SubElement(unit, "prop", type="x-score").text = f"{link.score:.4f}"
        ET.SubElement(unit, "prop", type="x-link-kind").text = link.kind
        for lang, text in (
            (src_lang, joined(result.source_segments, link.source)),
            (tgt_lang, joined(result.target_segments, link.target)),
        ):
            variant = ET.SubElement(unit, "tuv", {XML_LANG: lang})
            ET.SubElement(variant, "seg").text = xml_text(text)
    ET.indent(tmx, space=" ")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        + ET.tostring(tmx, encoding="unicode")
        + "\n"
    )

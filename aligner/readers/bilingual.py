"""Bilingual files, where each source unit is already paired with its target: XLIFF 1.2 and 2.x, TMX and PO.

XLIFF and TMX are read with lxml through the safe parser (:mod:`aligner.readers.safexml`), keeping the tree so that
findings can be written back onto the same units; PO with polib. A unit's text is its plain text: inline codes
(XLIFF ``g``/``x``/``ph``/``pc``, TMX ``bpt``/``ph``) keep the text they enclose and lose their markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligner.errors import InputError
from aligner.readers import require
from aligner.readers.safexml import local_name, parse_xml

XLIFF_1 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_2 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Inline elements whose content is not text (a placeholder's original code, a note).
_CODE_ONLY = frozenset({"ph", "bpt", "ept", "it", "x", "bx", "ex", "sc", "ec", "sub", "cp"})


@dataclass(frozen=True)
class Unit:
    """One translation unit: ``target`` is ``None`` where the file has no target at all, ``""`` where it is empty.

    ``element`` is the file's element that holds the pair (XLIFF ``trans-unit`` or ``segment``, TMX ``tu``), where
    findings are written back; ``None`` for PO.
    """

    id: str
    source: str
    target: str | None
    element: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BilingualFile:
    """The units of one file, its format (``xliff-1.2``, ``xliff-2.0``, ``tmx``, ``po``) and languages if stated."""

    format: str
    units: tuple[Unit, ...]
    src_lang: str = ""
    tgt_lang: str = ""
    root: Any = field(default=None, compare=False, repr=False)


def read_bilingual(
    path: Path, data: bytes, name: str, tgt_lang: str | None = None, encoding: str | None = None
) -> BilingualFile:
    """The units of an XLIFF, TMX or PO file (a PO file not in UTF-8 needs ``encoding``); a file with no target
    at all is an :class:`InputError`."""
    if path.suffix.lower() == ".po" or not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        bilingual = _read_po(data, name, encoding)
    else:
        root = parse_xml(data, name)
        kind = local_name(root)
        if kind == "xliff":
            bilingual = _read_xliff(root, name)
        elif kind == "tmx":
            bilingual = _read_tmx(root, tgt_lang)
        else:
            raise InputError(f"{name}: <{kind}> is not a bilingual file (XLIFF 1.2 or 2.x, TMX, PO are)")
    if not bilingual.units:
        raise InputError(f"{name}: no translation units")
    if all(unit.target is None for unit in bilingual.units):
        raise InputError(f"{name}: no unit has a target, so there is no translation to audit")
    return bilingual


def _text(element: Any) -> str:
    """The plain text of a source or target: inline codes keep the text they enclose, lose their markup."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and local_name(child) not in _CODE_ONLY:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_xliff(root: Any, name: str) -> BilingualFile:
    version = root.get("version", "")
    namespace = re.match(r"\{(.*)\}", root.tag)
    uri = namespace.group(1) if namespace else ""
    if version == "1.2" and uri in (XLIFF_1, ""):
        return _read_xliff_1(root)
    if re.fullmatch(r"2\.[0-2]", version) and uri == XLIFF_2:
        return _read_xliff_2(root, version)
    raise InputError(f"{name}: XLIFF version {version or '(none)'!r} is not read (XLIFF 1.2 and 2.0-2.2 are)")


def _read_xliff_1(root: Any) -> BilingualFile:
    units: list[Unit] = []
    src_lang, tgt_lang = "", ""
    for file in (e for e in root if local_name(e) == "file"):
        src_lang = src_lang or file.get("source-language", "")
        tgt_lang = tgt_lang or file.get("target-language", "")
        for unit in file.iter(f"{{{XLIFF_1}}}trans-unit", "trans-unit"):
            source = unit.find("{*}source")  # with the XLIFF namespace, or none
            if source is not None:
                target = _maybe(unit.find("{*}target"))
                units.append(Unit(unit.get("id", str(len(units) + 1)), _text(source), target, unit))
    return BilingualFile("xliff-1.2", tuple(units), src_lang, tgt_lang, root)


def _read_xliff_2(root: Any, version: str) -> BilingualFile:
    units: list[Unit] = []
    for unit in root.iter(f"{{{XLIFF_2}}}unit"):
        segments = [e for e in unit if local_name(e) == "segment"]
        for number, segment in enumerate(segments):
            source = segment.find(f"{{{XLIFF_2}}}source")
            if source is None:
                continue
            unit_id = unit.get("id", str(len(units) + 1))
            label = unit_id if len(segments) == 1 else f"{unit_id}/{segment.get('id', number + 1)}"
            units.append(Unit(label, _text(source), _maybe(segment.find(f"{{{XLIFF_2}}}target")), segment))
    return BilingualFile(f"xliff-{version}", tuple(units), root.get("srcLang", ""), root.get("trgLang", ""), root)


def _maybe(target: Any) -> str | None:
    return None if target is None else _text(target)


def _read_tmx(root: Any, tgt_lang: str | None) -> BilingualFile:
    header = root.find("header")
    src_lang = header.get("srclang", "") if header is not None else ""
    src_lang = "" if src_lang == "*all*" else src_lang
    units, seen_target = [], ""
    for number, tu in enumerate(root.iter("tu"), start=1):
        variants = [(v.get(XML_LANG) or v.get("lang") or "", v.find("seg")) for v in tu.iter("tuv")]
        variants = [(lang, seg) for lang, seg in variants if seg is not None]
        source = next((seg for lang, seg in variants if _same_language(lang, src_lang)), None)
        if source is None and variants:
            src_lang, source = variants[0]
        others = [(lang, seg) for lang, seg in variants if seg is not source]
        wanted = [(lang, seg) for lang, seg in others if tgt_lang and _same_language(lang, tgt_lang)]
        lang, target = (wanted or others or [("", None)])[0]
        seen_target = seen_target or lang
        if source is not None:
            units.append(Unit(tu.get("tuid", str(number)), _text(source), _maybe(target), tu))
    return BilingualFile("tmx", tuple(units), src_lang, seen_target, root)


def _same_language(tag: str, lang: str) -> bool:
    return bool(tag) and bool(lang) and tag.lower().split("-")[0].split("_")[0] == lang.lower().split("-")[0]


def _read_po(data: bytes, name: str, encoding: str | None) -> BilingualFile:
    polib: Any = require("polib", "polib", "cat")
    from aligner.inputs import decode

    try:
        catalog = polib.pofile(decode(data, name, encoding))
    except (OSError, ValueError) as exc:
        raise InputError(f"{name}: not a readable PO file ({exc})") from None
    units = []
    for entry in catalog:
        if entry.obsolete:
            continue
        target = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        ident = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        units.append(Unit(ident[:80], entry.msgid, target or None))  # PO writes "no translation" as ""
    language = catalog.metadata.get("Language", "")
    return BilingualFile("po", tuple(units), "", language, None)

"""Findings written back into the XLIFF file they came from, on the units they concern, for CAT tools to show.

Each unit with findings gets one XLIFF note per finding (every CAT tool shows notes) and an ITS 2.0 standoff
``its:locQualityIssues`` block, one ``its:locQualityIssue`` per finding (type, severity 30/60/90, the message as
comment), referred to from the unit's target (``its:locQualityIssuesRef``: an attribute of ``<target>`` in XLIFF
1.2, an ``<mrk type="its:any">`` around the target's content in XLIFF 2.x, as its ITS module has it). A source's
content is never changed. Nothing else in the file changes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lxml import etree

from aligner.check import CheckedFile
from aligner.export.xliff import ITS_NS, ITS_SEVERITY, ITS_TYPES
from aligner.model import Finding
from aligner.readers.bilingual import XLIFF_2

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _its(name: str) -> str:
    return f"{{{ITS_NS}}}{name}"


def annotated_xliff(checked: CheckedFile) -> bytes:
    """The XLIFF file of ``checked`` with its findings on their units (see the module docstring)."""
    bilingual = checked.bilingual
    if not bilingual.format.startswith("xliff"):
        raise ValueError("findings are written back into XLIFF files only")
    by_unit: dict[int, list[Finding]] = defaultdict(list)
    for finding in checked.result.findings:
        by_unit[finding.link].append(finding)
    root = bilingual.root
    root.set(_its("version"), "2.0")
    version_2 = bilingual.format.startswith("xliff-2")
    for number, findings in sorted(by_unit.items()):
        element = bilingual.units[number].element
        block_id = f"aligner-lqi-{number + 1}"
        holder = element.getparent() if version_2 else element  # XLIFF 2: notes and modules go in the unit
        _add_notes(holder, findings, version_2)
        issues = etree.SubElement(holder, _its("locQualityIssues"), {_XML_ID: block_id})
        for finding in findings:
            etree.SubElement(
                issues,
                _its("locQualityIssue"),
                {
                    "locQualityIssueType": finding.type if finding.type in ITS_TYPES else "other",
                    "locQualityIssueSeverity": ITS_SEVERITY.get(finding.severity, "50"),
                    "locQualityIssueComment": finding.message,
                },
            )
        _refer(element, block_id, version_2)
    etree.cleanup_namespaces(root, top_nsmap={"its": ITS_NS})
    data: bytes = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")
    return data


def _note_text(finding: Finding) -> str:
    kind = f"{finding.type}/{finding.subtype}" if finding.subtype else finding.type
    return f"aligner: {finding.severity} {kind}: {finding.message}"


def _add_notes(holder: Any, findings: list[Finding], version_2: bool) -> None:
    namespace = holder.nsmap.get(None)
    tag = f"{{{namespace}}}note" if namespace else "note"
    if not version_2:
        later = holder.find("{*}alt-trans")  # XLIFF 1.2 puts notes before alternative translations
        for finding in findings:
            note = etree.Element(tag, {"from": "aligner"})
            note.text = _note_text(finding)
            if later is None:
                holder.append(note)
            else:
                later.addprevious(note)
        return
    notes = holder.find(f"{{{XLIFF_2}}}notes")
    if notes is None:
        notes = etree.Element(f"{{{XLIFF_2}}}notes")
        holder.insert(0, notes)  # notes come first in an XLIFF 2 unit
    for finding in findings:
        note = etree.SubElement(notes, f"{{{XLIFF_2}}}note", {"category": "aligner"})
        note.text = _note_text(finding)


def _refer(element: Any, block_id: str, version_2: bool) -> None:
    """Point the unit's target at the issues block: in XLIFF 1.2 its source when it has none (an attribute changes no
    content); in XLIFF 2 a unit without a target keeps its source untouched, with the notes and the block beside it."""
    side = element.find("{*}target")
    if not version_2:
        (element.find("{*}source") if side is None else side).set(_its("locQualityIssuesRef"), f"#{block_id}")
        return
    if side is None:
        return
    mark = etree.Element(f"{{{XLIFF_2}}}mrk", {"id": block_id.replace("lqi", "m"), "type": "its:any"})
    mark.set(_its("locQualityIssuesRef"), f"#{block_id}")
    mark.text, side.text = side.text, None
    for child in list(side):
        mark.append(child)
    side.append(mark)

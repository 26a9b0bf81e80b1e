"""The finding vocabulary a reader sees: the types and subtypes the report shows, and the icon of each type.

The result keeps ITS 2.0 type names (a move is ``other/moved``); the report shows a move as the type ``moved``.
``--fail-on`` accepts exactly these names, so what a reader sees is what a pipeline can gate on.
"""

from __future__ import annotations

from aligner.model import Finding

#: Shown type -> icon. Colour comes from the stylesheet; the icon and the type's name next to it make sure a
#: finding never depends on colour alone. Types not listed here get :data:`OTHER_ICON` and the ``other`` style.
TYPE_ICONS: dict[str, str] = {
    "omission": "\u2296",
    "addition": "\u2295",
    "mistranslation": "\u2260",
    "untranslated": "\u21c4",
    "length": "\u2194",
    "moved": "\u21b7",
}
OTHER_ICON = "\u2022"
OTHER = "other"

#: Every subtype diagnosis gives, as the report shows it after a slash (``omission/sentence``).
SUBTYPES: tuple[str, ...] = (
    "sentence",
    "partial",
    "entity",
    "title",
    "number",
    "date",
    "moved",
    "shift",
    "empty",
    "copy",
    "language",
)


def css_type(finding_type: str, subtype: str = "") -> str:
    """The type a finding is shown as: its own, else its subtype's (``other/moved``), else :data:`OTHER`."""
    for name in (finding_type, subtype):
        if name in TYPE_ICONS:
            return name
    return OTHER


def label(finding: Finding) -> str:
    """``type/subtype`` as the report shows it: ``mistranslation/number``, ``moved`` (not ``moved/moved``)."""
    shown = css_type(finding.type, finding.subtype)
    name = shown if shown != OTHER else finding.type
    return f"{name}/{finding.subtype}" if finding.subtype and finding.subtype != name else name

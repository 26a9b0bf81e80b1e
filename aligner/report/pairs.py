"""Counterpart words of an aligned row, for the page's hover highlighting.

Offsets are UTF-16 positions, the unit of JavaScript string offsets, in the concatenated segment texts of a cell.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from aligner.lang.tokens import fold, is_function_word, stem, tokenize
from aligner.model import AuditResult, Link, Segment, Side

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of JavaScript string offsets."""
    return len(text) + len(_ASTRAL.findall(text))


def lang_of(result: AuditResult, side: Side) -> str:
    return result.source.lang if side == "source" else result.target.lang


def word_pairs(result: AuditResult, link: Link) -> list[list[int]]:
    """Counterpart words of one link as ``[source_start, source_end, target_start, target_end]``.

    Offsets are UTF-16 positions in the concatenated segment texts of each side (what the script walks).
    With pivot provenance, a stretch of the translated side pairs with the other side's words that share a stem
    with the pivot words it produced; without it, only words and numbers written the same on both sides pair.
    """
    pivot_side: Side = result.pivot.side
    other_side: Side = "target" if pivot_side == "source" else "source"
    other_stems: dict[str, list[tuple[int, int]]] = {}
    other_forms: dict[str, list[tuple[int, int]]] = {}
    for _, offset, text in _cell_texts(result, other_side, link.source if other_side == "source" else link.target):
        to16 = _utf16_offsets(text)
        for word_stem, form, start, end in _words(text, lang_of(result, other_side)):
            place = (to16(start) + offset, to16(end) + offset)
            other_stems.setdefault(word_stem, []).append(place)
            other_forms.setdefault(form, []).append(place)
    found: set[tuple[int, int, int, int]] = set()
    for seg_index, offset, text in _cell_texts(
        result, pivot_side, link.source if pivot_side == "source" else link.target
    ):
        to16 = _utf16_offsets(text)
        pivot = result.pivot.segments[seg_index] if seg_index < len(result.pivot.segments) else None
        matches: list[tuple[list[tuple[int, int]], int, int]] = []  # (counterparts, start, end) in this text
        if pivot and pivot.provenance:
            copied: list[tuple[str, str, int, int]] | None = None
            for src_start, src_end, pv_start, pv_end in pivot.provenance:
                stretch = pivot.text[pv_start:pv_end]
                if stretch == text[src_start:src_end]:  # copied through (names, numbers, identity pivot): by word
                    copied = copied if copied is not None else _words(text, result.pivot.lang)
                    matches += [
                        (other_stems.get(key, []), start, end)
                        for key, _, start, end in copied
                        if src_start <= start and end <= src_end
                    ]
                else:
                    keys = {key for key, _, _, _ in _words(stretch, result.pivot.lang)}
                    matches += [(other_stems.get(key, []), src_start, src_end) for key in keys]
        else:
            words = _words(text, lang_of(result, pivot_side))
            matches = [(other_forms.get(form, []), start, end) for _, form, start, end in words]
        for counterparts, start, end in matches:
            mine = (to16(start) + offset, to16(end) + offset)
            found.update((*mine, *other) if pivot_side == "source" else (*other, *mine) for other in counterparts)
    return [list(p) for p in sorted(found)]


def _cell_texts(result: AuditResult, side: Side, indices: tuple[int, ...]) -> list[tuple[int, int, str]]:
    """``(segment index, UTF-16 offset of the segment in the cell, text)`` for each segment of a cell."""
    segments: tuple[Segment, ...] = result.source_segments if side == "source" else result.target_segments
    out, offset = [], 0
    for index in indices:
        out.append((index, offset, segments[index].text))
        offset += utf16_length(segments[index].text)
    return out


def _words(text: str, lang: str) -> list[tuple[str, str, int, int]]:
    """Content words and numbers as ``(stem, folded form, start, end)``; a number's keys are its digits."""
    out = []
    for token in tokenize(text):
        if token.is_number:
            digits = re.sub(r"\D", "", token.text)
            out.append((digits, digits, token.start, token.end))
        elif token.is_word and len(token.text) > 1 and not is_function_word(token.text, lang):
            out.append((stem(token.text, lang), fold(token.text), token.start, token.end))
    return out


def _utf16_offsets(text: str) -> Callable[[int], int]:
    """Maps a character index of ``text`` to its UTF-16 index (characters beyond U+FFFF count twice)."""
    astral = [match.start() for match in _ASTRAL.finditer(text)]
    return (lambda index: index + bisect_left(astral, index)) if astral else (lambda index: index)

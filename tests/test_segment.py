"""Segmentation: hand-written tricky cases in English and French, and the no-text-lost guarantee."""

from __future__ import annotations

import pytest

from aligner.model import Document
from aligner.segment import MAX_SEGMENT_CHARS, layout, segment, segment_lines


def texts(raw: str, lang: str) -> list[str]:
    return [s.text for s in segment(Document("t", lang, raw))]


ENGLISH_CASES = [
    (
        "titles",
        "Mr. Smith met Gen. John Allen and Dr. Jones. They spoke.",
        ["Mr. Smith met Gen. John Allen and Dr. Jones.", "They spoke."],
    ),
    (
        "us-mid",
        "The U.S. Senate voted on Tuesday. Democrats objected.",
        ["The U.S. Senate voted on Tuesday.", "Democrats objected."],
    ),
    (
        "us-end",
        "Talks were held in the U.S. The deal collapsed later.",
        ["Talks were held in the U.S.", "The deal collapsed later."],
    ),
    (
        "decimals",
        "Growth slowed to 2.5 percent. Exports fell by 1,234.5 million dollars.",
        ["Growth slowed to 2.5 percent.", "Exports fell by 1,234.5 million dollars."],
    ),
    ("initials", "J. K. Rowling wrote it. She was pleased.", ["J. K. Rowling wrote it.", "She was pleased."]),
    (
        "quote-spanning",
        '"We will not give up. We will win," he said. The crowd cheered.',
        ['"We will not give up.', 'We will win," he said.', "The crowd cheered."],
    ),
    ("question-exclamation", "Is it over? No! It has just begun.", ["Is it over?", "No!", "It has just begun."]),
    ("ellipsis", "He hesitated… Then he left the room.", ["He hesitated…", "Then he left the room."]),
    (
        "months",
        "The vote is set for Jan. 5 in Washington. Results follow.",
        ["The vote is set for Jan. 5 in Washington.", "Results follow."],
    ),
    (
        "am-pm",
        "The plane landed at 6 p.m. local time. Nobody was hurt.",
        ["The plane landed at 6 p.m. local time.", "Nobody was hurt."],
    ),
    (
        "hard-wrapped",
        "The minister said the talks\nwould resume next week. Others\ndisagreed.",
        ["The minister said the talks\nwould resume next week.", "Others\ndisagreed."],
    ),
]

FRENCH_CASES = [
    (
        "titles",
        "M. Dupont a rencontré Mme Martin et Mgr Lefèvre. Ils ont parlé.",
        ["M. Dupont a rencontré Mme Martin et Mgr Lefèvre.", "Ils ont parlé."],
    ),
    (
        "decimal-comma",
        "La croissance a atteint 2,5 %. Les exportations ont reculé de 1 234,5 millions.",
        ["La croissance a atteint 2,5 %.", "Les exportations ont reculé de 1 234,5 millions."],
    ),
    (
        "nbsp-thousands",
        "Il y avait 12\u00a0000 manifestants. La police en comptait 8\u202f000.",
        ["Il y avait 12\u00a0000 manifestants.", "La police en comptait 8\u202f000."],
    ),
    (
        "guillemets",
        "« Nous ne céderons pas. » Le ministre a quitté la salle.",
        ["« Nous ne céderons pas. »", "Le ministre a quitté la salle."],
    ),
    (
        "guillemets-nbsp",
        "Il a déclaré\u00a0: «\u00a0C'est fini.\u00a0» Puis il est parti.",
        ["Il a déclaré\u00a0: «\u00a0C'est fini.\u00a0»", "Puis il est parti."],
    ),
    ("question-nbsp", "Est-ce la fin\u00a0? Personne ne le sait.", ["Est-ce la fin\u00a0?", "Personne ne le sait."]),
    ("etats-unis", "Les É.-U. ont réagi. Paris aussi.", ["Les É.-U. ont réagi.", "Paris aussi."]),
    ("ellipsis-dots", "Il a hésité... Puis il est sorti.", ["Il a hésité...", "Puis il est sorti."]),
]


@pytest.mark.parametrize(("name", "raw", "expected"), ENGLISH_CASES, ids=[c[0] for c in ENGLISH_CASES])
def test_english_sentences(name: str, raw: str, expected: list[str]) -> None:
    assert texts(raw, "en") == expected


@pytest.mark.parametrize(("name", "raw", "expected"), FRENCH_CASES, ids=[c[0] for c in FRENCH_CASES])
def test_french_sentences(name: str, raw: str, expected: list[str]) -> None:
    assert texts(raw, "fr") == expected


WIRE_STORY = """Storm batters Brittany coast, thousands without power

By Jane Doe

BREST, France, March 5 (Reuters) - A violent storm swept across Brittany on Tuesday. Winds reached 150 km/h.

Key points:
- 40,000 homes without power
- Two ferries cancelled
* Schools closed in Finistère

The storm is expected to move east
on Wednesday, forecasters said.
"""


def test_structure_headline_bullets_and_paragraphs() -> None:
    segs = segment(Document("storm", "en", WIRE_STORY))
    kinds = [(s.kind, s.text) for s in segs]
    assert kinds[0] == ("headline", "Storm batters Brittany coast, thousands without power")
    assert ("headline", "By Jane Doe") in kinds
    assert [t for k, t in kinds if k == "bullet"] == [
        "- 40,000 homes without power",
        "- Two ferries cancelled",
        "* Schools closed in Finistère",
    ]
    assert kinds[-1] == ("body", "The storm is expected to move east\non Wednesday, forecasters said.")
    paragraphs = [s.paragraph for s in segs]
    assert paragraphs == sorted(paragraphs)
    assert paragraphs[0] != paragraphs[-1]


def test_numbered_bullets_and_markdown_heading() -> None:
    raw = "# Vote count\n\n1. Turnout rose.\n2) Results due Friday\n"
    segs = segment(Document("md", "en", raw))
    assert [(s.kind, s.text) for s in segs] == [
        ("headline", "# Vote count"),
        ("bullet", "1. Turnout rose."),
        ("bullet", "2) Results due Friday"),
    ]


@pytest.mark.parametrize("raw", [WIRE_STORY, "  leading spaces. And trailing  \n\n\n", "\n\nx\n\n", "a.b.c. D e. F"])
def test_nothing_is_lost(raw: str) -> None:
    segs = segment(Document("t", "en", raw))
    for seg in segs:
        assert raw[seg.start : seg.end] == seg.text
        assert seg.text == seg.text.strip() and seg.text
    between = [raw[a.end : b.start] for a, b in zip(segs, segs[1:], strict=False)]
    gaps = [raw[: segs[0].start], *between, raw[segs[-1].end :]]
    assert all(not gap.strip() for gap in gaps)
    assert [s.index for s in segs] == list(range(len(segs)))


def test_segment_lines_keeps_line_numbers() -> None:
    segs = segment_lines(Document("t", "en", "one .\n\nthree . four .\n"))
    assert [(s.index, s.text) for s in segs] == [(0, "one ."), (1, ""), (2, "three . four .")]


def test_a_run_without_sentence_ends_is_cut_into_bounded_pieces() -> None:
    words = " ".join(f"word{n}" for n in range(3000)) + "\u00a0" + "x" * 4500 + " end"
    segs = segment(Document("t", "en", words))
    assert len(segs) > 1
    assert all(len(s.text) <= MAX_SEGMENT_CHARS for s in segs)
    assert "".join(s.text for s in segs).replace(" ", "") == words.replace(" ", "")
    for seg in segs:
        assert words[seg.start : seg.end] == seg.text


ONE_PARAGRAPH_PER_LINE = """Ferry strike strands 3,000 passengers in Calais
By Jane Doe
CALAIS, France, May 2 (Wire) - A strike by ferry crews left 3,000 passengers stranded on Friday
- Two ferries were cancelled
- Trucks queued for 12 km
Unions said the stoppage would last until Sunday and that talks with the operator had broken down
The port authority advised travellers to use the tunnel instead.
"""


def test_one_paragraph_per_line_gives_one_block_per_line_and_a_headline_without_a_blank_line() -> None:
    segs = segment(Document("ferry", "en", ONE_PARAGRAPH_PER_LINE))
    assert layout(ONE_PARAGRAPH_PER_LINE) == "lines"
    assert [(s.kind, s.text) for s in segs] == [
        ("headline", "Ferry strike strands 3,000 passengers in Calais"),
        ("body", "By Jane Doe"),
        ("body", "CALAIS, France, May 2 (Wire) - A strike by ferry crews left 3,000 passengers stranded on Friday"),
        ("bullet", "- Two ferries were cancelled"),
        ("bullet", "- Trucks queued for 12 km"),
        ("body", "Unions said the stoppage would last until Sunday and that talks with the operator had broken down"),
        ("body", "The port authority advised travellers to use the tunnel instead."),
    ]


HARD_WRAPPED = """Ferry strike strands passengers
CALAIS, France (Wire) -
A strike by ferry crews left about 3,000 passengers stranded on
Friday, the operator said. Unions said the stoppage would last until
Sunday and that talks had broken down.
"""


def test_hard_wrapped_text_is_joined_and_a_dateline_alone_opens_its_sentence() -> None:
    assert layout(HARD_WRAPPED) == "wrapped"
    segs = segment(Document("ferry", "en", HARD_WRAPPED))
    assert [s.kind for s in segs] == ["headline", "body", "body"]
    assert segs[1].text.startswith("CALAIS, France (Wire) -\nA strike") and segs[1].text.endswith("operator said.")
    assert segs[2].text == "Unions said the stoppage would last until\nSunday and that talks had broken down."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One line only, no break at all", "lines"),
        ("A sentence.\nAnother sentence.\nA third.", "lines"),
        ("a text cut\nin the middle of\nits sentences, as\nold mail was.", "wrapped"),
    ],
)
def test_layout_is_decided_from_the_breaks_between_lines(text: str, expected: str) -> None:
    assert layout(text) == expected


@pytest.mark.parametrize("tail", [" – Détails", "\n– Détails"])
def test_a_headline_tail_stays_in_the_headline(tail: str) -> None:
    text = f"Snowden prêt à coopérer avec l'Allemagne{tail}\nEdward Snowden a déclaré qu'il témoignerait.\n"
    segs = segment(Document("fr", "fr", text))
    assert [s.kind for s in segs] == ["headline", "body"]
    assert segs[0].text.endswith("– Détails")

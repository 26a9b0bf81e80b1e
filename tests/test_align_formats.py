"""Link file formats, the Vecalign-compatible scorer, and the ``align`` / ``eval`` subcommands."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aligner.align.evaluate import score_documents
from aligner.align.formats import dumps, loads_ladder, loads_links, loads_tsv, read_link_file
from aligner.cli import main
from aligner.errors import FormatError, InputError
from aligner.model import Link

LINKS = [
    Link((0,), (0,), 0.91, 0.8),
    Link((1, 2), (1,), 0.5, 0.6),
    Link((3,), (), 0.0, 0.9, "omitted"),
    Link((), (2,), 0.0, 0.7, "added"),
    Link((4,), (3, 4), 0.25, 0.55),
]


def test_links_format_round_trips() -> None:
    text = dumps(LINKS, "links")
    assert text.splitlines()[:3] == ["[0]:[0]:0.9100", "[1, 2]:[1]:0.5000", "[3]:[]:0.0000"]
    back = loads_links(text)
    assert [(k.source, k.target, k.kind) for k in back] == [(k.source, k.target, k.kind) for k in LINKS]
    assert [k.score for k in back] == pytest.approx([k.score for k in LINKS])


def test_links_format_reads_gold_without_scores() -> None:
    links = loads_links("[0]:[0, 1]\n[6, 7]:[9, 10]\n[]:[22]\n\n")
    assert [(k.source, k.target, k.kind, k.score) for k in links] == [
        ((0,), (0, 1), "aligned", 1.0),
        ((6, 7), (9, 10), "aligned", 1.0),
        ((), (22,), "added", 1.0),
    ]


def test_ladder_round_trips_a_monotone_alignment() -> None:
    text = dumps(LINKS, "ladder")
    assert text.splitlines() == [
        "0\t0\t0.9100",
        "1\t1\t0.5000",
        "3\t2\t0.0000",
        "4\t2\t0.0000",
        "4\t3\t0.2500",
        "5\t5\t0.0000",
    ]
    assert [(k.source, k.target) for k in loads_ladder(text)] == [
        ((0,), (0,)),
        ((1, 2), (1,)),
        ((3,), ()),
        ((), (2,)),
        ((4,), (3, 4)),
    ]


def test_ladder_writes_a_move_as_omission_plus_addition() -> None:
    moved = [Link((0,), (1,), 0.8, 0.9, "moved"), Link((1,), (0,), 0.8, 0.9)]
    assert [(k.source, k.target) for k in loads_ladder(dumps(moved, "ladder"))] == [
        ((0,), ()),
        ((1,), (0,)),
        ((), (1,)),
    ]


def test_tsv_round_trips_kinds_and_confidences() -> None:
    back = loads_tsv(dumps([*LINKS, Link((5,), (5,), 0.7, 0.6, "moved")], "tsv"))
    assert [k.kind for k in back] == ["aligned", "aligned", "omitted", "added", "aligned", "moved"]
    assert [k.confidence for k in back] == pytest.approx([0.8, 0.6, 0.9, 0.7, 0.55, 0.6])


@pytest.mark.parametrize(
    ("loader", "text", "message"),
    [
        (loads_links, "[0]:[0]\n[1]-[2]\n", "x:2: expected [src ids]:[tgt ids]"),
        (loads_ladder, "0\t0\t1\n2\t1\t1\n1\t3\t1\n", "x:3: ladder rungs must not go backwards"),
        (loads_tsv, "a\tb\n", "x: not a link TSV"),
    ],
)
def test_malformed_files_are_one_line_format_errors(
    loader: Callable[[str, str], list[Link]], text: str, message: str
) -> None:
    with pytest.raises(FormatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        loader(text, "x")


def test_missing_link_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="link file not found"):
        read_link_file(tmp_path / "nope.links")


GOLD = [((0,), (0,)), ((1,), (1, 2)), ((), (3,)), ((2,), (4,))]
PRED = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((), (3,)), ((2,), (4,))]


def test_scores_match_hand_computed_vecalign_counts() -> None:
    """Precision: 3 exact of 5 predicted, 4 lax; recall (no 1-0/0-1): 2 exact of 3 gold, 3 lax."""
    scores = score_documents([GOLD], [PRED])
    assert scores.precision_strict == pytest.approx(3 / 5)
    assert scores.precision_lax == pytest.approx(4 / 5)
    assert scores.recall_strict == pytest.approx(2 / 3)
    assert scores.recall_lax == pytest.approx(1.0)
    assert scores.f1_strict == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))
    assert scores.f1_lax == pytest.approx(2 * 0.8 / 1.8)


def test_scores_sum_counts_over_documents_and_survive_empty_input() -> None:
    assert score_documents([GOLD, GOLD], [PRED, GOLD]).precision_strict == pytest.approx(7 / 9)
    assert score_documents([[]], [[]]).f1_strict == 0.0
    assert score_documents([GOLD], [GOLD]).f1_strict == 1.0


def write(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_align_and_eval_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "a.txt", ["Snow fell on Grindelwald.", "The hut at 2800 m was full.", "We turned back."])
    target = write(tmp_path / "b.txt", ["Snow fell on Grindelwald.", "The hut at 2800 m was full.", "We turned back."])
    out = tmp_path / "pred.links"
    assert main(["align", source, target, "--src-lang", "en", "--tgt-lang", "en", "-o", str(out)]) == 0
    assert [line.split(":")[:2] for line in out.read_text().splitlines()] == [
        ["[0]", "[0]"],
        ["[1]", "[1]"],
        ["[2]", "[2]"],
    ]
    gold = write(tmp_path / "gold.links", ["[0]:[0]", "[1]:[1]", "[2]:[2]"])
    assert main(["eval", "--gold", gold, "--pred", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["f1_strict"] == 1.0


def test_align_command_takes_a_pivot_file_for_the_source(tmp_path: Path) -> None:
    source = write(tmp_path / "de.txt", ["Xq zv bl.", "Wr ty pm."])
    target = write(tmp_path / "fr.txt", ["La neige tombe sur Grindelwald.", "Le refuge est plein."])
    mt = write(tmp_path / "mt.fr", ["la neige tombe sur grindelwald .", "le refuge est plein ."])
    out = tmp_path / "out.tsv"
    code = main(["align", source, target, "--src-lang", "de", "--tgt-lang", "fr", "--pivot-file", mt, "-o", str(out)])
    assert code == 0
    assert [(k.source, k.target) for k in read_link_file(out)] == [((0,), (0,)), ((1,), (1,))]


def test_eval_needs_as_many_gold_as_predicted_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "g.links", ["[0]:[0]"])
    assert main(["eval", "--gold", gold, "--gold", gold, "--pred", gold]) == 2
    assert "2 --gold files but 1 --pred" in capsys.readouterr().err


def test_align_command_warns_about_identical_and_wrong_language_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    french = (
        "La tempête a frappé la côte mardi et les écoles sont fermées.\n"
        "Les habitants ont passé la nuit dans des abris.\n"
    )
    (tmp_path / "a.txt").write_text(french, encoding="utf-8")
    (tmp_path / "b.txt").write_text(french, encoding="utf-8")
    assert main(["align", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--pivot", "identity"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("aligner: warning:")]
    assert any("same text" in line for line in warnings)
    assert any("a.txt" in line and "French" in line for line in warnings)

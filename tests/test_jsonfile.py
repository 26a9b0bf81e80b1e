"""The JSON result file: round trip, and one-line errors for damaged files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.errors import FormatError
from aligner.export.jsonfile import dumps, read_result, result_from_dict, result_to_dict
from aligner.model import Document
from aligner.pipeline import CompareOptions, compare
from aligner.translate import PivotOptions

EN = "Storm hits coast\n\nA storm hit the coast on Tuesday. About 3,000 homes lost power.\n"
FR = "Une tempête frappe la côte\n\nUne tempête a frappé la côte mardi. Environ 3 000 foyers privés de courant.\n"


@pytest.fixture
def result_dict() -> dict[str, object]:
    result = compare(
        Document("en.txt", "en", EN), Document("fr.txt", "fr", FR), CompareOptions(PivotOptions("identity"))
    )
    return result_to_dict(result)


def test_round_trip_is_exact(result_dict: dict[str, object]) -> None:
    result = result_from_dict(result_dict)
    assert result_to_dict(result) == result_dict
    assert dumps(result) == dumps(result_from_dict(json.loads(dumps(result))))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda d: d["links"].append({"source": [99], "target": [], "score": 0, "confidence": 0, "kind": "omitted"}),
            "names a segment that does not exist",
        ),
        (lambda d: d["source"]["segments"][0].update(start=1), "does not match the text"),
        (lambda d: d["source"]["segments"][0].update(end=10**6), "wrong index or span"),
        (lambda d: d["pivot"]["segments"].pop(), "one translation per segment"),
        (
            lambda d: d["findings"].append(
                {"type": "omission", "severity": "major", "link": 42, "message": "", "spans": []}
            ),
            "names a link that does not exist",
        ),
        (lambda d: d.update(format=99), "not supported"),
        (lambda d: d.pop("links"), "malformed"),
    ],
)
def test_damaged_result_is_one_format_error(result_dict: dict[str, object], damage, message: str) -> None:  # type: ignore[no-untyped-def]
    damage(result_dict)
    with pytest.raises(FormatError, match=message):
        result_from_dict(result_dict)


def test_report_command_on_damaged_file_exits_2(tmp_path: Path, result_dict: dict[str, object], capsys) -> None:  # type: ignore[no-untyped-def]
    result_dict["links"][0]["source"] = [1234]  # type: ignore[index]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(result_dict), encoding="utf-8")
    assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "inconsistent" in err
    assert not (tmp_path / "r.html").exists()
    with pytest.raises(FormatError):
        read_result(path)


def test_timings_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FR, encoding="utf-8")
    common = [str(tmp_path / "en.txt"), str(tmp_path / "fr.txt"), "--pivot", "identity"]
    assert main(["compare", *common, "-o", str(tmp_path / "plain.json")]) == 0
    assert main(["compare", *common, "--timings", "-o", str(tmp_path / "timed.json")]) == 0
    assert "timings" not in json.loads((tmp_path / "plain.json").read_text("utf-8"))
    timed = json.loads((tmp_path / "timed.json").read_text("utf-8"))["timings"]
    assert list(timed) == ["segment", "translate", "encode", "align", "diagnose"]
    assert read_result(tmp_path / "timed.json").timings[0][0] == "segment"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "result file not found"), (b"{not json", "not a JSON result file"), (b"\xff\xfe\x00", "cannot read")],
)
def test_unreadable_result_file_is_one_line(tmp_path: Path, content: bytes | None, message: str, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "result.json"
    if content is not None:
        path.write_bytes(content)
    assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and message in err

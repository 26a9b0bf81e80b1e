"""Review decisions and the strict, quiet command line: keys by text, --reviews, --fail-on, output checks, -v."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from test_report import sample_result

from aligner.cli import main
from aligner.clock import audit_timestamp
from aligner.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FormatError, ToolError
from aligner.export.jsonfile import dumps, read_result, result_from_dict
from aligner.export.tsv import HEADER
from aligner.export.tsv import dumps as tsv_dumps
from aligner.model import AuditResult, Finding, Review, Span
from aligner.report import render_html
from aligner.report.data import audit_date_text, build_view
from aligner.report.gate import failing_findings, parse_fail_on
from aligner.report.kinds import label
from aligner.report.rows import reader_messages
from aligner.reviews import Decision, apply_reviews, finding_keys, read_reviews, result_id, review_summary


def _with_findings(result: AuditResult, *findings: Finding) -> AuditResult:
    return replace(result, findings=findings, reviews=())


def _reviews_file(path: Path, decisions: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"tool": "aligner", "reviews": 1, "decisions": decisions}), encoding="utf-8")
    return path


def _moved_as_diagnosed(result: AuditResult) -> AuditResult:
    """The sample with its move as diagnosis writes one: type ``other``, subtype ``moved``."""
    moved = result.findings[3]
    return replace(
        result, findings=(*result.findings[:3], replace(moved, type="other", subtype="moved"), result.findings[4])
    )


# --- keys and decisions ---------------------------------------------------------------------------------------


def test_keys_follow_the_text_not_the_index() -> None:
    result = sample_result()
    keys = finding_keys(result)
    assert len(set(keys)) == len(keys)
    reversed_keys = finding_keys(_with_findings(result, *reversed(result.findings)))
    assert reversed_keys == tuple(reversed(keys))
    twice = finding_keys(_with_findings(result, result.findings[2], result.findings[2]))
    assert twice == (keys[2], f"{keys[2]}.2")


def test_decisions_follow_their_findings_into_a_new_audit() -> None:
    result = sample_result()
    keys = finding_keys(result)
    decisions = (
        Decision(keys[0], "false-alarm", "style"),
        Decision(keys[2], "confirmed"),
        Decision(keys[4], "open"),  # open without a comment: nothing to carry
        Decision("0123456789abcdef", "fixed"),  # a finding that is gone
    )
    shifted = apply_reviews(_with_findings(result, *result.findings[1:]), decisions)  # finding 0 fixed, others move up
    assert shifted.reviews == (Review(1, "confirmed"),)
    same = apply_reviews(result, decisions)
    assert same.reviews == (Review(0, "false-alarm", "style"), Review(2, "confirmed"))


def test_review_summary_counts_each_state() -> None:
    assert review_summary(["open", "false-alarm", "false-alarm", "confirmed"]) == (
        "4 findings: 1 open, 1 confirmed, 2 false alarms"
    )
    assert review_summary(["fixed"]) == "1 finding: 1 fixed"
    assert review_summary([]) == "0 findings"


def test_reviews_and_the_audit_date_survive_the_json_file() -> None:
    result = replace(sample_result(), reviews=(Review(3, "fixed", "moved back"),))
    back = result_from_dict(json.loads(dumps(result)))
    assert back.reviews == result.reviews and back.audited == "2026-03-01T09:30:00+01:00"
    plain = json.loads(dumps(replace(result, reviews=())))
    assert "reviews" not in plain  # written only when decisions were carried in
    broken = json.loads(dumps(result))
    broken["reviews"][0]["state"] = "maybe"
    with pytest.raises(FormatError, match="unknown state"):
        result_from_dict(broken)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a reviews file"),
        ('{"tool": "aligner", "format": 1}', "export one from the report page"),
        ('{"tool": "aligner", "reviews": 7, "decisions": []}', "format 7 is not supported"),
        ('{"tool": "aligner", "reviews": 1, "decisions": [{"state": "open"}]}', "decision 1 has no key"),
        ('{"tool": "aligner", "reviews": 1, "decisions": [{"key": "k", "state": "meh"}]}', "expected one of open"),
    ],
)
def test_a_bad_reviews_file_is_one_line_before_any_work(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "reviews.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        read_reviews(bad)
    assert main(["compare", "missing-a.txt", "missing-b.txt", "--reviews", str(bad)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message.split()[0] in err and "missing-a" not in err


# --- the gate -------------------------------------------------------------------------------------------------


def test_fail_on_moved_matches_a_move_as_diagnosis_writes_it() -> None:
    result = _moved_as_diagnosed(sample_result())
    assert [f.subtype for f in failing_findings(result.findings, [parse_fail_on("moved")])] == ["moved"]


def test_fail_on_ignores_findings_marked_false_alarms(tmp_path: Path) -> None:
    result = sample_result()
    saved = tmp_path / "result.json"
    saved.write_text(dumps(result), encoding="utf-8")
    critical = finding_keys(result)[0]
    reviews = _reviews_file(tmp_path / "reviews.json", [{"key": critical, "state": "false-alarm"}])
    assert main(["report", str(saved), "--fail-on", "mistranslation:critical"]) == EXIT_FINDINGS
    assert main(["report", str(saved), "--fail-on", "mistranslation:critical", "--reviews", str(reviews)]) == EXIT_OK
    confirmed = _reviews_file(tmp_path / "confirmed.json", [{"key": critical, "state": "confirmed"}])
    assert main(["report", str(saved), "--fail-on", "mistranslation", "--reviews", str(confirmed)]) == EXIT_FINDINGS


def test_fail_on_bogus_exits_2_before_any_work(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("aligner.cli.compare.compare", pytest.fail)
    for spec in ("bogus", "omision:major", "omission/sentense"):
        assert main(["compare", "a.txt", "b.txt", "--fail-on", spec]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert "TYPE one of omission, addition, mistranslation, untranslated, length, moved, any" in err
        assert "SUBTYPE one of sentence," in err and err.count("\n") == 1


# --- output checked before work, quiet unless -v --------------------------------------------------------------


def _inputs(tmp_path: Path, same: bool = False) -> list[str]:
    (tmp_path / "a.txt").write_text("The mayor opened the bridge on Monday.\n", encoding="utf-8")
    other = "The mayor opened the bridge on Monday.\n" if same else "Le maire a ouvert le pont lundi.\n"
    (tmp_path / "b.txt").write_text(other, encoding="utf-8")
    return [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("out.docx", "cannot tell the output format"),
        ("a.txt/report.html", "a.txt is not a folder"),
        ("folder.html", "is a folder"),
    ],
)
def test_output_format_and_folder_are_checked_before_work(
    output: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _inputs(tmp_path)
    (tmp_path / "folder.html").mkdir()
    monkeypatch.setattr("aligner.cli.compare.compare", pytest.fail)
    monkeypatch.chdir(tmp_path)
    assert main(["compare", *inputs, "-o", output]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_successful_run_is_silent_unless_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _inputs(tmp_path)
    out = tmp_path / "deep" / "r.json"
    assert main(["compare", *inputs, "--pivot", "identity", "-o", str(out)]) == EXIT_OK
    assert capsys.readouterr().err == "" and out.exists()
    assert main(["compare", *inputs, "--pivot", "identity", "-o", str(out), "-v"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "aligner: pivot identity" in err and f"aligner: wrote {out}" in err


def test_a_clean_batch_is_silent_unless_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for side, text in (("en", "The mayor opened the bridge.\n"), ("fr", "Le maire a ouvert le pont.\n")):
        (tmp_path / side).mkdir()
        (tmp_path / side / "story.txt").write_text(text, encoding="utf-8")
    argv = ["batch", str(tmp_path / "en"), str(tmp_path / "fr"), "-o", str(tmp_path / "out"), "--pivot", "identity"]
    assert main([*argv, "-j", "1", "--no-progress"]) == EXIT_OK
    assert capsys.readouterr().err == ""
    assert main([*argv, "-j", "1", "--no-progress", "-v"]) == EXIT_OK
    assert "1 of 1 pairs audited (1 unchanged since the last run), 0 failed" in capsys.readouterr().err


def test_warnings_show_without_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _inputs(tmp_path, same=True)
    assert main(["compare", *inputs, "--pivot", "identity", "-o", str(tmp_path / "r.json")]) == EXIT_OK
    err = capsys.readouterr().err
    assert err.startswith("aligner: warning: ") and "pivot" not in err


# --- messages, TSV, audit date --------------------------------------------------------------------------------


def test_messages_use_report_rows_and_the_tsv_reads_the_same() -> None:
    result = _moved_as_diagnosed(sample_result())
    messages = reader_messages(result)
    # the moved sentence sits in row 4 of the original; the translation has it at the placeholder, row 6
    assert messages[3] == "Moved: row 6 in the translation"
    assert [f.message for f in build_view(result).findings] == list(messages)
    lines = [line.split("\t") for line in tsv_dumps(result).splitlines()]
    assert tuple(lines[0]) == HEADER
    rows = [dict(zip(HEADER, line, strict=True)) for line in lines[1:]]
    moved = next(r for r in rows if r["type"] == "moved")
    assert moved["row"] == "4" and moved["message"] == messages[3] and moved["severity"] == "minor"
    assert [r["row"] for r in rows] == ["1", "1", "2", "3", "4", "5"]  # one line per finding, report order
    assert [r["type"] for r in rows[:2]] == ["mistranslation/number", "length"]
    assert rows[-1]["severity"] == rows[-1]["message"] == ""  # a row without findings


def test_a_move_inside_one_row_says_so() -> None:
    result = sample_result()
    s0, t0 = result.source_segments[0], result.target_segments[0]
    inside = Finding(
        "other", "minor", 0, (Span("source", 0, s0.start, s0.end), Span("target", 0, t0.start, t0.end)), "x", "moved"
    )
    assert reader_messages(_with_findings(result, inside)) == (
        "Moved within this row: the translation has the sentences in another order",
    )


def test_the_audit_date_is_timezone_aware_and_fixed_by_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert audit_timestamp() == "2023-11-14T22:13:20+00:00"  # conftest's SOURCE_DATE_EPOCH
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    now = datetime.fromisoformat(audit_timestamp())
    assert now.tzinfo is not None and abs((datetime.now(now.tzinfo) - now).total_seconds()) < 60
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ToolError, match="SOURCE_DATE_EPOCH"):
        audit_timestamp()


@pytest.mark.parametrize(
    ("audited", "shown"),
    [
        ("2026-03-01T09:30:00+01:00", "2026-03-01 09:30 UTC+01:00"),
        ("2023-11-14T22:13:20+00:00", "2023-11-14 22:13 UTC"),
        ("", "not recorded"),
    ],
)
def test_the_report_shows_the_audit_date(audited: str, shown: str) -> None:
    assert audit_date_text(audited) == shown
    html = render_html(replace(sample_result(), audited=audited))
    assert shown in html and ("<time" in html) == bool(audited)


def test_each_side_has_its_language_and_faithful_rows_show_no_score() -> None:
    html = render_html(sample_result())
    assert (
        html.count('<td class="side source" lang="en">') == 4 and html.count('<td class="side target" lang="fr">') == 4
    )
    view = build_view(sample_result())
    assert [row.shows_score for row in view.rows] == [True, False, False, True, False, False]
    assert html.count('<td class="score"><span class="ok">&#x2713;</span></td>') == 1  # the faithful row 5


def test_decisions_render_into_the_page_and_the_summary() -> None:
    result = replace(sample_result(), reviews=(Review(0, "false-alarm", "house style"), Review(2, "confirmed")))
    html = render_html(result)
    states = [f.review for f in build_view(result).findings]
    assert states == ["false-alarm", "open", "confirmed", "open", "open"]
    assert len(re.findall(r'<li class="finding [^>]*data-review-state="', html)) == 5
    assert "5 findings: 3 open, 1 confirmed, 1 false alarm</p>" in html
    assert 'value="house style"' in html and result_id(result) == result_id(sample_result())


# --- re-auditing a corrected story ----------------------------------------------------------------------------


def test_reauditing_a_corrected_story_keeps_every_decision_still_valid(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Decide on every finding of the storm story, fix its headline number, audit again with --reviews."""
    source, target = examples_dir / "storm.en.txt", examples_dir / "storm.fr.txt"
    first = tmp_path / "first.json"
    assert main(["compare", str(source), str(target), "-o", str(first)]) == EXIT_OK
    before = read_result(first)
    keys = finding_keys(before)
    cycle = ("confirmed", "false-alarm", "fixed")
    decided = {key: cycle[n % 3] for n, key in enumerate(keys)}
    reviews = _reviews_file(
        tmp_path / "reviews.json",
        [{"key": k, "state": s, "comment": f"c{n}"} for n, (k, s) in enumerate(decided.items())],
    )
    text = target.read_text(encoding="utf-8")
    assert "21 000" in text
    corrected = tmp_path / "storm.fr.txt"
    corrected.write_text(text.replace("21 000", "12 000", 1), encoding="utf-8")
    second = tmp_path / "second.json"
    argv = ["compare", str(source), str(corrected), "-o", str(second), "--reviews", str(reviews), "-v"]
    assert main(argv) == EXIT_OK
    assert f"{len(keys) - 1} of {len(keys)} review decisions match a finding" in capsys.readouterr().err
    after = read_result(second)
    after_keys = finding_keys(after)
    still_there = [n for n, key in enumerate(after_keys) if key in decided]
    assert len(after.findings) == len(before.findings) - 1 and len(still_there) == len(after.findings)
    assert keys.index(after_keys[0]) != 0  # indices moved: matching by index would have got them wrong
    assert {after_keys[r.finding]: r.state for r in after.reviews} == {
        after_keys[n]: decided[after_keys[n]] for n in still_there
    }


@pytest.mark.parametrize(
    ("source", "target"),
    [(("storm.en.txt", "en"), ("storm.fr.txt", "fr")), (("bridge.v1.en.txt", "en"), ("bridge.v2.en.txt", "en"))],
)
def test_fail_on_accepts_every_type_and_subtype_diagnosis_gives(
    source: tuple[str, str], target: tuple[str, str], examples_dir: Path
) -> None:
    """The vocabulary --fail-on checks against must cover what diagnosis writes, or a real finding could not gate."""
    from aligner.inputs import read_document
    from aligner.pipeline import compare

    result = compare(
        read_document(examples_dir / source[0], source[1]), read_document(examples_dir / target[0], target[1])
    )
    assert result.findings
    for finding in result.findings:
        shown = label(finding)
        rule = parse_fail_on(f"{shown}:{finding.severity}")
        assert failing_findings([finding], [rule]) == (finding,), shown

"""Batch auditing: pairing, safe output names, symlinks, error records, resume after an interruption, the index."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from test_browser import WATCH_CSP, browser  # noqa: F401 - the module-scoped Chromium fixture
from threadpoolctl import threadpool_info

from aligner.batch import BatchSettings, PairJob, pair_directories, read_manifest, run_batch, safe_id
from aligner.batch import runner as batch_runner
from aligner.batch import worker as batch_worker
from aligner.batch.jobs import unique_ids
from aligner.batch.state import JOURNAL_NAME, read_journal
from aligner.batch.worker import report_path
from aligner.cli import main
from aligner.errors import FormatError, ToolError
from aligner.pipeline import CompareOptions
from aligner.translate import PivotOptions

REPO = Path(__file__).resolve().parent.parent
IDENTITY = CompareOptions(pivot=PivotOptions(backend="identity"))


def make_pairs(folder: Path, count: int) -> tuple[Path, Path]:
    """``count`` small story pairs named ``story<i>.en.txt`` / ``story<i>.fr.txt``; the French drops a sentence."""
    en, fr = folder / "en", folder / "fr"
    en.mkdir(parents=True, exist_ok=True)
    fr.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        sentences = [f"Story {i} begins here.", f"The mayor spoke for {i + 2} minutes.", "Nobody left early."]
        (en / f"story{i:03}.en.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")
        (fr / f"story{i:03}.fr.txt").write_text(" ".join(sentences[:2]) + "\n", encoding="utf-8")
    return en, fr


def settings_for(output: Path, formats: tuple[str, ...] = ("json",)) -> BatchSettings:
    return BatchSettings(output_dir=output, src_lang="en", tgt_lang="fr", options=IDENTITY, formats=formats)


def jobs_for(en: Path, fr: Path) -> list[PairJob]:
    return pair_directories(en, fr, "en", "fr")


def replace_translator(monkeypatch: pytest.MonkeyPatch, factory: Callable[..., object]) -> None:
    """Make the batch workers of this process build their translator with ``factory``, starting afresh."""
    monkeypatch.setattr(batch_worker, "make_translator", factory)
    monkeypatch.setattr(batch_worker, "_translators", {})


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["../../etc/passwd", "/etc/passwd", "..", ".hidden", "a\\..\\b", "a\x00b\nc", "con", "COM1.txt", "", "x" * 500],
)
def test_safe_id_cannot_leave_the_reports_folder(raw: str, tmp_path: Path) -> None:
    name = safe_id(raw)
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert len(name) <= 100 and name.split(".")[0].lower() not in {"con", "com1"}
    path = report_path(settings_for(tmp_path), name, "html")
    assert path.resolve().parent == (tmp_path / "reports").resolve()


def test_safe_id_keeps_ordinary_names() -> None:
    assert safe_id("2024-05-01_élection.v2") == "2024-05-01_élection.v2"


def test_unique_ids_number_collisions_ignoring_case() -> None:
    assert unique_ids(["a/b", "a\\b", "A__b", "c"]) == ["a__b", "a__b-2", "A__b-3", "c"]


# --- pairing ---------------------------------------------------------------------------------------------------


def test_pair_directories_matches_names_ignoring_language_tags_and_extensions(tmp_path: Path) -> None:
    en, fr = tmp_path / "en", tmp_path / "fr"
    (en / "desk").mkdir(parents=True)
    (fr / "desk").mkdir(parents=True)
    for path in (en / "a.en.txt", fr / "a.fr.txt", en / "b_en.md", fr / "b_fr.html", en / "desk" / "c.txt"):
        path.write_text("Text.\n", encoding="utf-8")
    (fr / "desk" / "c.txt").write_text("Texte.\n", encoding="utf-8")
    (en / "only-english.txt").write_text("Alone.\n", encoding="utf-8")
    (en / "notes.pdf").write_bytes(b"%PDF")
    jobs = {job.id: job for job in pair_directories(en, fr, "en", "fr")}
    assert sorted(jobs) == ["a", "b", "desk__c", "only-english"]
    assert jobs["b"].target == fr / "b_fr.html" and not jobs["b"].problem
    assert jobs["desk__c"].source == en / "desk" / "c.txt"
    assert "no file in" in jobs["only-english"].problem


def test_same_names_pair_before_any_language_tag_is_stripped(tmp_path: Path) -> None:
    en, fr = tmp_path / "en", tmp_path / "fr"
    en.mkdir(), fr.mkdir()
    for name in ("188-euronews-fr.txt", "1721-lexpress.fr.txt", "7-bbc-en.txt"):
        (en / name).write_text("Text.\n", encoding="utf-8")
        (fr / name).write_text("Texte.\n", encoding="utf-8")
    jobs = pair_directories(en, fr, "en", "fr")
    assert [(job.source.name, job.target.name, job.problem) for job in jobs] == [
        ("1721-lexpress.fr.txt", "1721-lexpress.fr.txt", ""),
        ("188-euronews-fr.txt", "188-euronews-fr.txt", ""),
        ("7-bbc-en.txt", "7-bbc-en.txt", ""),
    ]
    assert [job.id for job in jobs] == ["1721-lexpress.fr", "188-euronews-fr", "7-bbc"]


def test_two_files_that_could_pair_with_one_are_reported(tmp_path: Path) -> None:
    en, fr = tmp_path / "en", tmp_path / "fr"
    en.mkdir(), fr.mkdir()
    for path in (en / "a.en.txt", fr / "a.fr.txt", fr / "a_fr.md", en / "b.txt", fr / "b.txt", en / "b.en.txt"):
        path.write_text("Text.\n", encoding="utf-8")
    jobs = {(job.source.name, job.target.name): job.problem for job in pair_directories(en, fr, "en", "fr")}
    ambiguous = [names for names, problem in jobs.items() if "more than one pairing by the name 'a'" in problem]
    assert sorted(ambiguous) == [("a.en.txt", "a.en.txt"), ("a.fr.txt", "a.fr.txt"), ("a_fr.md", "a_fr.md")]
    assert jobs[("b.txt", "b.txt")] == ""  # the same name wins; the tagged file that could also pair is reported
    assert "more than one pairing by the name 'b'" in jobs[("b.en.txt", "b.en.txt")]


def test_pair_directories_skips_the_output_folder_inside_an_input(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 2)
    run_batch(jobs_for(en, fr), settings_for(en / "audit", ("json", "html")), workers=1, progress=False)
    assert (en / "audit" / "reports" / "story000.html").is_file()
    assert len(pair_directories(en, fr, "en", "fr")) == 5, "without skip, reports and index look like inputs"
    assert [job.id for job in pair_directories(en, fr, "en", "fr", skip=en / "audit")] == ["story000", "story001"]


def test_jobs_with_the_same_id_are_refused(tmp_path: Path) -> None:
    job = PairJob("same", tmp_path / "a.txt", tmp_path / "b.txt")
    with pytest.raises(ToolError, match="same reports: same"):
        run_batch([job, job], settings_for(tmp_path / "out"), workers=1, progress=False)


def test_pair_directories_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="not a folder"):
        pair_directories(tmp_path / "nope", tmp_path, "en", "fr")


def test_symlinks_out_of_the_input_folder_are_refused_unless_asked(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 2)
    secret = tmp_path / "secret.txt"
    secret.write_text("Private text.\n", encoding="utf-8")
    (en / "leak.en.txt").symlink_to(secret)
    (fr / "leak.fr.txt").write_text("Texte.\n", encoding="utf-8")
    (en / "alias.en.txt").symlink_to(en / "story000.en.txt")  # inside the folder: fine
    (fr / "alias.fr.txt").write_text("Texte.\n", encoding="utf-8")
    jobs = {job.id: job for job in pair_directories(en, fr, "en", "fr")}
    assert "symbolic link out of" in jobs["leak"].problem
    assert not jobs["alias"].problem
    followed = {job.id: job for job in pair_directories(en, fr, "en", "fr", follow_symlinks=True)}
    assert not followed["leak"].problem
    result = run_batch(list(jobs.values()), settings_for(tmp_path / "out"), workers=1, progress=False)
    by_id = {o.id: o for o in result.outcomes}
    assert by_id["leak"].status == "error" and by_id["alias"].status == "ok"
    assert "Private" not in (tmp_path / "out" / "summary.json").read_text(encoding="utf-8")


# --- manifests -------------------------------------------------------------------------------------------------


def test_manifest_tsv_with_header_and_hostile_ids(tmp_path: Path) -> None:
    manifest = tmp_path / "list.tsv"
    manifest.write_text(
        "en_path\tfr_path\tid\n# a comment\nen/a.txt\tfr/a.txt\t../../escape\nen/b.txt\tfr/b.txt\t/abs/x\n"
        "en/c.txt\tfr/c.txt\n",
        encoding="utf-8",
    )
    jobs = read_manifest(manifest)
    assert [job.id for job in jobs] == ["escape", "abs__x", "c"]
    assert jobs[0].source == tmp_path / "en" / "a.txt"


def test_manifest_csv_without_header(tmp_path: Path) -> None:
    manifest = tmp_path / "list.csv"
    manifest.write_text('"en/a, b.txt",fr/a.txt\nen/c.txt,fr/c.txt,story-c\n', encoding="utf-8")
    jobs = read_manifest(manifest)
    assert [(job.source.name, job.id) for job in jobs] == [("a, b.txt", "a_b"), ("c.txt", "story-c")]


@pytest.mark.parametrize("text", ["en/a.txt\n", "a\tb\tc\td\n", "\n# nothing\n"])
def test_malformed_manifest_is_a_format_error(tmp_path: Path, text: str) -> None:
    manifest = tmp_path / "bad.tsv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError):
        read_manifest(manifest)


# --- running ---------------------------------------------------------------------------------------------------


def test_a_corrupted_input_is_recorded_and_the_others_finish(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 4)
    (fr / "story001.fr.txt").write_bytes(b"Caf\xe9 cr\xe8me.\n")  # Latin-1, not UTF-8
    (fr / "story002.fr.txt").write_text("  \n", encoding="utf-8")
    output = tmp_path / "out"
    result = run_batch(jobs_for(en, fr), settings_for(output), workers=1, progress=False)
    status = {o.id: (o.status, o.error) for o in result.outcomes}
    assert status["story000"] == ("ok", "") and status["story003"] == ("ok", "")
    assert "not valid UTF-8" in status["story001"][1] and "empty" in status["story002"][1]
    summary = json.loads((output / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["ok"] == 2 and summary["totals"]["errors"] == 2
    for outcome in result.outcomes:  # counts come from each pair's own report
        if outcome.status == "ok":
            report = json.loads((output / dict(outcome.reports)["json"]).read_text(encoding="utf-8"))
            assert sum(n for _, n in outcome.findings_by_type) == len(report["findings"])
            assert outcome.source_segments == len(report["source"]["segments"]) == 3
    assert summary["totals"]["findings"] == sum(n for o in result.outcomes for _, n in o.findings_by_severity)
    assert (output / "reports" / "story000.json").is_file() and not (output / "reports" / "story001.json").exists()
    tsv = (output / "summary.tsv").read_text(encoding="utf-8").splitlines()
    header = ["id", "status", "source", "target", "source_segments", "target_segments", "findings"]
    assert tsv[0].split("\t")[:7] == header
    assert len(tsv) == 5


def test_reading_warnings_and_the_size_limit_reach_the_summary(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 2)
    (fr / "story000.fr.txt").write_text("Story 0 begins\x07 here.\n", encoding="utf-8")
    (en / "story001.en.txt").write_text("Long. " * 100, encoding="utf-8")
    settings = BatchSettings(output_dir=tmp_path / "out", options=IDENTITY, max_bytes=200)
    result = run_batch(jobs_for(en, fr), settings, workers=1, progress=False)
    first, second = result.outcomes
    assert first.status == "ok" and first.warnings and "over the 200-byte limit" in second.error
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["with_warnings"] == 1 and summary["pairs"][0]["warnings"] == list(first.warnings)


def test_the_translator_is_built_once_per_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []
    real = batch_worker.make_translator

    def counting(*args: object) -> object:
        built.append(args)
        return real(*args)  # type: ignore[arg-type]

    replace_translator(monkeypatch, counting)
    en, fr = make_pairs(tmp_path, 5)
    run_batch(jobs_for(en, fr), settings_for(tmp_path / "out"), workers=1, progress=False)
    assert len(built) == 1


def test_a_broken_translator_stops_the_batch_with_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        raise ToolError("model folder is missing model.bin")

    replace_translator(monkeypatch, broken)
    en, fr = make_pairs(tmp_path, 3)
    with pytest.raises(ToolError, match="model.bin"):
        run_batch(jobs_for(en, fr), settings_for(tmp_path / "out"), workers=1, progress=False)


def test_interrupted_batch_resumes_with_only_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    en, fr = make_pairs(tmp_path, 6)
    output = tmp_path / "out"
    calls: list[str] = []
    real = batch_worker.compare

    def interrupt_on_the_fourth(*args: object, **kwargs: object) -> object:
        calls.append("x")
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_worker, "compare", interrupt_on_the_fourth)
    with pytest.raises(KeyboardInterrupt):
        run_batch(jobs_for(en, fr), settings_for(output), workers=1, progress=False)
    assert sorted(read_journal(output)) == ["story000", "story001", "story002"]
    assert not list(output.rglob("*.tmp")) and not (output / "index.html").exists()

    calls.clear()
    monkeypatch.setattr(batch_worker, "compare", lambda *a, **k: calls.append("x") or real(*a, **k))
    result = run_batch(jobs_for(en, fr), settings_for(output), workers=1, progress=False)
    assert len(calls) == 3 and result.reused == 3
    assert all(o.status == "ok" for o in result.outcomes) and len(result.outcomes) == 6

    calls.clear()
    (fr / "story004.fr.txt").write_text("Changed.\n", encoding="utf-8")
    (output / "reports" / "story005.json").unlink()
    assert run_batch(jobs_for(en, fr), settings_for(output), workers=1, progress=False).reused == 4
    assert len(calls) == 2, "a changed input and a deleted report are redone"
    calls.clear()
    run_batch(jobs_for(en, fr), settings_for(output, ("json", "tsv")), workers=1, progress=False)
    assert len(calls) == 6, "changed settings redo everything"


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_pool_workers_ignore_ctrl_c_and_use_one_blas_thread() -> None:
    with ProcessPoolExecutor(1, initializer=batch_runner._prepare_worker) as pool:
        assert set(pool.submit(blas_threads).result()) == {1}
        assert pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN


def test_pool_and_serial_runs_write_identical_files(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 8)
    (fr / "story003.fr.txt").write_bytes(b"\xff\xfe\x00")
    run_batch(jobs_for(en, fr), settings_for(tmp_path / "serial"), workers=1, progress=False)
    run_batch(jobs_for(en, fr), settings_for(tmp_path / "pool"), workers=2, progress=False)
    serial, pool = files_of(tmp_path / "serial"), files_of(tmp_path / "pool")
    serial.pop(JOURNAL_NAME)
    pool.pop(JOURNAL_NAME)  # the journal is in completion order
    assert serial == pool and len(serial) == 3 + 7


def test_index_page_is_self_contained_escaped_and_allowed_by_its_policy(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 2)
    hostile = "<script>alert(1)<"
    (en / f"{hostile}.en.txt").write_text("Hello there.\n", encoding="utf-8")
    output = tmp_path / "out"
    run_batch(jobs_for(en, fr), settings_for(output), workers=1, progress=False)
    page = (output / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;" in page
    assert 'href="reports/story000.json"' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page)
    assert policy
    for tag in ("style", "script"):
        inline = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S)
        assert inline
        digest = base64.b64encode(hashlib.sha256(inline.group(1).encode()).digest()).decode()
        assert f"'sha256-{digest}'" in html.unescape(policy.group(1))


def test_index_sorts_in_a_real_browser_without_csp_violations(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    en, fr = make_pairs(tmp_path, 0)
    for name, count in (("b", 5), ("a", 2), ("c", 9)):
        (en / f"{name}.en.txt").write_text(" ".join(f"Sentence {i} is here." for i in range(count)), encoding="utf-8")
        (fr / f"{name}.fr.txt").write_text(" ".join(f"Sentence {i} is here." for i in range(count)), encoding="utf-8")
    (en / "<img src=x onerror=alert(1)>.en.txt").write_text("Alone.\n", encoding="utf-8")
    run_batch(jobs_for(en, fr), settings_for(tmp_path / "out"), workers=1, progress=False)
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
    page.add_init_script(WATCH_CSP)
    page.goto((tmp_path / "out" / "index.html").as_uri())

    def column(index: int) -> list[str]:
        cells = f"#pairs tbody tr td:nth-child({index})"
        return list(page.eval_on_selector_all(cells, "cells => cells.map(c => c.dataset.value)"))

    page.click("th button[data-column='2']")  # segments, ascending
    assert column(3) == ["0", "4", "10", "18"] and column(1)[1:] == ["a", "b", "c"]
    page.click("th button[data-column='2']")
    assert column(3) == ["18", "10", "4", "0"]
    page.click("th button[data-column='0']")
    assert column(1)[:3] == ["a", "b", "c"]
    assert page.evaluate("window.__csp") == [] and problems == []
    page.close()


# --- command line ----------------------------------------------------------------------------------------------


def test_cli_batch_exit_codes_and_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    en, fr = make_pairs(tmp_path, 3)
    output = tmp_path / "out"
    common = ["-o", str(output), "--pivot", "identity", "-j", "1"]
    assert main(["batch", str(en), str(fr), *common]) == 0
    (fr / "story001.fr.txt").write_bytes(b"\x89PNG\r\n")
    assert main(["batch", str(en), str(fr), *common]) == 2
    err = capsys.readouterr().err
    assert "2 of 3 pairs audited (2 unchanged since the last run), 1 failed" in err and "binary" in err
    for argv, message in (
        (["batch", str(en), *common], "two folders"),
        (["batch", str(en), str(fr), "--manifest", "m.tsv", *common], "not both"),
        (["batch", str(en), str(fr), "--pivot-file", "p.txt", *common], "--pivot-file"),
        (["batch", str(en), str(fr), "--formats", "json,pdf", *common], "unknown report format pdf"),
        (["batch", "--manifest", str(tmp_path / "none.tsv"), *common], "manifest not found"),
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err


def test_cli_manifest_run(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 2)
    manifest = tmp_path / "pairs.csv"
    manifest.write_text("en/story000.en.txt,fr/story000.fr.txt,../first\nen/story001.en.txt,fr/story001.fr.txt\n")
    output = tmp_path / "out"
    argv = ["batch", "--manifest", str(manifest), "-o", str(output), "--pivot", "identity", "--formats", "json,tsv"]
    assert main(argv) == 0
    assert sorted(files_of(output / "reports")) == ["first.json", "first.tsv", "story001.en.json", "story001.en.tsv"]


SLOW_BATCH = """
import signal, sys, time
# as in a terminal, even when the tests run in the background (where the shell makes the children ignore Ctrl-C)
signal.signal(signal.SIGINT, signal.default_int_handler)
from aligner.batch import worker
real = worker.compare
def slow(*args, **kwargs):
    time.sleep(0.15)
    return real(*args, **kwargs)
worker.compare = slow
from aligner.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_on_a_pool_batch_leaves_whole_reports_and_a_rerun_finishes(tmp_path: Path) -> None:
    en, fr = make_pairs(tmp_path, 16)
    output = tmp_path / "out"
    argv = ["batch", str(en), str(fr), "-o", str(output), "--pivot", "identity", "-j", "2"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_BATCH, *argv], env=env, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    journal = output / JOURNAL_NAME
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not journal.exists() or journal.read_text().count("\n") < 2):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "interrupted" in err and "Traceback" not in err, err
    done = read_journal(output)
    assert 2 <= len(done) < 16
    assert not list(output.rglob("*.tmp"))
    assert {p.stem for p in (output / "reports").iterdir()} == set(done)
    result = run_batch(jobs_for(en, fr), settings_for(output, ("json", "html")), workers=1, progress=False)
    assert result.reused == len(done) and all(o.status == "ok" for o in result.outcomes)

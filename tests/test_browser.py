"""The report in a real browser: headless Chromium (the system package) driven by Playwright.

Checks that the page runs without console errors or CSP violations from file://, that filters, j/k and the help
work, that markup written into the texts, the file name or the model name shows as text and never runs, that every
finding's message is readable on a desktop (1400x1000), a phone (390x844) and in print, and that review decisions
survive a reload and go out in the export that ``--reviews`` reads back.
Without /usr/bin/chromium (``apt-get install chromium``) the tests skip locally and fail under CI (``CI`` set),
where .ci/run installs it.

Also a small script for the README screenshots (desktop, phone, print):
``python tests/test_browser.py REPORT.html docs/screenshots``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: Runs before the page's own script: records CSP violations where the test can read them.
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));"
)


def _need_browser() -> None:
    missing = "" if CHROMIUM.exists() else f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = missing or "playwright is not installed (pip install playwright)"
    if missing and os.environ.get("CI"):
        pytest.fail(f"browser test cannot run under CI: {missing}")
    if missing:
        pytest.skip(missing)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class OpenReport:
    page: Any
    problems: list[str] = field(default_factory=list)  # console errors, page errors, dialogs

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__csp"))

    def visible_rows(self) -> list[str]:
        return list(self.page.eval_on_selector_all("tr.row:not(.hidden)", "rows => rows.map(r => r.id)"))


DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}


def open_report(browser: Any, path: Path, viewport: dict[str, int] = DESKTOP) -> OpenReport:
    page = browser.new_page(viewport=viewport)
    report = OpenReport(page)
    page.on("console", lambda m: report.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: report.problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (report.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.add_init_script(WATCH_CSP)
    page.goto(path.resolve().as_uri())
    page.wait_for_function("document.getElementById('status').textContent !== ''")
    return report


@pytest.fixture
def hostile_report(browser: Any, tmp_path: Path) -> Iterator[OpenReport]:
    from test_report import XSS_IMG, XSS_TEXT, sample_result

    from aligner.report import render_html

    result = sample_result(XSS_TEXT + " " + XSS_IMG, name=f"{XSS_IMG}.en.txt", model=XSS_TEXT)
    path = tmp_path / f"{XSS_IMG}.html"
    path.write_text(render_html(result), encoding="utf-8")
    report = open_report(browser, path)
    yield report
    report.page.close()


def test_page_runs_without_errors_or_csp_violations(hostile_report: OpenReport) -> None:
    assert hostile_report.problems == []
    assert hostile_report.csp_violations() == []
    assert hostile_report.page.text_content("#status") == "6 rows shown, 5 findings match the filters"


def test_a_script_the_hashes_do_not_allow_is_blocked(browser: Any, tmp_path: Path) -> None:
    """The control for the test above: a changed script breaks its hash, and the watcher sees the violation."""
    from test_report import sample_result

    from aligner.report import render_html

    path = tmp_path / "tampered.html"
    path.write_text(render_html(sample_result()).replace('"use strict";', '"use strict"; '), encoding="utf-8")
    page = browser.new_page()
    page.add_init_script(WATCH_CSP)
    page.goto(path.as_uri())
    assert "script-src-elem" in page.evaluate("window.__csp")
    assert page.text_content("#status") == ""
    page.close()


def test_markup_in_text_file_name_and_model_shows_as_text_and_never_runs(hostile_report: OpenReport) -> None:
    page = hostile_report.page
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('main script, main img, header img, footer script').length") == 0
    assert "<script>window.__pwned = 1</script> <img src=x" in page.text_content("#s1")
    assert page.text_content("dl.docs .name") == '<img src=x onerror="window.__pwned = 2">.en.txt'
    assert page.text_content("dl.docs .model") == "<script>window.__pwned = 1</script>"
    page.hover("#r0 mark.t-mistranslation >> nth=0")  # the message carries the payload too
    assert page.evaluate("window.__pwned") is None
    assert hostile_report.problems == []


def test_filters_by_type_severity_and_only_rows_with_findings(hostile_report: OpenReport) -> None:
    page = hostile_report.page
    assert hostile_report.visible_rows() == ["r0", "r1", "r2", "r3", "r4", "r5"]
    page.check("#only-findings")
    assert hostile_report.visible_rows() == ["r0", "r1", "r2", "r3"]
    page.uncheck('input[data-filter="type"][value="omission"]')
    assert hostile_report.visible_rows() == ["r0", "r1", "r3"]
    assert "off" in (page.get_attribute("#s1 mark", "class") or "")
    page.uncheck('input[data-filter="severity"][value="major"]')  # leaves minor and critical
    assert hostile_report.visible_rows() == ["r0", "r3"]
    assert page.text_content("#status") == "2 rows shown, 3 findings match the filters"
    page.uncheck("#only-findings")
    assert len(hostile_report.visible_rows()) == 6


def test_j_and_k_move_between_findings(hostile_report: OpenReport) -> None:
    page = hostile_report.page
    page.focus("body")

    def current() -> tuple[str, str]:
        return (
            page.evaluate("document.querySelector('tr.current').id"),
            page.evaluate("document.activeElement.closest('tr').id"),
        )

    visits = []
    for key in "jjjjk":
        page.keyboard.press(key)
        visits.append(current())
    # r0 holds two findings (mistranslation, length), then the added r1 and the omitted r2; k steps back
    assert [row for row, _ in visits] == ["r0", "r0", "r1", "r2", "r1"]
    assert all(row == focused for row, focused in visits)
    assert page.text_content("#status") == "finding 3 of 5"
    page.uncheck('input[data-filter="type"][value="moved"]')  # r3 holds only a moved finding
    for _ in range(3):
        page.keyboard.press("j")
    assert current()[0] == "r2"
    assert page.text_content("#status") == "finding 4 of 4"
    assert hostile_report.problems == []


def test_help_pivot_and_counterpart_highlighting(hostile_report: OpenReport) -> None:
    page = hostile_report.page
    page.focus("body")
    page.keyboard.press("?")
    assert page.evaluate("document.getElementById('help').open") is True
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('help').open") is False
    assert not page.is_visible("#r0 .pivot")
    page.keyboard.press("p")
    assert page.is_visible("#r0 .pivot")
    page.mouse.move(0, 0)
    page.hover("#s0 >> text=Monday")  # prepares the row's word pairs
    page.hover("#s0 .w")
    paired = page.eval_on_selector_all("#r0 .w.pair", "els => els.map(e => e.textContent)")
    assert paired == ["minister", "Le ministre"]
    page.hover("#t0 mark")
    assert page.eval_on_selector_all("#r0 mark.pair", "els => els.map(e => e.textContent)") == ["42", "24"]


def test_print_stylesheet_hides_the_controls_and_keeps_the_labels(hostile_report: OpenReport) -> None:
    page = hostile_report.page
    page.emulate_media(media="print")
    assert not page.is_visible("nav.controls")
    assert page.is_visible("#r0 .badge >> nth=0")
    assert page.is_visible("#r0 li.finding .msg >> nth=0") and not page.is_visible("#r0 select.review-state")
    assert page.evaluate("getComputedStyle(document.querySelector('table.rows thead th')).position") == "static"
    page.emulate_media(media="screen")
    assert page.is_visible("nav.controls")


def test_a_5000_sentence_report_opens_and_navigates_quickly(browser: Any, tmp_path: Path) -> None:
    from test_report import big_result

    from aligner.report import render_html

    path = tmp_path / "book.html"
    path.write_text(render_html(big_result(5000)), encoding="utf-8")
    started = time.perf_counter()
    report = open_report(browser, path)
    opened = time.perf_counter() - started
    page = report.page
    for _ in range(3):
        page.keyboard.press("j")
    assert page.evaluate("document.querySelector('tr.current').id") == "r20"
    assert page.text_content("#status") == "finding 3 of 500"
    page.check("#only-findings")
    assert len(report.visible_rows()) == 500
    assert report.problems == [] and report.csp_violations() == []
    assert opened < 10, f"the 5,000-sentence report took {opened:.1f} s to open"
    page.close()


# --- a report to work in: 17 findings, read and decided on a desktop and a phone ---------------------------------

#: (type, subtype, severity, message) cycled over the rows of the 17-finding story; sides get highlighted spans.
FINDING_KINDS = (
    ("mistranslation", "number", "critical", "Number: 10,000 \u2192 21 000"),
    ("omission", "sentence", "major", "Sentence missing from the translation"),
    ("mistranslation", "entity", "major", "Holt \u2192 Hall"),
    ("addition", "partial", "minor", "\u201cselon la police\u201d has no counterpart in the original"),
    (
        "omission",
        "title",
        "major",
        "Title \u201cHomeland Security Secretary\u201d before Maria dropped in the translation",
    ),
    ("other", "moved", "minor", "Sentence moved in the translation"),
)


def many_findings_result(count: int = 17) -> Any:
    """A story of ``count`` aligned sentence pairs, one finding on each, of every kind in turn."""
    from test_report import _segments

    from aligner import __version__
    from aligner.model import AuditResult, Document, Finding, Link, Pivot, PivotText, RunSettings, Span

    src = [
        f"Officials said {1000 * (i + 1):,} people in district {i} were told to leave their homes."
        for i in range(count)
    ]
    tgt = [f"Selon les autorités, {1000 * (i + 2):,} personnes du district {i} ont dû partir." for i in range(count)]
    src_text, tgt_text = " ".join(src) + "\n", " ".join(tgt) + "\n"
    s, t = _segments(src_text, src), _segments(tgt_text, tgt)
    findings = []
    for i in range(count):
        kind, subtype, severity, message = FINDING_KINDS[i % len(FINDING_KINDS)]
        spans = (
            Span("source", i, s[i].start + 15, s[i].start + 21),
            Span("target", i, t[i].start + 21, t[i].start + 27),
        )
        findings.append(Finding(kind, severity, i, spans, f"{message} ({i + 1})", subtype))
    return AuditResult(
        Document("many.en.txt", "en", src_text),
        Document("many.fr.txt", "fr", tgt_text),
        s,
        t,
        PivotText("target", "en", "lexical", tuple(Pivot(x) for x in src)),
        tuple(Link((i,), (i,), 0.3, 0.8) for i in range(count)),
        tuple(findings),
        RunSettings((("version", __version__),)),
        audited="2026-12-01T09:00:00+01:00",
    )


@pytest.fixture(scope="module")
def many_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from aligner.export.jsonfile import dumps
    from aligner.report import render_html

    folder = tmp_path_factory.mktemp("many")
    result = many_findings_result()
    (folder / "result.json").write_text(dumps(result), encoding="utf-8")
    path = folder / "many.html"
    path.write_text(render_html(result), encoding="utf-8")
    return path


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1400x1000", "390x844"])
def many_report(browser: Any, many_path: Path, request: pytest.FixtureRequest) -> Iterator[OpenReport]:
    """The 17-finding report on a desktop and on a phone."""
    report = open_report(browser, many_path, request.param)
    yield report
    report.page.close()


def test_every_message_is_visible_text_on_screen_and_in_print(many_report: OpenReport) -> None:
    report = many_report
    page = report.page
    expected = [f"{kind[3]} ({i + 1})" for i, kind in enumerate(FINDING_KINDS * 3)][:17]
    expected[5::6] = ["Moved within this row: the translation has the sentences in another order"] * len(expected[5::6])
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        shown = page.eval_on_selector_all(
            "li.finding .msg", "els => els.filter(e => e.offsetWidth > 0 && e.offsetHeight > 0).map(e => e.innerText)"
        )
        assert shown == expected, media
    assert page.text_content("#review-summary") == "17 findings: 17 open"
    assert report.problems == [] and report.csp_violations() == []


def test_at_390_px_the_rows_stack_and_nothing_scrolls_sideways(browser: Any, many_path: Path) -> None:
    report = open_report(browser, many_path, PHONE)
    page = report.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert page.evaluate("document.body.scrollWidth") <= 400
    source, target, flags = (page.locator(f"#r0 td.{c}").bounding_box() for c in ("source", "target", "flags"))
    assert source and target and flags
    assert source["y"] + source["height"] <= target["y"] <= flags["y"]  # original, then translation, then findings
    assert min(source["width"], target["width"], flags["width"]) > 300  # not 30 px columns wrapping letter by letter
    assert page.locator("table.counts").bounding_box()["width"] <= 390  # type: ignore[index]
    page.close()


def test_at_1400_px_the_rows_stay_side_by_side(browser: Any, many_path: Path) -> None:
    report = open_report(browser, many_path, DESKTOP)
    page = report.page
    source, target = (page.locator(f"#r0 td.{c}").bounding_box() for c in ("source", "target"))
    assert source and target and source["y"] == target["y"] and source["x"] < target["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    page.close()


def test_clicking_a_finding_selects_it_and_highlights_both_sides(many_report: OpenReport) -> None:
    report = many_report
    page = report.page
    page.click("#r2 li.finding .msg")
    assert page.eval_on_selector_all("li.finding.current", "els => els.map(e => e.dataset.f)") == ["2"]
    selected = page.eval_on_selector_all("mark.f.sel", "els => els.map(e => e.closest('.seg').id)")
    assert selected == ["s2", "t2"]
    page.click("#t4 mark")  # a highlight selects its finding too
    assert page.eval_on_selector_all("mark.f.sel", "els => els.map(e => e.closest('.seg').id)") == ["s4", "t4"]
    page.keyboard.press("j")
    assert page.eval_on_selector_all("li.finding.current", "els => els.map(e => e.dataset.f)") == ["5"]
    assert page.text_content("#status") == "finding 6 of 17"
    page.keyboard.press("x")  # the decision keys act on the selected finding
    assert page.get_attribute("#r5 li.finding", "data-review-state") == "false-alarm"
    assert page.input_value("#r5 select.review-state") == "false-alarm"
    page.keyboard.press("c")
    assert page.text_content("#review-summary") == "17 findings: 16 open, 1 confirmed"
    assert report.problems == []


def test_a_decision_survives_a_reload_and_goes_out_in_the_export(browser: Any, many_path: Path, tmp_path: Path) -> None:
    from aligner.cli import main
    from aligner.export.jsonfile import read_result
    from aligner.model import Review

    report = open_report(browser, many_path, PHONE)
    page = report.page
    page.select_option("#r2 select.review-state", "false-alarm")
    page.fill("#r2 input.review-comment", 'house style, "=SUM(A1)"')
    page.select_option("#r7 select.review-state", "confirmed")
    assert page.get_attribute("#r2 li.finding", "data-review-state") == "false-alarm"
    assert page.text_content("#review-summary") == "17 findings: 15 open, 1 confirmed, 1 false alarm"
    page.reload()
    page.wait_for_function("document.getElementById('status').textContent !== ''")
    assert page.get_attribute("#r2 li.finding", "data-review-state") == "false-alarm"
    assert page.input_value("#r2 input.review-comment") == 'house style, "=SUM(A1)"'
    assert page.input_value("#r7 select.review-state") == "confirmed"
    assert page.text_content("#review-summary") == "17 findings: 15 open, 1 confirmed, 1 false alarm"
    page.uncheck('input[data-filter="review"][value="open"]')
    page.check("#only-findings")
    assert report.visible_rows() == ["r2", "r7"]
    with page.expect_download() as download:
        page.click("#export-json")
    exported = tmp_path / "reviews.json"
    download.value.save_as(exported)
    with page.expect_download() as download:
        page.click("#export-csv")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert report.problems == [] and report.csp_violations() == []
    page.close()

    decisions = json.loads(exported.read_text(encoding="utf-8"))["decisions"]
    assert [d["state"] for d in decisions].count("open") == 15
    assert decisions[2]["state"] == "false-alarm" and decisions[2]["message"] == "Holt \u2192 Hall (3)"
    lines = csv_text.splitlines()
    assert lines[0] == "row,type,severity,state,comment,message,source,target,key" and len(lines) == 18
    assert lines[3].startswith('"3","mistranslation/entity","major","false-alarm","house style, ""=SUM(A1)"""')
    # the page's export is what --reviews reads: the decisions carry into a re-rendered report and its gate
    out = tmp_path / "again.json"
    saved = many_path.parent / "result.json"
    assert main(["report", str(saved), "--reviews", str(exported), "-o", str(out)]) == 0
    assert read_result(out).reviews == (Review(2, "false-alarm", 'house style, "=SUM(A1)"'), Review(7, "confirmed"))
    assert main(["report", str(saved), "--reviews", str(exported), "--fail-on", "mistranslation/entity"]) == 1
    assert main(["report", str(out), "--fail-on", "mistranslation/entity:major"]) == 1  # finding 14 is still open


def save_screenshots(report_path: Path, folder: Path) -> list[Path]:
    """PNG screenshots of a report for the README: desktop with a finding selected, phone, and print."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    shots = [folder / "report.png", folder / "report-phone.png", folder / "report-print.png"]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        desktop = open_report(chromium, report_path)
        phone = open_report(chromium, report_path, PHONE)
        if desktop.problems or phone.problems:
            raise SystemExit(f"{report_path}: {desktop.problems + phone.problems}")
        desktop.page.click("li.finding >> nth=0")
        desktop.page.keyboard.press("c")  # a decision taken: confirmed
        desktop.page.screenshot(path=str(shots[0]))
        phone.page.evaluate("document.querySelector('table.rows').scrollIntoView()")
        phone.page.screenshot(path=str(shots[1]))
        printed = open_report(chromium, report_path, {"width": 794, "height": 1123})  # A4 at 96 dpi
        printed.page.emulate_media(media="print")
        printed.page.screenshot(path=str(shots[2]))
        chromium.close()
    return shots


@pytest.mark.parametrize(("ci", "outcome"), [("1", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_chromium_fails_under_ci_and_skips_locally(
    ci: str, outcome: type[BaseException], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no-chromium is missing"):
        _need_browser()


if __name__ == "__main__":
    for shot in save_screenshots(Path(sys.argv[1]), Path(sys.argv[2])):
        print(shot)

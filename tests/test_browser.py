"""The report in a real browser: headless Chromium (the system package) driven by Playwright.

Checks that the page runs without console errors or CSP violations from file://, that filters, j/k and the help
work, and that markup written into the texts, the file name or the model name shows as text and never runs.
Without /usr/bin/chromium the tests skip locally and fail under CI (``CI`` set), where .ci/run installs it.

Also a small script for the README screenshots:
``python tests/test_browser.py REPORT.html docs/screenshots``.
"""

from __future__ import annotations

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


def open_report(browser: Any, path: Path) -> OpenReport:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
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


def save_screenshots(report_path: Path, folder: Path) -> list[Path]:
    """PNG screenshots of a report for the README: the top of the page, and a finding with the pivot shown."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    shots = [folder / "report.png", folder / "report-finding.png"]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        report = open_report(chromium, report_path)
        if report.problems:
            raise SystemExit(f"{report_path}: {report.problems}")
        report.page.screenshot(path=str(shots[0]))
        report.page.check("#show-pivot")
        report.page.keyboard.press("j")
        report.page.screenshot(path=str(shots[1]))
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

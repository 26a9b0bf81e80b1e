"""The HTML report: view model, escaping, CSP, determinism, gold file, size, the report CLI and --fail-on."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aligner import __version__
from aligner.cli import main
from aligner.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ToolError
from aligner.export.jsonfile import dumps, result_from_dict
from aligner.model import AuditResult, Document, Finding, Link, Pivot, PivotText, RunSettings, Segment, Span
from aligner.report import render_html
from aligner.report.data import build_view, pieces
from aligner.report.gate import FailRule, failing_findings, parse_fail_on
from aligner.report.pairs import utf16_length

GOLD = Path(__file__).parent / "gold"

XSS_TEXT = "<script>window.__pwned = 1</script>"
XSS_IMG = '<img src=x onerror="window.__pwned = 2">'


def _segments(text: str, sentences: list[str]) -> tuple[Segment, ...]:
    out, at = [], 0
    for index, sentence in enumerate(sentences):
        start = text.index(sentence, at)
        out.append(Segment(index, sentence, start, start + len(sentence), 0))
        at = start + len(sentence)
    return tuple(out)


def sample_result(hostile: str = "", name: str = "story.en.txt", model: str = "lexical") -> AuditResult:
    """A small result with every link kind and overlapping findings; ``hostile`` goes into texts and message."""
    src = [
        "The minister said on Monday that 42 schools would close.",
        f"Parents were angry {hostile}.",
        "The decision will be reviewed in May.",
        "A final 😀 sentence about Paris.",
    ]
    tgt = [
        "Le ministre a dit lundi que 24 écoles fermeraient.",
        "Une phrase ajoutée ici.",
        "Une dernière 😀 phrase sur Paris.",
        f"La décision sera revue en mai {hostile}.",
    ]
    src_text, tgt_text = " ".join(src) + "\n", " ".join(tgt) + "\n"
    s, t = _segments(src_text, src), _segments(tgt_text, tgt)
    pivots = (
        Pivot("The minister said Monday that 24 schools would close.", ((0, 11, 0, 12), (28, 30, 30, 32))),
        Pivot("A sentence added here."),
        Pivot("A last 😀 sentence about Paris.", ((tgt[2].index("Paris"), len(tgt[2]) - 1, 24, 29),)),
        Pivot("The decision will be reviewed in May."),
    )
    number_at = (s[0].start + s[0].text.index("42"), t[0].start + t[0].text.index("24"))
    links = (
        Link((0,), (0,), 0.81, 0.9),
        Link((1,), (), 0.0, 0.7, "omitted"),
        Link((2,), (3,), 0.66, 0.6, "moved"),
        Link((3,), (2,), 0.9, 0.9),
        Link((), (1,), 0.0, 0.8, "added"),
    )
    findings = (
        Finding(
            "mistranslation",
            "critical",
            0,
            (Span("source", 0, number_at[0], number_at[0] + 2), Span("target", 0, number_at[1], number_at[1] + 2)),
            f"number 42 became 24 {hostile}",
            "number",
        ),
        Finding("length", "minor", 0, (Span("source", 0, s[0].start, s[0].start + 20),), "shorter"),
        Finding("omission", "major", 1, (Span("source", 1, s[1].start, s[1].end),), "sentence missing"),
        Finding("moved", "minor", 2, (Span("target", 3, t[3].start, t[3].end),), "sentence moved", "order"),
        Finding("addition", "major", 4, (Span("target", 1, t[1].start, t[1].end),), "sentence not in the original"),
    )
    settings = RunSettings((("pivot", model), ("src_lang", "en"), ("version", __version__)))
    return AuditResult(
        Document(name, "en", src_text),
        Document(name.replace("en", "fr"), "fr", tgt_text),
        s,
        t,
        PivotText("target", "en", model, pivots),
        links,
        findings,
        settings,
        audited="2026-03-01T09:30:00+01:00",
    )


def big_result(sentences: int) -> AuditResult:
    """A generated result the size of a book: every sentence aligned, one finding in ten rows."""
    english = "the minister said on Monday that the schools in the northern region would close next year"
    src = [f"{english[i % 7 :]} {english[: i % 7]}, after a review of {i} files." for i in range(sentences)]
    french = "le ministre a dit lundi que les écoles de la région du nord fermeraient l'an prochain"
    tgt = [f"{french}, après l'examen de {i} dossiers." for i in range(sentences)]
    src_text, tgt_text = " ".join(src), " ".join(tgt)
    s, t = _segments(src_text, src), _segments(tgt_text, tgt)
    pivot = "the minister said Monday that the schools of the region north would close the next year"
    pivots = tuple(Pivot(f"{pivot}, after the review of {i} files.", ((0, 11, 0, 12),)) for i in range(sentences))
    links = tuple(Link((i,), (i,), 0.5 + (i % 5) / 10, 0.8) for i in range(sentences))
    findings = tuple(
        Finding("mistranslation", "major", i, (Span("target", i, t[i].start, t[i].start + 10),), "check this")
        for i in range(0, sentences, 10)
    )
    return AuditResult(
        Document("book.en.txt", "en", src_text),
        Document("book.fr.txt", "fr", tgt_text),
        s,
        t,
        PivotText("target", "en", "lexical", pivots),
        links,
        findings,
        RunSettings((("version", __version__),)),
    )


class _SegmentTexts(HTMLParser):
    """Collects the text inside each ``span.seg`` (the document text the report shows)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
        elif tag == "span" and "seg" in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.texts[-1] += data


def _inline(html: str, opening: str) -> str:
    """The content of the first element opened exactly as ``<opening>``."""
    name = opening.split()[0]
    match = re.search(rf"<{opening}>(.*?)</{name}>", html, re.S)
    assert match, opening
    return match.group(1)


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


# --- view model -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "marks", "expected"),
    [
        (5, [], [(0, 5, ())]),
        (0, [(0, 0, 1)], []),
        (10, [(2, 4, 0)], [(0, 2, ()), (2, 4, (0,)), (4, 10, ())]),
        (10, [(0, 6, 0), (4, 10, 1)], [(0, 4, (0,)), (4, 6, (0, 1)), (6, 10, (1,))]),
        (10, [(2, 4, 0), (2, 4, 1)], [(0, 2, ()), (2, 4, (0, 1)), (4, 10, ())]),
        (6, [(-3, 2, 0), (5, 99, 1)], [(0, 2, (0,)), (2, 5, ()), (5, 6, (1,))]),
        (6, [(4, 2, 0)], [(0, 6, ())]),
    ],
)
def test_pieces_cover_the_text_exactly(
    length: int, marks: list[tuple[int, int, int]], expected: list[tuple[int, int, tuple[int, ...]]]
) -> None:
    assert pieces(length, marks) == expected


def test_rows_follow_the_original_with_added_and_moved_where_the_translation_has_them() -> None:
    view = build_view(sample_result())
    kinds = [(row.kind, row.link) for row in view.rows]
    # source order 0,1,2(moved),3; the added target #1 comes after target #0; the moved target #3 sits last
    assert kinds == [
        ("aligned", 0),
        ("added", 4),
        ("omitted", 1),
        ("moved", 2),
        ("aligned", 3),
        ("moved-here", 2),
    ]
    moved, placeholder = view.rows[3], view.rows[5]
    assert moved.moved_to == placeholder.anchor and placeholder.moved_from == moved.anchor
    assert placeholder.source.empty and placeholder.target.empty and not placeholder.findings
    assert view.rows[1].source.empty and view.rows[2].target.empty


def test_summary_counts_coverage_and_agreement() -> None:
    result = sample_result()
    summary = build_view(result).summary
    assert [(t.css, t.by_severity, t.total) for t in summary.types] == [
        ("omission", (0, 1, 0), 1),
        ("addition", (0, 1, 0), 1),
        ("mistranslation", (0, 0, 1), 1),
        ("length", (1, 0, 0), 1),
        ("moved", (1, 0, 0), 1),
    ]
    assert summary.severity_totals == (2, 2, 1)
    s, t = result.source_segments, result.target_segments
    assert summary.source_coverage == pytest.approx(1 - len(s[1].text) / sum(len(x.text) for x in s))
    assert summary.target_coverage == pytest.approx(1 - len(t[1].text) / sum(len(x.text) for x in t))
    weighted = sum(
        link.score * (sum(len(s[i].text) for i in link.source) + sum(len(t[j].text) for j in link.target))
        for link in result.links
    )
    assert summary.agreement == pytest.approx(weighted / (sum(len(x.text) for x in s) + sum(len(x.text) for x in t)))


def test_word_pairs_use_provenance_and_utf16_offsets() -> None:
    view = build_view(sample_result())
    pairs = view.client_data["pairs"]
    assert isinstance(pairs, dict)
    tgt0 = "Le ministre a dit lundi que 24 écoles fermeraient."
    src0 = "The minister said on Monday that 42 schools would close."
    # "Le ministre" produced "The minister": the pivot word "minister" pairs it with the source's "minister"
    assert [4, 12, 0, 11] in pairs["r0"]
    assert src0[4:12] == "minister" and tgt0[0:11] == "Le ministre"
    # a copied stretch pairs word by word; after the emoji, offsets count UTF-16 units as the browser does
    row = next(r for r in view.rows if r.link == 3)
    src3 = "A final 😀 sentence about Paris."
    paris = src3.index("Paris")
    tgt3 = "Une dernière 😀 phrase sur Paris."
    paris_fr = utf16_length(tgt3[: tgt3.index("Paris")])
    assert pairs[row.anchor] == [[utf16_length(src3[:paris]), utf16_length(src3[:paris]) + 5, paris_fr, paris_fr + 5]]
    assert utf16_length("😀") == 2


def test_unknown_finding_types_share_the_other_style() -> None:
    result = sample_result()
    odd = Finding("<weird type>", "minor", 0, (), "odd")
    view = build_view(AuditResult(**{**result.__dict__, "findings": (odd,)}))
    assert view.rows[0].findings[0].css == "other"
    assert view.rows[0].findings[0].label == "<weird type>"


# --- rendered page --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hostile", "name", "model"),
    [
        (XSS_TEXT, "story.en.txt", "lexical"),
        (XSS_IMG, f"{XSS_IMG}.en.txt", XSS_TEXT),
        ("</script><!-- \" ' & `", "</script><!--.txt", "\"'><svg onload=alert(1)>"),
    ],
)
def test_input_text_names_and_model_are_escaped(hostile: str, name: str, model: str) -> None:
    html = render_html(sample_result(hostile, name, model))
    assert html.count("<script") == 2  # the JSON data block and our script, nothing from the input
    assert "<img" not in html and "<svg" not in html and "<!--" not in html
    assert "&lt;" in html
    blob = _inline(html, 'script type="application/json" id="report-data"')
    assert "<" not in blob and ">" not in blob
    json.loads(blob)


def test_csp_is_strict_and_hashes_match_the_inline_style_and_script() -> None:
    html = render_html(sample_result())
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy
    text = policy.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in text and "unsafe-inline" not in text and "unsafe-eval" not in text
    assert f"'sha256-{_sha256(_inline(html, 'style'))}'" in text
    assert f"'sha256-{_sha256(_inline(html, 'script'))}'" in text
    markup = re.sub(r"<(script|style)>.*?</\1>", "", html, flags=re.S)
    assert not re.search(r"<[^>]*\s(on\w+|style)\s*=", markup, re.I)  # no inline handlers or styles
    assert "innerHTML" not in html and "insertAdjacentHTML" not in html and "document.write" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing external


def test_every_segment_text_appears_once_in_order() -> None:
    result = sample_result(XSS_TEXT)
    parser = _SegmentTexts()
    parser.feed(render_html(result))
    shown = sorted(parser.texts)
    assert shown == sorted(seg.text for seg in result.source_segments + result.target_segments)


def test_header_shows_names_languages_model_direction_and_signature() -> None:
    html = render_html(sample_result(name="dépêche.en.txt", model="opus-mt-fr-en@abc123"))
    for expected in ("dépêche.en.txt", "dépêche.fr.txt", "opus-mt-fr-en@abc123", "target (fr) → en"):
        assert expected in html
    assert f"pivot:opus-mt-fr-en@abc123|src_lang:en|version:{__version__}" in html
    assert 'data-shortcut="j"' in html and 'data-shortcut="k"' in html and 'data-shortcut="?"' in html


def test_same_result_gives_byte_identical_html_also_after_a_json_round_trip() -> None:
    result = sample_result(XSS_IMG)
    first = render_html(result)
    assert render_html(result) == first
    assert render_html(result_from_dict(json.loads(dumps(result)))) == first


def test_the_cli_gives_byte_identical_reports_for_the_same_inputs(tmp_path: Path, examples_dir: Path) -> None:
    pages = []
    for run in ("one", "two"):
        out = tmp_path / run / "report.html"
        argv = ["compare", str(examples_dir / "rates.en.txt"), str(examples_dir / "rates.fr.txt"), "-o", str(out)]
        assert main([*argv, "--pivot", "identity"]) == EXIT_OK
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    assert b"rates.en.txt" in pages[0] and str(tmp_path).encode() not in pages[0]


def _blank(html: str) -> str:
    return html.replace(__version__, "VERSION")


def test_report_matches_the_gold_file() -> None:
    """On a difference the actual page is saved beside the gold file; copy it over once reviewed."""
    actual = _blank(render_html(sample_result(XSS_TEXT)))
    gold = GOLD / "report.html"
    saved = GOLD / "report.actual.html"
    if not gold.exists() or gold.read_text(encoding="utf-8") != actual:
        saved.write_text(actual, encoding="utf-8")
        pytest.fail(f"report differs from {gold}; actual output saved as {saved}")
    saved.unlink(missing_ok=True)


def test_a_5000_sentence_book_renders_under_5_mb() -> None:
    html = render_html(big_result(5000))
    assert len(html.encode("utf-8")) < 5_000_000
    assert html.count('class="row kind-aligned') == 5000


# --- the report command and the --fail-on gate ----------------------------------------------------------------


def test_report_command_rerenders_the_json_result(tmp_path: Path) -> None:
    result = sample_result(XSS_TEXT)
    saved = tmp_path / "result.json"
    saved.write_text(dumps(result), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(saved), "-o", str(out), "--format", "html", "--format", "tmx"]) == EXIT_OK
    assert out.read_text(encoding="utf-8") == render_html(result)
    assert out.with_suffix(".tmx").exists()


def test_report_command_gates_a_saved_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "result.json"
    saved.write_text(dumps(sample_result()), encoding="utf-8")
    assert main(["report", str(saved), "--fail-on", "mistranslation:critical"]) == EXIT_FINDINGS
    assert main(["report", str(saved), "--fail-on", "untranslated"]) == EXIT_OK
    assert "1 finding(s) match --fail-on" in capsys.readouterr().err


def test_report_command_refuses_a_broken_file_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "result.json"
    bad.write_text('{"tool": "aligner", "format": 1}', encoding="utf-8")
    assert main(["report", str(bad), "-o", str(tmp_path / "r.html")]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "malformed" in err


@pytest.mark.parametrize(
    ("spec", "rule"),
    [
        ("omission", FailRule("omission", "minor")),
        ("omission:major", FailRule("omission", "major")),
        ("Mistranslation:CRITICAL", FailRule("mistranslation", "critical")),
        ("any:major", FailRule("any", "major")),
        ("mistranslation/number", FailRule("mistranslation/number", "minor")),
        ("moved", FailRule("moved", "minor")),
        ("omission/sentence:Major", FailRule("omission/sentence", "major")),
    ],
)
def test_parse_fail_on(spec: str, rule: FailRule) -> None:
    assert parse_fail_on(spec) == rule


@pytest.mark.parametrize(
    "spec", ["", ":major", "omission:huge", "bogus", "omision:major", "other", "omission/bogus", "moved/sentences"]
)
def test_parse_fail_on_refuses_what_the_report_does_not_show(spec: str) -> None:
    with pytest.raises(ToolError, match="TYPE one of omission, .*moved, any; SUBTYPE one of .*SEVERITY one of"):
        parse_fail_on(spec)


@pytest.mark.parametrize(
    ("specs", "matched"),
    [
        (["omission"], ["omission"]),
        (["omission:critical"], []),
        (["any:major"], ["mistranslation", "omission", "addition"]),
        (["mistranslation/number:critical"], ["mistranslation"]),
        (["mistranslation/entity"], []),
        (["length", "moved"], ["length", "moved"]),
        ([], []),
    ],
)
def test_failing_findings(specs: list[str], matched: list[str]) -> None:
    found = failing_findings(sample_result().findings, [parse_fail_on(s) for s in specs])
    assert [f.type for f in found] == matched


@pytest.mark.parametrize(("spec", "code"), [("omission:major", EXIT_FINDINGS), ("omission:critical", EXIT_OK)])
def test_compare_fail_on_sets_the_exit_code(
    spec: str, code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("aligner.cli.compare.compare", lambda *args, **kwargs: sample_result())
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Some text here.\n", encoding="utf-8")
    argv = ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--pivot", "identity", "--fail-on", spec]
    assert main([*argv, "-o", str(tmp_path / "r.html")]) == code
    assert (tmp_path / "r.html").exists()
    assert ("match --fail-on" in capsys.readouterr().err) == (code == EXIT_FINDINGS)


def test_compare_refuses_a_bad_fail_on_before_working(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "missing-a.txt", "missing-b.txt", "--fail-on", "omission:huge"]) == EXIT_USAGE
    assert "SEVERITY one of minor, major, critical" in capsys.readouterr().err


def test_a_span_outside_its_links_row_is_still_highlighted() -> None:
    result = sample_result()
    t0 = result.target_segments[0]
    stray = Finding("omission", "minor", 1, (Span("target", 0, t0.start, t0.start + 2),), "the other side")
    html = render_html(AuditResult(**{**result.__dict__, "findings": (stray,)}))
    assert re.search(r'id="t0"><mark class="f t-omission s-minor" tabindex="0" data-f="0"[^>]*>Le</mark>', html)
    assert html.count('<li class="finding t-omission s-minor" tabindex="0" data-f="0"') == 1  # stays in its own row


def test_odd_but_valid_results_still_render() -> None:
    """No segments at all; a moved link with nothing on one side; a finding whose link does not exist."""
    empty = AuditResult(
        Document("a.txt", "en", ""),
        Document("b.txt", "fr", ""),
        (),
        (),
        PivotText("target", "en", "identity", ()),
        (),
        (),
        RunSettings(),
    )
    assert "no findings" in render_html(empty)
    result = sample_result()
    odd_links = (*result.links[:2], Link((2,), (), 0.1, 0.1, "moved"), *result.links[3:])
    at = result.source_segments[2].start
    lost = Finding("omission", "minor", 99, (Span("source", 2, at, at + 3),), "lost")
    html = render_html(AuditResult(**{**result.__dict__, "links": odd_links, "findings": (lost,)}))
    assert html.count('class="row ') == 5 and "where the translation has it" not in html
    assert '<mark class="f t-omission s-minor" tabindex="0" data-f="0" title="lost">The</mark>' in html

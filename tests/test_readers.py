"""Readers by format: the example stories written as Word, OpenDocument, NITF and a furnished news page give the
same segments, links and findings as the plain text; markup becomes blocks; bad files are one-line errors."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from storyfiles import news_page, nitf, story_blocks, write_docx, write_odt

from aligner.cli import main
from aligner.errors import InputError
from aligner.inputs import read_document
from aligner.model import AuditResult, Document
from aligner.pipeline import compare
from aligner.segment import segment

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PAIRS = [("storm.en.txt", "storm.fr.txt", "fr"), ("rates.en.txt", "rates.fr.txt", "fr")]
_MARKER = re.compile(r"^(?:[-•] )")


def written(fmt: str, story_path: Path, lang: str, folder: Path) -> Path:
    story = story_blocks(story_path.read_text(encoding="utf-8"))
    path = folder / f"{story_path.stem}.{fmt}"
    if fmt == "docx":
        return write_docx(story, path)
    if fmt == "odt":
        return write_odt(story, path)
    path = path.with_suffix(".xml" if fmt == "nitf" else ".html")
    path.write_text(nitf(story) if fmt == "nitf" else news_page(story, lang), encoding="utf-8")
    return path


def unmarked(text: str | None) -> str | None:
    """A text without its bullet marker, which is "- " in the examples and "• " where markup says "list item"."""
    return None if text is None else _MARKER.sub("", text)


def outcome(result: AuditResult) -> tuple[object, ...]:
    """Segments, links and findings, compared by their words (offsets differ between formats)."""

    def spans(finding_spans: tuple[object, ...], doc: Document, side: str) -> tuple[str | None, ...]:
        return tuple(unmarked(doc.text[s.start : s.end]) for s in finding_spans if s.side == side)  # type: ignore[attr-defined]

    return (
        tuple((unmarked(s.text), s.kind) for s in result.source_segments),
        tuple((unmarked(s.text), s.kind) for s in result.target_segments),
        tuple((link.source, link.target, link.kind) for link in result.links),
        tuple(
            (
                f.type,
                f.subtype,
                f.severity,
                spans(f.spans, result.source, "source"),
                spans(f.spans, result.target, "target"),
            )
            for f in result.findings
        ),
    )


@pytest.fixture(scope="module")
def text_outcomes() -> dict[str, tuple[object, ...]]:
    return {
        source: outcome(compare(read_document(EXAMPLES / source, "en"), read_document(EXAMPLES / target, lang)))
        for source, target, lang in PAIRS
    }


@pytest.mark.parametrize("fmt", ["docx", "odt", "nitf", "html"])
@pytest.mark.parametrize(("source", "target", "lang"), PAIRS)
def test_each_format_audits_like_the_text(
    fmt: str, source: str, target: str, lang: str, tmp_path: Path, text_outcomes: dict[str, tuple[object, ...]]
) -> None:
    source_doc = read_document(written(fmt, EXAMPLES / source, "en", tmp_path), "en")
    target_doc = read_document(written(fmt, EXAMPLES / target, lang, tmp_path), lang)
    assert (source_doc.format, target_doc.format) == (fmt, fmt)
    result = compare(source_doc, target_doc)
    assert outcome(result) == text_outcomes[source]
    for doc, segments in ((source_doc, result.source_segments), (target_doc, result.target_segments)):
        assert all(doc.text[s.start : s.end] == s.text for s in segments)


def blocks(doc: Document) -> list[tuple[str, str]]:
    return [(doc.text[b.start : b.end], b.kind) for b in doc.blocks]


def test_nitf_headline_byline_dateline_and_lists_are_blocks(tmp_path: Path) -> None:
    path = tmp_path / "story.xml"
    path.write_text(
        '<?xml version="1.0"?><nitf><head><title>Repeated title</title><docdata><urgency ed-urg="4"/></docdata></head>'
        "<body><body.head><hedline><hl1>Floods close the  port</hl1><hl2>Ships wait offshore</hl2></hedline>"
        "<byline>By <person>Ann Lee</person></byline><dateline><location>GENOA</location>, May 2</dateline>"
        "</body.head><body.content><p>The port  closed.\n   Ships wait.</p><block><ul><li>One</li><li>Two</li></ul>"
        "</block><media><media-caption>A photo</media-caption></media></body.content>"
        "<body.end><tagline>Reporting by Ann Lee</tagline></body.end></body></nitf>",
        encoding="utf-8",
    )
    doc = read_document(path, "en")
    assert doc.format == "nitf"
    assert blocks(doc) == [
        ("Floods close the port", "headline"),
        ("Ships wait offshore", "headline"),
        ("By Ann Lee", "body"),
        ("GENOA, May 2", "body"),
        ("The port closed. Ships wait.", "body"),
        ("• One", "bullet"),
        ("• Two", "bullet"),
        ("Reporting by Ann Lee", "body"),
    ]
    assert [s.text for s in segment(doc)][:4] == [
        "Floods close the port",
        "Ships wait offshore",
        "By Ann Lee",
        "GENOA, May 2",
    ]


def test_newsml_g2_story_without_its_metadata(tmp_path: Path) -> None:
    path = tmp_path / "item.xml"
    path.write_text(
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" version="1">'
        '<catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_27.xml"/>'
        "<rightsInfo><copyrightNotice>Copyright Wire</copyrightNotice></rightsInfo>"
        "<itemMeta><itemClass qcode='ninat:text'/></itemMeta>"
        "<contentMeta><slugline>PORT-FLOODS</slugline><headline>Floods close the port</headline>"
        "<by>By Ann Lee</by><dateline>GENOA, May 2</dateline><subject qcode='x'><name>Weather</name></subject>"
        "</contentMeta><contentSet><inlineXML contenttype='application/xhtml+xml'>"
        "<html xmlns='http://www.w3.org/1999/xhtml'><head><title>t</title></head><body>"
        "<p>The port closed on Tuesday.</p><ul><li>Ships wait.</li></ul></body></html>"
        "</inlineXML></contentSet></newsItem>",
        encoding="utf-8",
    )
    doc = read_document(path, "en")
    assert doc.format == "newsml"
    assert blocks(doc) == [
        ("Floods close the port", "headline"),
        ("By Ann Lee", "body"),
        ("GENOA, May 2", "body"),
        ("The port closed on Tuesday.", "body"),
        ("• Ships wait.", "bullet"),
    ]


def test_docx_styles_tables_and_sniffing(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("A Title", style="Title")
    document.add_paragraph("First point", style="List Number")
    document.add_paragraph("Body text\twith a tab.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Cell one.", "Cell two."
    path = tmp_path / "story.txt"  # a Word file with the wrong suffix is still read as one
    document.save(str(path))
    doc = read_document(path, "en")
    assert doc.format == "docx"
    assert blocks(doc) == [
        ("A Title", "headline"),
        ("• First point", "bullet"),
        ("Body text with a tab.", "body"),
        ("Cell one.", "body"),
        ("Cell two.", "body"),
    ]


def test_page_furniture_is_kept_with_html_all(tmp_path: Path) -> None:
    path = written("html", EXAMPLES / "storm.en.txt", "en", tmp_path)
    article = read_document(path, "en").text
    everything = read_document(path, "en", html_all=True).text
    for furniture in ("Read also", "Share on Facebook", "We use cookies", "All rights reserved", "Business"):
        assert furniture not in article
        assert furniture in everything
    assert article.startswith("Hurricane Lorna slams Gulf coast")


def test_a_one_paragraph_page_keeps_only_its_story(tmp_path: Path) -> None:
    story = story_blocks((EXAMPLES / "rates.en.txt").read_text(encoding="utf-8"))
    headline, body = story[0][1], next(text for kind, text in story if kind == "body")
    page = tmp_path / "short.html"
    page.write_text(news_page([("headline", headline), ("body", body)], "en"), encoding="utf-8")
    doc = read_document(page, "en")
    assert [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks] == [("headline", headline), ("body", body)]


def test_missing_library_names_the_package_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    path = written("docx", EXAMPLES / "storm.en.txt", "en", tmp_path)
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(InputError, match=r"pip install python-docx .*aligner\[office\]"):
        read_document(path, "en")


@pytest.mark.parametrize(
    ("name", "data", "fragments"),
    [
        ("corrupt.docx", b"PK\x03\x04" + b"\x00" * 40 + b"word/document.xml" + b"\x00" * 20, ("damaged",)),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ("password-protected",)),
        (
            "xxe.xml",
            b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]><nitf><p>&x;</p></nitf>',
            ("external entity",),
        ),
        ("broken.xml", b"<nitf><body><p>open</body></nitf>", ("not well-formed XML",)),
        ("units.xlf", b'<xliff version="1.2"><file/></xliff>', ("aligner check",)),
        ("other.xml", b"<rss><channel/></rss>", ("unknown kind",)),
    ],
)
def test_bad_files_are_one_line_errors(
    name: str, data: bytes, fragments: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text("Une phrase en français pour la cible.\n", encoding="utf-8")
    assert main(["compare", str(tmp_path / name), str(tmp_path / "ok.txt")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligner: error: ")
    assert all(fragment in lines[0] for fragment in fragments)


def test_damaged_docx_package(tmp_path: Path) -> None:
    good = written("docx", EXAMPLES / "storm.en.txt", "en", tmp_path).read_bytes()
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(good[: len(good) // 2])  # a download cut short: the ZIP directory is gone
    with pytest.raises(InputError, match="damaged.docx: a damaged .docx file"):
        read_document(damaged, "en")


def test_word_package_with_broken_content(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document>not closed")
    with pytest.raises(InputError, match="broken.docx: not a readable Word file"):
        read_document(path, "en")


def test_size_limit_applies_before_any_reader(tmp_path: Path) -> None:
    path = written("docx", EXAMPLES / "storm.en.txt", "en", tmp_path)
    with pytest.raises(InputError, match="over the"):
        read_document(path, "en", max_bytes=1000)


def test_batch_pairs_and_reads_other_formats(tmp_path: Path) -> None:
    import json

    en, fr = tmp_path / "en", tmp_path / "fr"
    en.mkdir(), fr.mkdir()
    written("docx", EXAMPLES / "rates.en.txt", "en", en)
    written("html", EXAMPLES / "rates.fr.txt", "fr", fr).rename(fr / "rates.en.html")  # a shared name pairs first
    assert main(["batch", str(en), str(fr), "-o", str(tmp_path / "out"), "--jobs", "1", "--html-all"]) == 0
    result = json.loads((tmp_path / "out" / "reports" / "rates.json").read_text(encoding="utf-8"))
    assert (result["source"]["file_format"], result["target"]["file_format"]) == ("docx", "html")
    assert "Lire aussi" in result["target"]["text"]  # --html-all reached the worker: the furniture is read


#: Unicode's noncharacters (U+FDD0..U+FDEF and the last two code points of every plane) are no text: the
#: OpenDocument writer the test uses replaces them, as XML tools may.
_NONCHARACTERS = "".join(
    [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)]
)
_BLOCK_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff" + _NONCHARACTERS),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip(" \t") and not text.startswith("•"))
_STORY = st.lists(st.tuples(st.sampled_from(["headline", "bullet", "body"]), _BLOCK_TEXT), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(story=_STORY, fmt=st.sampled_from(["docx", "odt", "nitf"]))
def test_every_block_comes_back_with_its_kind_and_exact_offsets(story: list[tuple[str, str]], fmt: str) -> None:
    """Any paragraphs written as Word, OpenDocument or NITF: one block each, of its kind, with its text (white
    space collapsed, a bullet marked) exactly at the block's offsets."""
    assume(fmt != "nitf" or any(kind == "headline" for kind, _ in story))  # NITF's builder needs a headline
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"story.{'xml' if fmt == 'nitf' else fmt}"
        if fmt == "docx":
            write_docx(story, path)  # type: ignore[arg-type]
        elif fmt == "odt":
            write_odt(story, path)  # type: ignore[arg-type]
        else:
            path.write_text(nitf(story), encoding="utf-8")  # type: ignore[arg-type]
        doc = read_document(path, "en")
    expected = [
        (kind, ("• " if kind == "bullet" else "") + " ".join(text.replace("\t", " ").split(" ")).strip(" "))
        for kind, text in story
    ]
    expected = [(kind, re.sub(" +", " ", text)) for kind, text in expected]
    if fmt == "nitf":  # NITF keeps one headline, in hedline, and the rest of the story in its body
        headline = next(text for kind, text in expected if kind == "headline")
        expected = [("headline", headline)] + [(k, t) for k, t in expected if k != "headline"]
    assert [(block.kind, doc.text[block.start : block.end]) for block in doc.blocks] == expected

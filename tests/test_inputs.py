"""Input reading: encodings, newlines, file kinds, limits and every error path, through the library and the CLI.

Every expected failure must reach the user as exit code 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.errors import FormatError, InputError
from aligner.export.jsonfile import result_from_dict, result_to_dict
from aligner.inputs import binary_problem, clean_text, display_name, parse_size, read_document
from aligner.langcheck import guess_language, language_warning
from aligner.model import Document
from aligner.pipeline import CompareOptions, compare
from aligner.readers.html import visible_text
from aligner.translate import PivotOptions

ENGLISH = (
    "The storm reached the coast on Tuesday night and the authorities said that more than two thousand homes "
    "were without power. Officials told residents to stay inside until the wind had dropped, and schools "
    "were closed for the rest of the week.\n"
)
FRENCH = (
    "La tempête a atteint la côte mardi soir et les autorités ont indiqué que plus de deux mille foyers "
    "étaient privés d'électricité. Les responsables ont demandé aux habitants de rester chez eux jusqu'à ce "
    "que le vent faiblisse, et les écoles sont fermées pour le reste de la semaine.\n"
)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``aligner`` in-process; argparse's own exits count as return codes."""
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def compare_files(
    capsys: pytest.CaptureFixture[str], source: Path, target: Path, *options: str
) -> tuple[int, str, str]:
    out = source.parent / "result.json"
    return run_cli(capsys, "compare", str(source), str(target), "-o", str(out), "--pivot", "identity", *options)


def assert_one_line_error(code: int, err: str, *fragments: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("aligner: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def french(tmp_path: Path) -> Path:
    path = tmp_path / "fr.txt"
    path.write_text(FRENCH, encoding="utf-8")
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- error paths, through the CLI -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "fragments"),
    [
        (lambda d: d / "missing.txt", ("missing.txt", "no such file")),
        (lambda d: d, ("is a directory",)),
        (lambda d: write(d / "empty.txt", b""), ("empty.txt", "the text is empty")),
        (lambda d: write(d / "blank.txt", b" \n\t\r\n  \n"), ("the text is empty",)),
        (lambda d: write(d / "blank.html", b"<html><head><title>T</title></head><body> </body></html>"), ("empty",)),
        (lambda d: write(d / "pic.txt", b"\x89PNG\r\n\x1a\n" + bytes(200)), ("binary",)),
        (lambda d: write(d / "zeros.txt", b"text " + bytes(100) + b" more"), ("binary", "NUL")),
        (lambda d: write(d / "ctl.txt", bytes(range(1, 9)) * 20), ("binary", "control")),
        (lambda d: write(d / "u16.txt", "Bonjour le monde".encode("utf-16-le")), ("--encoding utf-16-le",)),
        (lambda d: write(d / "u16be.txt", "Bonjour le monde".encode("utf-16-be")), ("--encoding utf-16-be",)),
        (lambda d: write(d / "latin.txt", "Le café à Montréal".encode("cp1252")), ("not valid UTF-8", "--encoding")),
        (lambda d: write(d / "odd.txt", codecs.BOM_UTF16_LE + b"a\x00b"), ("broken UTF-16", "truncated")),
        (lambda d: write(d / "big.txt", b"word " * 300), ("over the 1,024-byte limit", "--max-size")),
    ],
    ids=[
        "missing",
        "directory",
        "empty",
        "whitespace-only",
        "html-without-visible-text",
        "png",
        "nul-bytes",
        "control-bytes",
        "utf16le-without-bom",
        "utf16be-without-bom",
        "cp1252",
        "truncated-utf16",
        "over-size-limit",
    ],
)
def test_bad_input_is_one_line_error_with_exit_2(
    tmp_path: Path, french: Path, capsys: pytest.CaptureFixture[str], make: object, fragments: tuple[str, ...]
) -> None:
    source = make(tmp_path)  # type: ignore[operator]
    code, _, err = compare_files(capsys, source, french, "--max-size", "1k")
    assert_one_line_error(code, err, *fragments)


def test_bad_target_is_reported_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "en.txt", ENGLISH.encode())
    code, _, err = compare_files(capsys, source, tmp_path / "nope.txt")
    assert_one_line_error(code, err, "nope.txt", "no such file")


def test_unknown_encoding_name(tmp_path: Path, french: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = compare_files(capsys, french, french, "--encoding", "klingon-8")
    assert_one_line_error(code, err, "unknown encoding 'klingon-8'")


@pytest.mark.parametrize(
    ("encoding", "data", "fragment"),
    [
        ("undefined", b"abc", "cannot decode as 'undefined'"),
        ("base64", b"abc", "unknown encoding 'base64'"),
        ("latin-1", b"%PDF-1.4 \xe9\xe8", "binary"),
    ],
)
def test_explicit_encoding_oddities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, data: bytes, fragment: str
) -> None:
    source = write(tmp_path / "a.txt", data)
    code, _, err = compare_files(capsys, source, source, "--encoding", encoding)
    assert_one_line_error(code, err, fragment)


def test_wrong_explicit_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "en.txt", b"caf\xc3")
    code, _, err = compare_files(capsys, source, source, "--encoding", "utf-8")
    assert_one_line_error(code, err, "not valid utf-8 at byte 3")


@pytest.mark.parametrize("value", ["lots", "0", "-5", "12q"])
def test_bad_max_size_is_a_usage_error(french: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, _, err = compare_files(capsys, french, french, "--max-size", value)
    assert code == 2
    assert "--max-size" in err
    assert "Traceback" not in err


def test_endless_input_stops_at_the_limit() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(InputError, match="over the 4,096-byte limit"):
        read_document("/dev/zero", "en", max_bytes=4096)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "secret.txt", ENGLISH.encode())
    source.chmod(0)
    code, _, err = compare_files(capsys, source, source)
    assert_one_line_error(code, err, "permission denied")


def test_odd_paths_are_one_line_errors(tmp_path: Path, french: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    cases = [
        (tmp_path / ("n" * 5000), "cannot read"),  # longer than any file system allows
        (loop, "cannot read"),
        (french / "inside.txt", "no such file"),  # a file used as a folder
    ]
    for source, fragment in cases:
        code, _, err = compare_files(capsys, source, french)
        assert_one_line_error(code, err, fragment)
        assert len(err) < 400


def test_file_name_with_a_newline_stays_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = compare_files(capsys, tmp_path / "evil\nname.txt", tmp_path / "x.txt")
    assert_one_line_error(code, err, "evil\\nname.txt")


# --- encodings and newlines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (FRENCH.encode("utf-8"), None),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), None),
        (codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"), None),
        (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), None),
        (codecs.BOM_UTF32_LE + FRENCH.encode("utf-32-le"), None),
        (FRENCH.encode("utf-16-le"), "utf-16-le"),
        (FRENCH.replace("’", "'").encode("cp1252"), "cp1252"),
        (FRENCH.encode("latin-1"), "latin-1"),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32-bom", "utf16-named", "cp1252", "latin1", "bom+named"],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoded: bytes, encoding: str | None) -> None:
    doc = read_document(write(tmp_path / "fr.txt", encoded), "fr", encoding=encoding)
    assert doc.text == FRENCH.replace("’", "'") if encoding == "cp1252" else doc.text == FRENCH
    assert doc.warnings == ()


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_are_normalised(tmp_path: Path, newline: str) -> None:
    raw = f"Headline{newline}{newline}First line.{newline}Second line.{newline}"
    doc = read_document(write(tmp_path / "a.txt", raw.encode()), "en")
    assert doc.text == "Headline\n\nFirst line.\nSecond line.\n"


def test_mixed_newlines(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.txt", b"a\r\nb\rc\nd\r\r\ne"), "en")
    assert doc.text == "a\nb\nc\nd\n\ne"


def test_lone_utf16_surrogates_are_replaced_with_a_warning(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8" + "cd".encode("utf-16-le") + b"\x00\xdc"
    doc = read_document(write(tmp_path / "s.txt", data), "en")
    assert doc.text == "ab\ufffdcd\ufffd"
    assert doc.warnings == ("s.txt: 2 lone UTF-16 surrogates replaced by U+FFFD",)


def test_utf16le_bom_then_nul_is_not_mistaken_for_utf32(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "\x00abc".encode("utf-16-le")  # starts like a UTF-32-LE BOM
    assert read_document(write(tmp_path / "a.txt", data), "en").text == "\ufffdabc"
    data = codecs.BOM_UTF32_LE + "abc".encode("utf-32-le")
    assert read_document(write(tmp_path / "b.txt", data), "en").text == "abc"


def test_a_few_stray_nul_bytes_are_not_binary(tmp_path: Path) -> None:
    assert read_document(write(tmp_path / "a.txt", b"\x00"), "en").text == "\ufffd"
    assert read_document(write(tmp_path / "b.txt", b"a\x00b\x00c\x00"), "en").text == "a\ufffdb\ufffdc\ufffd"


def test_stray_control_characters_are_replaced_one_for_one(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "c.txt", b"Bell\x07 here.\x0cNext\x00 page.\x1b\n"), "en")
    assert doc.text == "Bell\ufffd here. Next\ufffd page.\ufffd\n"
    assert len(doc.warnings) == 1 and "4 control characters replaced" in doc.warnings[0]


def test_clean_text_keeps_tabs_newlines_and_printable_text() -> None:
    text = "a\tb\nc é ü \u200b \u202e עברית 😀 e\u0301"
    assert clean_text(text) == (text, [])


def test_binary_sniffing_accepts_text_with_a_few_stray_bytes() -> None:
    assert binary_problem(b"A story with one NUL\x00 in it." * 3) is None
    assert binary_problem(ENGLISH.encode()) is None
    assert binary_problem(b"%PDF-1.7\n") is not None


def test_undecodable_file_name_cannot_break_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes in a file name: a lone surrogate in Python
    source = tmp_path / name
    source.write_text(ENGLISH, encoding="utf-8")
    code, _, err = run_cli(
        capsys,
        "compare",
        str(source),
        str(source),
        "--src-lang",
        "en",
        "--tgt-lang",
        "en",
        "-o",
        str(tmp_path / "r.json"),
    )
    assert code == 0, err
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert result["source"]["name"] == "caf\ufffd.txt"


def test_display_name_escapes_control_characters() -> None:
    assert display_name(Path("a\tb\x1bc.txt")) == "a\\tb\\x1bc.txt"


@pytest.mark.parametrize(
    ("text", "size"),
    [("1234", 1234), ("10k", 10240), ("2M", 2 * 1024**2), ("1.5G", int(1.5 * 1024**3)), ("50MB", 50 * 1024**2)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    data = ENGLISH.encode()
    assert read_document(write(tmp_path / "a.txt", data), "en", max_bytes=len(data)).text == ENGLISH
    with pytest.raises(InputError, match="over the"):
        read_document(tmp_path / "a.txt", "en", max_bytes=len(data) - 1)


# --- file kinds ---------------------------------------------------------------------------------------------------


def test_markdown_is_read_as_it_is(tmp_path: Path) -> None:
    text = "# Storm hits coast\n\n- Two thousand homes without power\n- Schools closed\n\nThe storm *reached* land.\n"
    assert read_document(write(tmp_path / "a.md", text.encode()), "en").text == text


def test_html_gives_visible_text_with_blocks_as_paragraphs(tmp_path: Path) -> None:
    page = (
        b"<!doctype html><html><head><title>Hidden title</title><style>p{color:red}</style></head><body>"
        b"<h1>Storm &amp; floods</h1><script>alert('x')</script><p>First   line<br>same paragraph.</p>"
        b"<ul><li>One</li><li>Two</li></ul><p>Caf&eacute; &#233; &lt;b&gt;</p></body></html>"
    )
    doc = read_document(write(tmp_path / "a.html", page), "en", html_all=True)
    assert doc.text == "Storm & floods\n\nFirst line\nsame paragraph.\n\n• One\n\n• Two\n\nCafé é <b>\n"
    assert [(doc.text[b.start : b.end], b.kind) for b in doc.blocks][:3] == [
        ("Storm & floods", "headline"),
        ("First line\nsame paragraph.", "body"),
        ("• One", "bullet"),
    ]


@pytest.mark.parametrize(
    ("markup", "visible"),
    [
        ("<p hidden>secret</p><p>shown</p>", "shown\n"),
        ('<div style="color:red; display: none"><div>a</div>b</div><p>shown</p>', "shown\n"),
        ('<span style="visibility:hidden">x</span>shown', "shown\n"),
        ("<div hidden><div>nested</div><div>still hidden</div></div>after", "after\n"),
        ('<input hidden>shown <img hidden src="x">too', "shown too\n"),  # void elements hide nothing after them
        ("<svg><text>drawing</text></svg><p>shown</p>", "shown\n"),
        ('<style>.sr-only { display:none }</style><p>shown</p><span class="x sr-only">secret</span>', "shown\n"),
        (
            "<style>/* promo */ p.note, #promo { color: red; visibility : hidden !important }</style>"
            '<p class="note">a</p><div id="promo">b</div><p>shown</p><span class="note">other tag</span>',
            "shown\n\nother tag\n",
        ),
        (  # print-only, width-dependent and descendant rules may leave the text visible on screen: it is kept
            "<style>@media print { .np { display: none } } @media screen { .s { display: none } }"
            "@media (max-width: 600px) { .narrow { display: none } } @keyframes k { from { opacity: 0 } }"
            ".menu a { display: none } .tip:hover { display: none }</style>"
            '<p class="np">print</p><p class="s">gone</p><p class="narrow">wide</p><p class="menu">menu</p>'
            '<p class="tip">tip</p>',
            "print\n\nwide\n\nmenu\n\ntip\n",
        ),
        # CSS closes a rule left open at the end of the sheet, as browsers do
        ('<style>.a { display: none</style><p class="a">unclosed rule</p><p>shown</p>', "shown\n"),
        # selectors with combinators are followed (cssselect)
        (
            '<style>.menu > a, ul li.ad { display: none }</style><p class="menu"><a>link</a> text</p>'
            '<ul><li class="ad">ad</li><li>item</li></ul>',
            "text\n\n• item\n",
        ),
    ],
)
def test_html_hidden_content_is_left_out(markup: str, visible: str) -> None:
    assert html_to_text(markup) == visible


def html_to_text(markup: str) -> str:
    return visible_text(markup).build()[0]


def test_help_does_not_import_nltk() -> None:
    """NLTK takes about a second to import (it pulls in SciPy where installed); ``--help`` must not wait for it."""
    probe = (
        "import sys; from aligner.cli import build_parser; build_parser(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'nltk', 'scipy'}))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café à Montréal</p></body></html>'
    doc = read_document(write(tmp_path / "a.htm", page.encode("cp1252")), "fr")
    assert doc.text == "Café à Montréal\n"


def test_broken_html_does_not_raise() -> None:
    assert html_to_text("<p>open <b>never <script>closed") == "open never\n"
    assert html_to_text("<<>>&&;</p></div><p").startswith("<<>>&&;\n")


# --- warnings: identical files, empty side, wrong language --------------------------------------------------------


def test_wrong_language_warns_on_stderr_and_in_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    english = write(tmp_path / "en.txt", ENGLISH.encode())
    french = write(tmp_path / "fr.txt", FRENCH.encode())
    code, _, err = compare_files(capsys, french, english)  # swapped: --src-lang en, --tgt-lang fr
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("aligner: warning: ")]
    assert warnings == [
        "aligner: warning: fr.txt: the English file looks French (check the language options and the order of "
        "the two files)",
        "aligner: warning: en.txt: the French file looks English (check the language options and the order of "
        "the two files)",
    ]
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["warnings"] == [w.removeprefix("aligner: warning: ") for w in warnings]


def test_right_languages_give_no_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    english = write(tmp_path / "en.txt", ENGLISH.encode())
    french = write(tmp_path / "fr.txt", FRENCH.encode())
    code, _, err = compare_files(capsys, english, french)
    assert code == 0
    assert "warning" not in err
    assert json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["warnings"] == []


def test_identical_files_warn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    english = write(tmp_path / "en.txt", ENGLISH.encode())
    copy = write(tmp_path / "copy.txt", ENGLISH.replace(" ", "  ").encode())
    code, _, err = compare_files(capsys, english, copy, "--tgt-lang", "en")
    assert code == 0
    assert "aligner: warning: en.txt and copy.txt have the same text: the two versions do not differ" in err


def test_untranslated_copy_warns(tmp_path: Path) -> None:
    result = compare(Document("en.txt", "en", ENGLISH), Document("fr.txt", "fr", ENGLISH), _IDENTITY)
    assert "en.txt and fr.txt have the same text: the translation is not translated" in result.warnings
    assert any("the French file looks English" in w for w in result.warnings)


_IDENTITY = CompareOptions(pivot=PivotOptions(backend="identity"))


def test_empty_side_through_the_library_warns() -> None:
    result = compare(Document("en.txt", "en", ENGLISH), Document("fr.txt", "fr", " \n"), _IDENTITY)
    assert result.target_segments == ()
    assert "fr.txt: the target text is empty, so every sentence of the other side is unmatched" in result.warnings
    assert all(link.kind == "omitted" for link in result.links)


def test_reading_notes_reach_the_result(tmp_path: Path) -> None:
    source = read_document(write(tmp_path / "en.txt", ENGLISH.encode() + b"\x00"), "en")
    result = compare(source, Document("fr.txt", "fr", FRENCH), _IDENTITY)
    assert (
        result.warnings[0]
        == "en.txt: 1 control character replaced (by a space where it was whitespace, else by U+FFFD)"
    )


# --- the language check itself ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (ENGLISH, "en"),
        (FRENCH, "fr"),
        (
            "Der Sturm hat die Küste in der Nacht erreicht und es gab nach Angaben der Behörden keinen Strom für "
            "mehr als zweitausend Häuser, die Schulen sind für den Rest der Woche geschlossen.",
            "de",
        ),
        ("Storm hits coast", None),  # too short to say
        (ENGLISH + FRENCH, None),  # mixed: no clear winner
        ("1234 5678 " * 30, None),  # no words
    ],
)
def test_guess_language(text: str, lang: str | None) -> None:
    assert guess_language(text) == lang


def test_language_warning_only_for_known_claimed_languages() -> None:
    assert language_warning(Document("a.txt", "es", FRENCH)) is None
    assert language_warning(Document("a.txt", "de", FRENCH)) == (
        "a.txt: the German file looks French (check the language options and the order of the two files)"
    )


def test_warnings_round_trip_through_the_result_file() -> None:
    result = compare(Document("en.txt", "en", ENGLISH), Document("fr.txt", "fr", ENGLISH), _IDENTITY)
    data = result_to_dict(result)
    assert data["warnings"] == list(result.warnings) != []
    assert result_from_dict(data).warnings == result.warnings
    del data["warnings"]  # files written before the key existed
    assert result_from_dict(data).warnings == ()
    for malformed in ("one string", [1], {"a": "b"}):
        data["warnings"] = malformed
        with pytest.raises(FormatError, match="warnings must be a list of strings"):
            result_from_dict(data)

"""Property tests: whatever bytes arrive, no text is lost and no traceback escapes.

For every generated pair of input files, ``aligner compare`` either exits 0 with a JSON result in which every
non-whitespace character of both inputs lies in exactly one segment (and an HTML report, once registered, that shows
every segment exactly once with its text), or exits 2 with one ``aligner: error:`` line. ``aligner align`` puts every
line in exactly one link.
The expected text of a file is computed here, independently of ``aligner.inputs``, from the documented reading
rules: the codec's own decoding (a leading BOM removed), CRLF and CR -> LF, lone surrogates and non-whitespace
control characters -> U+FFFD, whitespace control characters -> a space.

``ALIGNER_PROPERTY_EXAMPLES=5000 pytest tests/test_properties.py`` runs a deeper, randomised search; by default
the run is derandomised (the same examples on every machine) so CI is repeatable.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import signal
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from aligner.align.confidence import best_two
from aligner.cli import main
from aligner.diagnose.segments import crossing_test
from aligner.errors import ToolError
from aligner.export.jsonfile import dumps
from aligner.export.writers import _renderer
from aligner.inputs import BINARY_SIGNATURES, read_document
from aligner.model import Document, Link
from aligner.pipeline import CompareOptions, compare
from aligner.translate import BACKENDS, PivotOptions

_DEEP = int(os.environ.get("ALIGNER_PROPERTY_EXAMPLES", "0"))


def _html_registered() -> bool:
    try:
        _renderer("html")
    except ToolError:
        return False
    return True


HTML_REGISTERED = _html_registered()
_IDENTITY = CompareOptions(pivot=PivotOptions(backend="identity"))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=_DEEP or examples,
        derandomize=not _DEEP,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


# --- what to generate -------------------------------------------------------------------------------------------

_COPY = (
    "The storm hit the coast on Tuesday . Dr. Smith said U.S. officials M. Dupont Mme Martin a déclaré "
    "l'État qu'il 1,234.5 1 234,5 15 % 3.14 « Bonjour » “quoted” 'single' (aside) [note] — – - etc. e.g. "
    "J.-P. Sartre A. B. C. No. 5 p.m. 10:30 www.example.com mail@example.com #tag @user ... … ?! !? ; :"
)
_WORDS = tuple(_COPY.split(" "))
_SPACES = (" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\n\r", "\u00a0", "\u202f", "\u2028", "\u3000")
_MARKERS = (". ", "! ", "? ", "… ", "...", ": ", "- ", "* ", "• ", "1. ", "2) ", "# ", "## ", "> ")
_CONTROLS = tuple(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9B])
_COMBINING = ("\u0301", "\u0300", "\u0327", "\u0308", "\u20dd", "e\u0301", "\u0345\u0345", "\u200d", "\ufe0f")
_RTL = ("שלום עולם.", "مرحبا بالعالم.", "\u200f", "\u202e", "\u202b", "\u2067", "العربية 123")
_EMOJI = ("😀", "👩‍👩‍👧", "🇫🇷", "🏳️‍🌈", "\U0010fffd", "\U0001f600.", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢")
_ODD = ("\ufeff", "\ufffe", "\ufffd", "\u00ad", "\u200b", "\u2060", "\U000e0001", "\ue000", "ß", "İ", "ﬁ")
_LONG_LINE = st.text(alphabet="abcdefghij klmnopqrstuvwxyzéàç", min_size=300, max_size=3000)

_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_SPACES),
    st.sampled_from(_MARKERS),
    st.sampled_from(_CONTROLS),
    st.sampled_from(_COMBINING),
    st.sampled_from(_RTL),
    st.sampled_from(_EMOJI),
    st.sampled_from(_ODD),
    st.characters(),  # any code point a UTF-8 file can hold
    _LONG_LINE,
)
_STRUCTURED = st.lists(_PIECES, min_size=1, max_size=80).map("".join)
_TEXT = st.one_of(_STRUCTURED, _STRUCTURED, st.text(max_size=200))  # mostly shaped like copy, sometimes anything
#: UTF-16 files may also carry lone surrogates (and pairs a generator happens to put side by side).
_SURROGATES = st.sampled_from(("\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"))
_UTF16_TEXT = st.lists(st.one_of(_PIECES, _SURROGATES), min_size=1, max_size=60).map("".join)

_CODECS = ("utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "utf-32")


@st.composite
def _input_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A codec name and the file's bytes."""
    codec = draw(st.sampled_from(_CODECS))
    if codec.startswith("utf-16"):
        # FF FE 00 00 opens a UTF-32-LE file too; that reading wins when the rest is valid UTF-32 (test_inputs)
        text = draw(_UTF16_TEXT.filter(lambda t: not (codec == "utf-16-le-bom" and t.startswith("\x00"))))
        base = codec.removesuffix("-bom")
        return codec, "\ufeff".encode(base) + text.encode(base, "surrogatepass")
    return codec, draw(_TEXT).encode(codec)


# --- the oracle: what the tool must have read -------------------------------------------------------------------


def expected_text(codec: str, data: bytes) -> str:
    """The file's text by the documented reading rules, written without using ``aligner.inputs``."""
    if codec.startswith("utf-16"):
        text = data.decode(codec.removesuffix("-bom"), "surrogatepass").removeprefix("\ufeff")
    elif codec == "utf-32":
        text = data.decode("utf-32")
    else:
        text = data.decode("utf-8-sig")  # a leading U+FEFF in a UTF-8 file is a BOM, whoever put it there
    return cleaned(text)


def cleaned(text: str) -> str:
    """Newlines normalised, then what no output can carry replaced one for one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in text:
        if 0xD800 <= ord(char) <= 0xDFFF:
            out.append("\ufffd")
        elif unicodedata.category(char) == "Cc" and char not in "\t\n":
            out.append(" " if char.isspace() else "\ufffd")
        else:
            out.append(char)
    return "".join(out)


def assert_every_character_in_one_segment(side: dict[str, object], expected: str) -> None:
    """``text`` is as expected; each non-whitespace character is in exactly one segment, whitespace in one at most."""
    text = side["text"]
    assert text == expected
    assert isinstance(text, str)
    cover = [0] * len(text)
    previous_end = 0
    segments = side["segments"]
    assert isinstance(segments, list)
    for number, seg in enumerate(segments):
        assert seg["index"] == number
        start, end = seg["start"], seg["end"]
        assert previous_end <= start < end <= len(text)
        assert seg["text"] == text[start:end]
        assert text[previous_end:start].isspace() or previous_end == start
        for i in range(start, end):
            cover[i] += 1
        previous_end = end
    assert not text[previous_end:].strip()
    for i, char in enumerate(text):
        assert cover[i] <= 1 if char.isspace() else cover[i] == 1, (i, char)


class _ReportSegments(HTMLParser):
    """The text of each ``<span class="seg ..." id="s3">`` (source) / ``id="t3"`` (target) of the HTML report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, list[str]] = {}
        self.current: str | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self.current is not None:
            self.depth += 1
        elif tag == "span" and "seg" in (attributes.get("class") or "").split():
            self.current, self.depth = attributes.get("id") or "", 0
            assert self.current not in self.texts, f"segment {self.current} shown twice"
            self.texts[self.current] = []

    def handle_endtag(self, tag: str) -> None:
        if self.current is not None:
            if self.depth == 0:
                self.current = None
            else:
                self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.texts[self.current].append(data)


def assert_report_shows_every_segment_once(page: str, result: dict[str, Any]) -> None:
    """Every segment of both sides is in the HTML exactly once, with its exact text (escaped, so parsed back)."""
    parser = _ReportSegments()
    parser.feed(page)
    parser.close()
    expected = {
        f"{prefix}{seg['index']}": seg["text"]
        for prefix, side in (("s", "source"), ("t", "target"))
        for seg in result[side]["segments"]
    }
    shown = {key: "".join(parts) for key, parts in parser.texts.items()}
    assert shown == expected


# --- running the CLI ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str
    output: Path  # ``result.json`` in the run's folder (written or not)


@contextlib.contextmanager
def cli_run(command: str, contents: Sequence[bytes], *options: str, output: bool = True) -> Iterator[CliRun]:
    """Write ``contents`` as ``side0.txt``, ``side1.txt`` in a temporary folder and run ``aligner COMMAND`` on them
    in-process (with ``-o result.json`` there when ``output``)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp, f"side{number}.txt") for number in range(len(contents))]
        for path, data in zip(paths, contents, strict=True):
            path.write_bytes(data)
        result = Path(tmp, "result.json")
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            code = main([command, *map(str, paths), *(["-o", str(result)] if output else []), *options])
        yield CliRun(code, stdout.getvalue(), stderr.getvalue(), result)


def the_error_line(run: CliRun) -> str:
    """Exit code 2 and exactly one ``aligner: error:`` line, the last one, and no traceback."""
    assert run.code == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert [line for line in lines if line.startswith("aligner: error: ")] == lines[-1:], run.stderr
    event(f"exit 2: {lines[-1].split(': ', 3)[-1][:40]}")
    return lines[-1]


def run_compare(files: list[tuple[str, bytes]], *options: str) -> None:
    """Write the files, run ``aligner compare`` in-process and check the outcome against the oracle."""
    formats = ["--format", "json", *(["--format", "html"] if HTML_REGISTERED else [])]
    with cli_run("compare", [data for _, data in files], *formats, *options) as run:
        if run.code != 0:
            check_error_is_deserved(the_error_line(run), files)
            assert not run.output.exists()
            return
        event("exit 0")
        result = json.loads(run.output.read_text(encoding="utf-8"))
        for name, (codec, data) in zip(("source", "target"), files, strict=True):
            assert_every_character_in_one_segment(result[name], expected_text(codec, data))
        if HTML_REGISTERED:
            assert_report_shows_every_segment_once(run.output.with_suffix(".html").read_text(encoding="utf-8"), result)
    assert "aligner: error:" not in run.stderr and "Traceback" not in run.stderr
    assert not any("\n" in warning for warning in result["warnings"])


def check_error_is_deserved(line: str, files: list[tuple[str, bytes]]) -> None:
    """An error must name a real problem: an empty text, or a file full of control bytes."""
    if "the text is empty" in line:
        side = 0 if "side0.txt" in line else 1
        assert not expected_text(*files[side]).strip()
    elif "binary" in line or "UTF-16 without a byte-order mark" in line:
        side = 0 if "side0.txt" in line else 1
        codec, data = files[side]
        assert codec == "utf-8"  # a BOM says the file is text
        controls = sum(byte < 0x20 and byte not in b"\t\n\r\x0b\x0c\x1b" for byte in data[:8192])
        assert controls > 4 or data.startswith(BINARY_SIGNATURES)
    else:
        pytest.fail(f"unexpected error: {line}")


@_settings(300)
@given(source=_input_file(), target=_input_file())
def test_identity_pivot_loses_no_text(source: tuple[str, bytes], target: tuple[str, bytes]) -> None:
    run_compare([source, target], "--pivot", "identity")


def _backend_missing(name: str) -> bool:
    module, cls = BACKENDS[name].split(":")
    try:
        return not hasattr(importlib.import_module(module), cls)
    except ImportError:
        return True


@pytest.mark.skipif(_backend_missing("lexical"), reason="the lexical pivot (the default) is not in the tree yet")
@_settings(40)
@given(source=_input_file(), target=_input_file())
def test_default_pivot_loses_no_text(source: tuple[str, bytes], target: tuple[str, bytes]) -> None:
    run_compare([source, target])


@_settings(60)
@given(source=_input_file(), target=_input_file())
def test_same_language_loses_no_text(source: tuple[str, bytes], target: tuple[str, bytes]) -> None:
    run_compare([source, target], "--src-lang", "fr", "--tgt-lang", "fr")


@_settings(150)
@given(text=_TEXT)
def test_html_input_shows_every_visible_character(text: str) -> None:
    """Text escaped into an HTML paragraph comes back with the same non-whitespace characters, in order."""
    assume(text.strip())
    page = f"<html><head><title>t</title><script>var x = '<p>';</script></head><body><p>{escape(text)}</p></body>"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "page.html")
        path.write_text(page, encoding="utf-8")
        doc = read_document(path, "en", html_all=True)
    visible = [c for c in cleaned(text) if not c.isspace()]
    assert [c for c in doc.text if not c.isspace()] == visible


@_settings(100)
@given(source=st.binary(max_size=600), target=st.one_of(st.binary(max_size=600), _input_file().map(lambda f: f[1])))
def test_arbitrary_bytes_never_escape_as_a_traceback(source: bytes, target: bytes) -> None:
    """Any bytes at all: a result whose segments cover their own text, or one error line."""
    with cli_run("compare", [source, target], "--pivot", "identity") as run:
        if run.code != 0:
            the_error_line(run)
            return
        event("exit 0")
        result = json.loads(run.output.read_text(encoding="utf-8"))
    for name in ("source", "target"):
        assert_every_character_in_one_segment(result[name], result[name]["text"])


def _unpunctuated_line(words: int) -> str:
    vocabulary = ("the", "storm", "reached", "the", "coast", "on", "tuesday", "and", "homes", "lost", "power")
    return " ".join(vocabulary[(i * 7 + i // 13) % len(vocabulary)] for i in range(words))


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs a POSIX interval timer")
def test_long_unpunctuated_line_is_audited_in_seconds() -> None:
    source = Document("long.txt", "en", _unpunctuated_line(12_000))
    target = Document("court.txt", "fr", "La tempête a atteint la côte mardi. Les écoles sont fermées.\n")

    def give_up(signum: int, frame: object) -> None:
        raise TimeoutError("compare() took more than 5 s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, 5.0)
    try:
        compare(source, target, _IDENTITY)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@_settings(100)
@given(source=_input_file(), target=_input_file())
def test_align_links_every_line_once(source: tuple[str, bytes], target: tuple[str, bytes]) -> None:
    """``aligner align``: line ``i`` is sentence ``i``, and every line of each side is in exactly one link."""
    with cli_run("align", [source[1], target[1]], "--pivot", "identity", output=False) as run:
        if run.code != 0:
            the_error_line(run)
            return
    event("exit 0")
    sides: tuple[list[int], list[int]] = ([], [])
    for line in run.stdout.splitlines():
        source_ids, target_ids, _ = line.split(":")
        for ids, found in zip((source_ids, target_ids), sides, strict=True):
            found.extend(json.loads(ids))
    for found, (codec, data) in zip(sides, (source, target), strict=True):
        lines = expected_text(codec, data).removesuffix("\n").count("\n") + 1
        assert sorted(found) == list(range(lines))


@_settings(100)
@given(source=_UTF16_TEXT, target=_UTF16_TEXT)
def test_library_compare_takes_any_string(source: str, target: str) -> None:
    """Documents built in code (lone surrogates, CR, controls, only whitespace) give writable, complete outputs."""
    result = compare(Document("a.txt", "en", source), Document("b.txt", "fr", target), _IDENTITY)
    data = json.loads(dumps(result).encode("utf-8"))  # encodable: nothing unrepresentable is left
    for name, text in (("source", source), ("target", target)):
        assert_every_character_in_one_segment(data[name], cleaned(text))
    if HTML_REGISTERED:
        page = _renderer("html")(result)
        page.encode("utf-8")
        assert_report_shows_every_segment_once(page, data)


@settings(max_examples=200, deadline=None)
@given(
    links=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 30), st.booleans(), st.booleans()), min_size=0, max_size=12
    ),
    source=st.integers(0, 31),
    target=st.integers(0, 31),
)
def test_the_crossing_index_says_what_checking_every_link_says(
    links: list[tuple[int, int, bool, bool]], source: int, target: int
) -> None:
    """Links with a side left empty (omissions, additions) cross nothing; every other link crosses a pair when it
    starts before the pair on exactly one side."""
    made = [Link((s,) if has_s else (), (t,) if has_t else (), 0.0, 0.0) for s, t, has_s, has_t in links]
    brute = any(
        (min(link.source) < source) != (min(link.target) < target) for link in made if link.source and link.target
    )
    assert crossing_test(made)(source, target) == brute


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.integers(0, 8), st.integers(-1, 20), st.sampled_from([0.0, 0.25, 0.5, 1.0])), max_size=40
    ),
    sort_keys=st.booleans(),
)
def test_best_two_keeps_each_key_s_best_its_first_partner_and_the_runner_up(
    cells: list[tuple[int, int, float]], sort_keys: bool
) -> None:
    if sort_keys:
        cells = sorted(cells, key=lambda cell: cell[0])
    keys = np.array([k for k, _, _ in cells], dtype=np.int64)
    partners = np.array([p for _, p, _ in cells], dtype=np.int64)
    values = np.array([v for _, _, v in cells], dtype=np.float32)
    top, partner, runner_up = best_two(keys, partners, values, 8)
    for key in range(9):
        mine = [(v, p) for k, p, v in cells if k == key]
        ranked = sorted(mine, key=lambda item: -item[0])  # stable: the first partner wins a tie
        assert top[key] == (ranked[0][0] if ranked else 0.0)
        assert partner[key] == (ranked[0][1] if ranked else -1)
        assert runner_up[key] == (ranked[1][0] if len(ranked) > 1 else 0.0)

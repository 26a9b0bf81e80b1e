"""Reading input files into :class:`~aligner.model.Document`: encodings, newlines, HTML and Markdown.

Offsets everywhere in the tool are into the decoded text with newlines normalised to ``\\n``. Wire copy arrives
in every state, so reading is defensive: a size limit checked while reading (``/dev/zero`` cannot fill memory),
binary files refused with a reason, and characters that no output format can carry (lone UTF-16 surrogates,
control characters) replaced one for one, never dropped, with a warning on the document. The text the pipeline
sees is therefore the file's text with exactly these documented changes, and nothing else.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from aligner.errors import InputError
from aligner.langcheck import language_warning
from aligner.model import Document

#: Files larger than this are refused unless the caller raises the limit (``--max-size``). Thousands of wire
#: stories, several novels; every stage and the report grow with the text, so more is more likely a mistake.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

REPLACEMENT = "\ufffd"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: File signatures of formats people mistake for text: PDF, ZIP/DOCX, PNG, JPEG, GIF, ELF, OLE/DOC, gzip, RTF.
BINARY_SIGNATURES = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
    b"{\\rtf",
)
#: How much of a file the binary sniffing looks at.
_SNIFF_BYTES = 8192
#: A few stray NUL or control bytes are damage in a text file (replaced, with a warning); more make it binary.
_STRAY_CONTROLS = 4
#: C0 control bytes that plain text does not contain (tab, newlines, form feed, vertical tab and escape excepted).
_CONTROL_BYTES = frozenset(range(0x20)) - frozenset(b"\t\n\r\x0b\x0c\x1b")
_SIZE = re.compile(r"(?i)\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*")
_META_CHARSET = re.compile(rb"""(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)""")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_LONGEST_NAME = 200
#: Control characters other than tab and newline; the whitespace ones become a space, the others U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def read_document(
    path: str | Path, lang: str, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read a ``.txt``, ``.md`` or ``.html`` file; every problem is an :class:`InputError` naming the file.

    Replaced characters are reported in ``Document.warnings``, one line each.
    """
    path = Path(path)
    shown = display_name(path)
    data = _read_bytes(path, shown, max_bytes)
    html = path.suffix.lower() in _HTML_SUFFIXES
    text = decode(data, shown, encoding, html=html)
    if html:
        text = html_to_text(text)
    document = clean_document(Document(name=display_name(Path(path.name)), lang=lang, text=text))
    if not document.text.strip():
        raise InputError(f"{shown}: the text is empty")
    return document


def clean_document(doc: Document) -> Document:
    """``doc`` with newlines normalised and what no output can carry replaced (:func:`clean_text`), with warnings.

    :func:`read_document` does this; :func:`aligner.pipeline.compare` does it again for documents built in code.
    """
    text, notes = clean_text(normalise_newlines(doc.text))
    if text == doc.text:
        return doc
    return replace(doc, text=text, warnings=doc.warnings + tuple(f"{doc.name}: {note}" for note in notes))


def display_name(path: Path) -> str:
    """The path as one short printable line: undecodable bytes and control characters cannot reach a message or
    report, and a name of thousands of characters is cut in the middle."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= _LONGEST_NAME else f"{text[: _LONGEST_NAME // 2]}…{text[-_LONGEST_NAME // 2 :]}"


def parse_size(text: str) -> int:
    """A byte count such as ``200000``, ``500k``, ``50M`` or ``1.5GB`` (multiples of 1024)."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(f"not a size: {text!r} (use a byte count or a number with k, M or G)")
    number, unit = float(match.group(1)), match.group(2).lower()
    size = int(number * 1024 ** "_kmg".index(unit or "_"))
    if size <= 0:
        raise ValueError(f"the size must be positive, not {text!r}")
    return size


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of the file; more is an error, found without reading it all (devices, pipes)."""
    limit = f"over the {max_bytes:,}-byte limit (raise it with --max-size)"
    try:
        if path.is_dir():
            raise InputError(f"{shown}: is a directory, not a text file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{shown}: {size:,} bytes is {limit}")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{shown}: no such file") from None
    except PermissionError:
        raise InputError(f"{shown}: permission denied") from None
    except (OSError, ValueError) as exc:  # a name too long, a NUL in the name, a symlink loop, an I/O error
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputError(f"{shown}: cannot read ({reason})") from None
    if len(data) > max_bytes:
        raise InputError(f"{shown}: the input is {limit}")
    return data


def decode(data: bytes, name: str, encoding: str | None = None, *, html: bool = False) -> str:
    """UTF-8 (BOM or not) and UTF-16/32 with a BOM; an HTML page's ``<meta charset>``; else ``encoding`` is needed.

    Lone UTF-16/32 surrogates are kept here (``surrogatepass``) so :func:`clean_text` can count and replace them.
    """
    if encoding:
        if data.startswith(BINARY_SIGNATURES):  # any bytes are "valid" latin-1, a PDF is still a PDF
            raise InputError(f"{name}: {binary_problem(data)}")
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {exc.start}") from None
        except UnicodeError as exc:  # codecs such as "undefined" or "idna" fail without a position
            raise InputError(f"{name}: cannot decode as {encoding!r} ({exc})") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec, "surrogatepass")
            except UnicodeDecodeError as exc:
                if codec == "utf-32" and bom == codecs.BOM_UTF32_LE:
                    continue  # or a UTF-16 BOM and U+0000: try that next
                raise InputError(
                    f"{name}: broken {codec.upper()} at byte {exc.start} ({exc.reason}, after a {codec} BOM)"
                ) from None
    problem = binary_problem(data)
    if problem:
        raise InputError(f"{name}: {problem}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _META_CHARSET.search(data[:4096]) if html else None
        if declared:
            return decode(data, name, declared.group(1).decode("ascii"))
        raise InputError(
            f"{name}: not valid UTF-8 at byte {exc.start}; convert it to UTF-8 or name its encoding with --encoding "
            "(for example cp1252 or latin-1)"
        ) from None


def binary_problem(data: bytes) -> str | None:
    """Why ``data`` (without a BOM) is not a text file we read, or ``None``."""
    if data.startswith(BINARY_SIGNATURES):
        return "looks like a binary file (a document, image, archive or program), not text"
    sample = data[:_SNIFF_BYTES]
    nuls = sample.count(0)
    if nuls:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if nuls > _STRAY_CONTROLS and nuls * 4 >= len(sample) and min(even, odd) * 8 <= max(even, odd):
            order = "le" if odd > even else "be"
            return f"looks like UTF-16 without a byte-order mark; read it with --encoding utf-16-{order}"
        if nuls > max(_STRAY_CONTROLS, len(sample) // 100):
            return "looks like a binary file (it contains NUL bytes), not text"
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if controls > max(_STRAY_CONTROLS, len(sample) // 10):
        return "looks like a binary file (too many control characters), not text"
    return None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str) -> tuple[str, list[str]]:
    """Replace, one character for one, what no output can carry; say what was replaced.

    Lone surrogates and non-whitespace control characters become U+FFFD (visible, so nothing vanishes silently);
    whitespace controls (vertical tab, form feed, the information separators, NEL) become a space.
    """
    notes: list[str] = []
    text, surrogates = _SURROGATE.subn(REPLACEMENT, text)
    if surrogates:
        notes.append(f"{surrogates} lone UTF-16 surrogate{'s' * (surrogates > 1)} replaced by U+FFFD")
    text, controls = _CONTROL.subn(lambda m: " " if m.group().isspace() else REPLACEMENT, text)
    if controls:
        notes.append(
            f"{controls} control character{'s' * (controls > 1)} replaced "
            "(by a space where it was whitespace, else by U+FFFD)"
        )
    return text, notes


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_HIDDEN_TAGS = frozenset(["head", "script", "style", "template", "noscript", "svg", "title"])


_VOID_TAGS = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"])
_DISPLAY_NONE = re.compile(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden")
_STYLE_ELEMENT = re.compile(r"(?is)<style\b[^>]*>(.*?)</style\s*>")
_CSS_COMMENT = re.compile(r"(?s)/\*.*?\*/")
#: One compound selector without combinators: an optional tag, then classes and at most one id (``p.note#x``).
_SIMPLE_SELECTOR = re.compile(r"(?i)^(\*|[a-z][a-z0-9-]*)?((?:[.#][\w-]+)+)?$")
_CSS_PUNCTUATION = re.compile(r"[{};]")
#: The media queries every screen obeys; rules under any other (print, a width) may not hide text on screen.
_SCREEN_MEDIA = re.compile(r"(?i)^@media\s+(?:only\s+)?(?:screen|all)$")


@dataclass(frozen=True)
class _HidingSelector:
    """A style-sheet selector whose rule hides what it matches."""

    tag: str  # "" for any element
    classes: frozenset[str]
    element_id: str

    def matches(self, tag: str, attributes: dict[str, str | None]) -> bool:
        return (
            self.tag in ("", tag)
            and self.classes <= set((attributes.get("class") or "").split())
            and self.element_id in ("", attributes.get("id") or "")
        )


def _css_rules(css: str) -> Iterator[tuple[str, str]]:
    """(selector list, declarations) of each rule that applies on any screen: rules at the top level or inside
    ``@media screen`` / ``@media all``; the rules of other at-rules (print, a width condition, ``@supports``,
    ``@keyframes``) are not followed."""
    applies: list[bool] = []  # per open at-rule block: whether a screen always applies its rules
    position = 0
    while match := _CSS_PUNCTUATION.search(css, position):
        prelude = css[position : match.start()].strip()
        position = match.end()
        if match.group() == "}":
            if applies:
                applies.pop()
        elif match.group() == "{" and prelude.startswith("@"):
            applies.append(all(applies) and bool(_SCREEN_MEDIA.match(prelude)))
        elif match.group() == "{":
            close = css.find("}", position)
            if close < 0:
                return
            if all(applies):
                yield prelude, css[position:close]
            position = close + 1


def _hiding_selectors(markup: str) -> tuple[_HidingSelector, ...]:
    """The simple selectors (``.sr-only``, ``div.note``, ``#promo``) that the page's ``<style>`` elements hide with
    ``display: none`` or ``visibility: hidden``; selectors with combinators, pseudo-classes or attributes are not
    followed, so text is left out only where the page certainly hides it."""
    selectors = []
    for css in _STYLE_ELEMENT.findall(markup):
        for selector_list, declarations in _css_rules(_CSS_COMMENT.sub(" ", css)):
            if not _DISPLAY_NONE.search(declarations):
                continue
            for selector in selector_list.split(","):
                match = _SIMPLE_SELECTOR.match(selector.strip())
                if not match or not match.group(0):
                    continue
                parts = re.findall(r"[.#][\w-]+", match.group(2) or "")
                ids = [part[1:] for part in parts if part[0] == "#"]
                if len(ids) <= 1:
                    tag = (match.group(1) or "").lower().replace("*", "")
                    classes = frozenset(part[1:] for part in parts if part[0] == ".")
                    selectors.append(_HidingSelector(tag, classes, ids[0] if ids else ""))
    return tuple(selectors)


class _VisibleText(HTMLParser):
    """Collects the text a browser shows: block elements become paragraph breaks, whitespace collapses.

    Hidden is what a reviewer never sees: ``head``, ``script``, ``style`` and the like, and any element with the
    ``hidden`` attribute, an inline ``display: none`` / ``visibility: hidden`` style, or a class or id that the
    page's style sheet hides that way, down to its end tag.
    """

    def __init__(self, hiding_selectors: tuple[_HidingSelector, ...] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.hiding_selectors = hiding_selectors
        self.parts: list[str] = []
        self.hiding_tag = ""  # the element that hides what follows, until its end tag
        self.hiding_depth = 0  # how many of that element are open (they may nest)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hiding_tag:
            self.hiding_depth += tag == self.hiding_tag
            return
        attributes = dict(attrs)
        hides = (
            "hidden" in attributes
            or _DISPLAY_NONE.search(attributes.get("style") or "")
            or any(selector.matches(tag, attributes) for selector in self.hiding_selectors)
        )
        if tag in _HIDDEN_TAGS or (hides and tag not in _VOID_TAGS):
            self.hiding_tag, self.hiding_depth = tag, 1
        else:
            self.handle_startendtag(tag, attrs)
            if tag == "li":
                self.parts.append("• ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hiding_tag:
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self.hiding_tag:
            self.hiding_depth -= tag == self.hiding_tag
            if self.hiding_depth == 0:
                self.hiding_tag = ""
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hiding_tag:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one paragraph per block element."""
    parser = _VisibleText(_hiding_selectors(markup))
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def pair_warnings(source: Document, target: Document) -> tuple[str, ...]:
    """What is odd about a pair without being an error: each side's reading notes, an empty side, a side that looks
    like another language, identical texts."""
    warnings = [*source.warnings, *target.warnings]
    for side, doc in (("source", source), ("target", target)):
        if not doc.text.strip():
            warnings.append(f"{doc.name}: the {side} text is empty, so every sentence of the other side is unmatched")
        mismatch = language_warning(doc)
        if mismatch:
            warnings.append(mismatch)
    if source.text.strip() and source.text.split() == target.text.split():
        warnings.append(
            f"{source.name} and {target.name} have the same text: "
            + ("the two versions do not differ" if source.lang == target.lang else "the translation is not translated")
        )
    return tuple(warnings)


def read_utf8_file(path: Path, what: str) -> str:
    """The text of a tool file (link, manifest, pivot or result file), UTF-8 with or without BOM; any problem is
    one :class:`InputError` line that says which ``what`` could not be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc.__class__.__name__})") from None

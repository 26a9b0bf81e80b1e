"""Reading input files into :class:`~aligner.model.Document`: size limits, encodings, newlines, damaged text.

Offsets everywhere in the tool are into the decoded text with newlines normalised to ``\\n``. Wire copy arrives
in every state, so reading is defensive: a size limit checked while reading (``/dev/zero`` cannot fill memory),
binary files refused with a reason, and characters that no output format can carry (lone UTF-16 surrogates,
control characters) replaced one for one, never dropped, with a warning on the document. The text the pipeline
sees is therefore the file's text with exactly these documented changes, and nothing else. Formats with markup
(Word, OpenDocument, HTML, agency XML) are turned into text by :mod:`aligner.readers`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path

from aligner.errors import InputError
from aligner.langcheck import language_warning
from aligner.model import Block, Document

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
_LONGEST_NAME = 200
#: Control characters other than tab and newline; the whitespace ones become a space, the others U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def read_document(
    path: str | Path,
    lang: str,
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    html_all: bool = False,
) -> Document:
    """Read a text, Word, OpenDocument, HTML, NITF or NewsML-G2 file (:mod:`aligner.readers` tells them apart);
    every problem is an :class:`InputError` naming the file.

    ``html_all`` keeps every visible text of an HTML page rather than its article. Replaced characters are
    reported in ``Document.warnings``, one line each.
    """
    from aligner.readers import detect_format, extract

    path = Path(path)
    shown = display_name(path)
    data = read_bytes(path, shown, max_bytes)
    fmt = detect_format(path, data)
    blocks: tuple[Block, ...] = ()
    if fmt == "text":
        text = decode(data, shown, encoding)
    else:
        text, blocks = extract(fmt, data, shown, encoding=encoding, html_all=html_all).build()
    document = Document(display_name(Path(path.name)), lang, text, format=fmt, blocks=blocks)
    document = clean_document(document)
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


def read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
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

"""How long reading takes per input format, on real wire stories: the time a format adds over its plain text.

Each newstest2014 story (both languages; the first line is the headline, every other line a paragraph) is written
as .txt, .docx, .odt, NITF and a news page with navigation, share buttons, a cookie banner, a "read also" list and
a footer (the builders of ``tests/storyfiles.py``), then read with ``read_document`` as ``aligner compare`` does.
A format's cost is its median reading time per story minus the plain text's; the goal is under 100 ms. The first
read of each format, which imports its library, is timed apart (``import_ms``). The check that the text came back
(every paragraph found in the extracted text) runs on every story.

    python benchmarks/read_speed.py [--data ../shared/bench] [--stories N] [--repeat R]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from storyfiles import Story, news_page, nitf, write_docx, write_odt  # noqa: E402

from aligner.inputs import read_document  # noqa: E402

Writer = Callable[[Story, str, Path], Path]


def _text(story: Story, lang: str, path: Path) -> Path:
    path.write_text("\n\n".join(text for _, text in story) + "\n", encoding="utf-8")
    return path


def _page(story: Story, lang: str, path: Path) -> Path:
    path.write_text(news_page(story, lang), encoding="utf-8")
    return path


def _nitf(story: Story, lang: str, path: Path) -> Path:
    path.write_text(nitf(story), encoding="utf-8")
    return path


FORMATS: dict[str, tuple[str, Writer]] = {
    "txt": (".txt", _text),
    "docx": (".docx", lambda story, lang, path: write_docx(story, path)),
    "odt": (".odt", lambda story, lang, path: write_odt(story, path)),
    "nitf": (".xml", _nitf),
    "html": (".html", _page),
}


def stories(data: Path, count: int) -> list[tuple[str, str, Story]]:
    """(name, language, blocks) of the first ``count`` documents, each language."""
    folder = data / "newstest2014-en-fr" / "docs"
    if not folder.is_dir():
        raise SystemExit(f"{folder}: not found; point --data at the shared bench folder")
    found = []
    for path in sorted(folder.glob("*.en.txt"))[:count]:
        for lang in ("en", "fr"):
            lines = [
                line.strip() for line in path.with_name(path.name.replace(".en.", f".{lang}.")).open(encoding="utf-8")
            ]
            lines = [line for line in lines if line]
            found.append(
                (path.name.split(".")[0], lang, [("headline", lines[0])] + [("body", line) for line in lines[1:]])
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench")
    parser.add_argument("--stories", type=int, default=20, help="documents to read (each in English and French)")
    parser.add_argument("--repeat", type=int, default=3, help="reads per file; the fastest counts")
    args = parser.parse_args()
    corpus = stories(args.data, args.stories)
    times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    first: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, lang, story in corpus:
            for fmt, (suffix, write) in FORMATS.items():
                path = write(story, lang, Path(tmp) / f"{name}.{lang}{suffix}")
                runs = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    doc = read_document(path, lang)
                    runs.append(time.perf_counter() - start)
                first.setdefault(fmt, runs[0])
                times[fmt].append(min(runs))
                read = " ".join(doc.text.split())  # trafilatura turns no-break spaces into spaces
                missing = [text for _, text in story if " ".join(text.split()) not in read]
                if missing:
                    raise SystemExit(f"{fmt} {name}.{lang}: {len(missing)} paragraph(s) not read: {missing[0][:60]!r}")
    plain = statistics.median(times["txt"])
    figures: dict[str, object] = {"stories": len(corpus), "txt_ms": round(plain * 1000, 2)}
    for fmt in FORMATS:
        median = statistics.median(times[fmt])
        print(
            f"{fmt:5} median {median * 1000:7.2f} ms  max {max(times[fmt]) * 1000:7.2f} ms  "
            f"adds {(median - plain) * 1000:7.2f} ms  first read (imports) {first[fmt] * 1000:7.1f} ms"
        )
        if fmt != "txt":
            figures[f"{fmt}_adds_ms"] = round((median - plain) * 1000, 2)
            figures[f"{fmt}_max_ms"] = round(max(times[fmt]) * 1000, 2)
            figures[f"{fmt}_import_ms"] = round(first[fmt] * 1000, 1)
    figures["under_100ms"] = all(v < 100 for k, v in figures.items() if k.endswith(("_adds_ms", "_max_ms")))  # type: ignore[operator]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

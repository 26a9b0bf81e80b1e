"""The glossary (``--glossary``): source words the pivot passes through, translated for the alignment."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

from aligner.align import AlignOptions, align_segments
from aligner.align.glossary import WEIGHT_BESIDE_MT, WEIGHT_WITHOUT_PIVOT, Glossary, read_glossary
from aligner.align.overlap import FeatureCounts
from aligner.cli import main
from aligner.errors import InputError, ToolError
from aligner.inputs import read_document
from aligner.model import Link, Pivot, PivotText, Segment
from aligner.pipeline import CompareOptions, align_lines
from aligner.translate import PivotOptions
from aligner.translate.identity import IdentityTranslator

REPO = Path(__file__).resolve().parent.parent

PAIRS = [
    ("Gletscher", "glacier"),
    ("Spur", "trace"),
    ("Spur", "piste"),
    ("Spur", "voie"),
    ("groß", "grand"),
    ("Hütte", "cabane"),
    ("Bach", "ruisseau"),
    ("steil", "raide"),
    ("Schnee", "neige"),
    ("finden", "trouver"),
    ("die", "la"),
    ("G", "sol"),
]

GERMAN = [
    "Der Gletscher war steil und blank.",
    "Wir fanden die Spur im frischen Schnee.",
    "Die Hütte lag unten am Bach.",
]
FRENCH = [
    "Le glacier était raide et lisse.",
    "Nous trouvâmes la trace dans la neige fraîche.",
    "La cabane se trouvait en bas près du ruisseau.",
]


def segments(lines: list[str]) -> tuple[Segment, ...]:
    return tuple(Segment(k, text, 0, len(text), k) for k, text in enumerate(lines))


def beads(links: tuple[Link, ...]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.source, link.target) for link in links]


def test_copied_words_are_paired_with_their_first_translations() -> None:
    glossary = Glossary(PAIRS, "de")
    source = "Wir folgten der Spur zum grossen Gletscher von G. Mallory ."
    mt = "nous avons suivi la spur au grossen gletscher de g. mallory ."
    # By form, by stem ("grossen" -> "gross" = "groß"), two translations at most; the initial "G", the name and
    # the words the MT translated get none.
    assert glossary.pairs(source, mt) == [
        ("spur", "trace"),
        ("spur", "piste"),
        ("grossen", "grand"),
        ("gletscher", "glacier"),
    ]
    assert glossary.translations("Gletschers") == ["glacier"]
    assert glossary.translations("Mallory") == []


def test_with_no_pivot_every_source_word_but_function_words_is_paired() -> None:
    glossary = Glossary(PAIRS, "de")
    # "fanden" gets nothing: no stemmer reaches "finden" from a strong verb's past tense.
    assert glossary.pairs(GERMAN[1], GERMAN[1]) == [("Spur", "trace"), ("Spur", "piste"), ("Schnee", "neige")]


def test_the_credit_is_weaker_beside_a_machine_translation() -> None:
    glossary = Glossary(PAIRS, "de")
    target = ["Nous trouvâmes la trace."]
    for compared, weight in (
        (["Wir fanden die Spur."], WEIGHT_WITHOUT_PIVOT),
        (["nous fanden la spur ."], WEIGHT_BESIDE_MT),
    ):
        counts = FeatureCounts(compared, target, "fr", [20], [24])
        credited = glossary.credit(counts, ["Wir fanden die Spur."], compared)
        trace = counts.known_word("trace")
        row = credited.words[0]
        assert dict(zip(row.ids.tolist(), row.counts.tolist(), strict=True))[trace] == pytest.approx(weight)
        assert trace not in counts.words[0].ids


def test_a_glossary_links_what_the_pivot_left_untranslated() -> None:
    source, target = segments(GERMAN), segments(FRENCH)
    pivot = PivotText("target", "de", "identity", tuple(Pivot(t) for t in FRENCH))
    options = AlignOptions()
    unglossed = align_segments(source, target, pivot, options)
    assert beads(unglossed.links) != [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    glossed = align_segments(source, target, pivot, options, Glossary(PAIRS, "de", "tiny.tsv"))
    assert beads(glossed.links) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert ("align_glossary", "tiny.tsv:10") in glossed.settings


def write(path: Path, lines: list[str]) -> str:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def test_the_align_command_reads_a_glossary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a sentence encoder (which links these three pairs by itself), the identity pivot alone does not."""
    monkeypatch.setattr("aligner.pipeline.make_encoder", lambda options: None)
    source, target = write(tmp_path / "de.txt", GERMAN), write(tmp_path / "fr.txt", FRENCH)
    glossary = write(tmp_path / "de-fr.tsv", ["# German<TAB>French", "", *(f"{de}\t{fr}" for de, fr in PAIRS)])
    out = tmp_path / "out.links"
    common = ["align", source, target, "--src-lang", "de", "--tgt-lang", "fr", "--pivot", "identity", "-o", str(out)]
    diagonal = [["[0]", "[0]"], ["[1]", "[1]"], ["[2]", "[2]"]]
    assert main(common) == 0
    assert [line.split(":")[:2] for line in out.read_text().splitlines()] != diagonal
    assert main([*common, "--glossary", glossary]) == 0
    assert [line.split(":")[:2] for line in out.read_text().splitlines()] == diagonal


def test_a_glossary_needs_the_source_compared_in_the_target_language(tmp_path: Path) -> None:
    source, target = write(tmp_path / "de.txt", GERMAN), write(tmp_path / "fr.txt", FRENCH)
    glossary = write(tmp_path / "de-fr.tsv", [f"{de}\t{fr}" for de, fr in PAIRS])
    options = CompareOptions(
        pivot=PivotOptions(backend="file", pivot_file=source, direction="target-to-source"),
        presegmented=True,
        glossary=glossary,
    )
    with pytest.raises(ToolError, match="source-to-target"):
        align_lines(read_document(Path(source), "de"), read_document(Path(target), "fr"), options)


class _CountingTranslator(IdentityTranslator):
    """The identity pivot, counting the texts it is asked to translate."""

    def __init__(self) -> None:
        self.texts = 0

    def _translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[Pivot]:
        self.texts += len(texts)
        return super()._translate(texts, src_lang, tgt_lang)


def test_a_missing_glossary_stops_the_run_before_anything_is_translated(tmp_path: Path) -> None:
    source, target = write(tmp_path / "de.txt", GERMAN), write(tmp_path / "fr.txt", FRENCH)
    options = CompareOptions(presegmented=True, glossary=str(tmp_path / "missing.tsv"))
    translator = _CountingTranslator()
    with pytest.raises(InputError, match="glossary not found"):
        align_lines(read_document(Path(source), "de"), read_document(Path(target), "fr"), options, translator)
    assert translator.texts == 0


def test_a_malformed_glossary_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.tsv", ["Gletscher\tglacier", "Spur trace"])
    with pytest.raises(InputError, match="bad.tsv:2"):
        read_glossary(path, "de")


def _b64(number: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    digits = ""
    while True:
        number, digit = divmod(number, 64)
        digits = alphabet[digit] + digits
        if not number:
            return digits


def test_the_freedict_tool_keeps_translations_and_leaves_definitions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    import freedict_glossary

    entries = {
        "gipfel": "Gipfel /ˈɡɪp͡fl̩/ <n, masc>\n1. sommet 2.\nhöchste Stelle eines Berges\n 3.\nSpitze eines Baumes\n"
        "2. sommet, comble\nHöhepunkt einer Leistung\n",
        "schön": "schön /ʃøːn/ <adj>\nbeau, bien\nästhetisch, eine angenehme Wirkung habend\n",
    }
    body, index = b"", []
    for key, text in entries.items():
        data = text.encode("utf-8")
        index.append(f"{key}\t{_b64(len(body))}\t{_b64(len(data))}")
        body += data
    (tmp_path / "freedict-test.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(tmp_path / "freedict-test.dict.dz", "wb") as handle:
        handle.write(body)
    monkeypatch.setattr(freedict_glossary, "DICTD", tmp_path)
    assert list(freedict_glossary.read_entries("freedict-test")) == [
        ("Gipfel", ["sommet", "comble"]),
        ("schön", ["beau", "bien"]),
    ]


def test_the_freedict_tool_names_the_package_it_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    import freedict_glossary

    monkeypatch.setattr(freedict_glossary, "DICTD", tmp_path)
    with pytest.raises(SystemExit, match="apt-get install dict-freedict-deu-fra"):
        freedict_glossary.glossary_rows()

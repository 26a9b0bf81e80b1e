"""``aligner check``: bilingual files (XLIFF 1.2 and 2.0, TMX, PO) made from an example story, with two targets
shifted, audited unit by unit; findings written back into XLIFF; bad files are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from storyfiles import Units, po, tmx, xliff_1, xliff_2

from aligner.check.faults import unit_language
from aligner.cli import main
from aligner.inputs import read_document
from aligner.readers.bilingual import XLIFF_2
from aligner.segment import segment

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: storm.en segment -> storm.fr segments, as examples/README.md describes the pair: the bullets are swapped (1, 2),
#: a sentence is added after the quote (FR 8, kept in the quote's unit), two sentences are omitted (EN 9 and 13).
STORM_GOLD = {0: [0], 1: [2], 2: [1], 3: [3], 4: [4], 5: [5], 6: [6], 7: [7, 8], 8: [9], 9: [], 10: [10]}
STORM_GOLD |= {11: [11], 12: [12], 13: [], 14: [13], 15: [14]}
SHIFTED = (11, 12)  # the two units whose targets are swapped
#: (type, subtype, unit) of every planted error.
PLANTED = {
    ("addition", "sentence", 7),
    ("mistranslation", "number", 0),
    ("mistranslation", "date", 4),
    ("mistranslation", "entity", 4),
    ("mistranslation", "number", 5),
    ("omission", "title", 6),
    ("untranslated", "empty", 9),
    ("mistranslation", "entity", 10),
    ("untranslated", "empty", 13),
}
WRITERS = {"xlf": xliff_1, "xliff": xliff_2, "tmx": tmx, "po": po}


def storm_units() -> Units:
    english = segment(read_document(EXAMPLES / "storm.en.txt", "en"))
    french = segment(read_document(EXAMPLES / "storm.fr.txt", "fr"))
    units: Units = [(english[i].text, " ".join(french[j].text for j in STORM_GOLD[i]) or None) for i in STORM_GOLD]
    (a, b) = SHIFTED
    units[a], units[b] = (units[a][0], units[b][1]), (units[b][0], units[a][1])
    return units


def write(tmp_path: Path, suffix: str, units: Units) -> Path:
    path = tmp_path / f"story.{suffix}"
    writer = WRITERS[suffix]
    path.write_text(writer(units), encoding="utf-8")  # type: ignore[operator]
    return path


def findings_of(path: Path, *options: str) -> list[dict[str, object]]:
    out = path.with_suffix(".json")
    assert main(["check", str(path), "-o", str(out), *options]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    return list(result["findings"])


@pytest.fixture(scope="module")
def storm_findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str, int, str]]]:
    folder = tmp_path_factory.mktemp("units")
    units = storm_units()
    return {
        suffix: [(f["type"], f["subtype"], f["link"], f["severity"]) for f in findings_of(write(folder, suffix, units))]  # type: ignore[misc]
        for suffix in WRITERS
    }


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_two_shifted_units_and_every_planted_error(
    suffix: str, storm_findings: dict[str, list[tuple[str, str, int, str]]]
) -> None:
    found = storm_findings[suffix]
    shifts = sorted(link for kind, subtype, link, _ in found if subtype == "shift")
    assert shifts == list(SHIFTED)
    assert {(kind, subtype, link) for kind, subtype, link, _ in found} >= PLANTED
    assert not [f for f in found if f[2] in SHIFTED and f[1] != "shift"], "a shifted unit is not diagnosed further"


def test_every_format_gives_the_same_findings(storm_findings: dict[str, list[tuple[str, str, int, str]]]) -> None:
    assert storm_findings["xliff"] == storm_findings["xlf"]
    assert storm_findings["tmx"] == storm_findings["xlf"]
    assert storm_findings["po"] == storm_findings["xlf"]


def test_faithful_units_raise_no_unit_fault(tmp_path: Path) -> None:
    english = segment(read_document(EXAMPLES / "rates.en.txt", "en"))
    french = segment(read_document(EXAMPLES / "rates.fr.txt", "fr"))
    assert len(english) == len(french)
    path = write(tmp_path, "xlf", [(s.text, t.text) for s, t in zip(english, french, strict=True)])
    found = findings_of(path)
    assert not [f for f in found if f["subtype"] in ("shift", "empty", "copy", "language")]
    assert not [f for f in found if f["severity"] != "minor"]


def test_copied_and_wrong_language_targets(tmp_path: Path) -> None:
    units: Units = [
        ("The schools of the region will stay closed until Monday, the city said.", None),
        (
            "The bridge will reopen next week after the repairs, officials said on Friday.",
            "The bridge will reopen next week after the repairs, officials said on Friday.",
        ),
        (
            "The museum will open a new wing for modern art in the spring.",
            "Das Museum wird im Frühjahr einen neuen Flügel für die moderne Kunst eröffnen, sagte die Stadt.",
        ),
        ("The mayor thanked the volunteers for their work.", "Le maire a remercié les bénévoles pour leur travail."),
    ]
    path = write(tmp_path, "xlf", units)
    found = {(f["subtype"], f["link"]) for f in findings_of(path) if f["type"] == "untranslated"}
    assert found == {("empty", 0), ("copy", 1), ("language", 2)}


def test_unit_language_needs_enough_words() -> None:
    assert unit_language("Das Museum wird im Frühjahr einen neuen Flügel für die moderne Kunst eröffnen.") == "de"
    assert unit_language("Le maire a remercié les bénévoles pour leur travail dans la ville.") == "fr"
    assert unit_language("Das Museum") is None


@pytest.mark.parametrize("suffix", ["xlf", "xliff"])
def test_findings_are_written_back_on_their_units(suffix: str, tmp_path: Path) -> None:
    path = write(tmp_path, suffix, storm_units())
    out = tmp_path / f"annotated.{suffix}"
    assert main(["check", str(path), "-o", str(out)]) == 0
    its = "http://www.w3.org/2005/11/its"
    root = etree.parse(str(out)).getroot()
    assert root.get(f"{{{its}}}version") == "2.0"
    original = etree.parse(str(path)).getroot()
    units = [e for e in root.iter() if etree.QName(e).localname in ("trans-unit", "unit")]
    assert len(units) == len([e for e in original.iter() if etree.QName(e).localname in ("trans-unit", "unit")])

    def texts(tree: etree._Element, name: str) -> list[str]:
        return ["".join(e.itertext()) for e in tree.iter() if etree.QName(e).localname == name]

    assert texts(root, "source") == texts(original, "source") and texts(root, "target") == texts(original, "target")
    notes = {
        number: [n.text for n in unit.iter() if etree.QName(n).localname == "note"] for number, unit in enumerate(units)
    }
    for number in SHIFTED:
        assert any("shift" in (note or "") for note in notes[number])
    assert notes[1] == [] and notes[2] == []  # the swapped bullets are right as units
    for number, unit in enumerate(units):
        issues = unit.find(f"{{{its}}}locQualityIssues")
        assert (issues is not None) == bool(notes[number])
        if issues is None:
            continue
        block = issues.get("{http://www.w3.org/XML/1998/namespace}id")
        referred = [e for e in unit.iter() if e.get(f"{{{its}}}locQualityIssuesRef") == f"#{block}"]
        assert referred or (suffix == "xliff" and unit.find(f".//{{{XLIFF_2}}}target") is None)
        assert len(issues) == len(notes[number])
        assert {issue.get("locQualityIssueSeverity") for issue in issues} <= {"30", "60", "90"}


def test_fail_on_and_the_report(tmp_path: Path) -> None:
    path = write(tmp_path, "xlf", storm_units())
    assert main(["check", str(path), "--fail-on", "mistranslation:critical", "-o", str(tmp_path / "r.json")]) == 1
    assert main(["report", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Target translates the next unit" in page
    audited = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["audited"]
    assert audited and f'<time datetime="{audited}">' in page  # the page dates the audit, as compare's does


@pytest.mark.parametrize(
    ("name", "text", "options", "fragment"),
    [
        ("none.xlf", xliff_1([("One sentence.", None), ("Two sentences.", None)]), (), "no unit has a target"),
        ("none.po", po([("One sentence.", None)]), (), "no unit has a target"),
        ("v3.xlf", xliff_2([("One.", "Un.")], version="3.0"), (), "XLIFF version '3.0' is not read"),
        ("v1.xlf", '<xliff version="1.1"><file/></xliff>', (), "XLIFF version '1.1' is not read"),
        (
            "xxe.xlf",
            '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<xliff version="1.2"><file><body><trans-unit id="1"><source>&e;</source><target>x</target>'
            "</trans-unit></body></file></xliff>",
            (),
            "external entity",
        ),
        ("big.tmx", tmx([("One sentence.", "Une phrase.")] * 40), ("--max-size", "1k"), "over the 1,024-byte limit"),
        ("html.xlf", "<html><body><p>Not a bilingual file</p></body></html>", (), "not a bilingual file"),
        ("u.xlf", xliff_1([("One.", "Un.")]), ("--no-realign",), "--no-realign: check pairs units as the file does"),
    ],
)
def test_bad_bilingual_files_are_one_line_errors(
    name: str, text: str, options: tuple[str, ...], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["check", str(tmp_path / name), *options]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligner: error: ") and fragment in lines[0], lines


def test_inline_codes_segments_and_language_variants(tmp_path: Path) -> None:
    from aligner.readers.bilingual import read_bilingual

    xliff = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en-US" '
        'target-language="fr-FR"><body><trans-unit id="a"><source>Press <g id="1">Save</g><x id="2"/> now.</source>'
        '<target>Appuyez sur <g id="1">Enregistrer</g><x id="2"/> maintenant.</target></trans-unit>'
        "</body></file></xliff>"
    )
    one = read_bilingual(tmp_path / "a.xlf", xliff.encode(), "a.xlf")
    assert (one.format, one.src_lang, one.tgt_lang) == ("xliff-1.2", "en-US", "fr-FR")
    assert [(u.id, u.source, u.target) for u in one.units] == [
        ("a", "Press Save now.", "Appuyez sur Enregistrer maintenant.")
    ]
    xliff2 = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="fr"><file id="f">'
        '<unit id="u"><originalData><data id="d1">&lt;b&gt;</data></originalData>'
        '<segment id="s1"><source>One <pc id="1">bold</pc> word.</source><target>Un mot <pc id="1">gras</pc>.</target>'
        '</segment><ignorable><source> </source></ignorable><segment id="s2"><source>Two<ph id="2" dataRef="d1"/>.'
        "</source></segment></unit></file></xliff>"
    )
    two = read_bilingual(tmp_path / "b.xlf", xliff2.encode(), "b.xlf")
    assert [(u.id, u.source, u.target) for u in two.units] == [
        ("u/s1", "One bold word.", "Un mot gras."),
        ("u/s2", "Two.", None),
    ]
    memory = (
        '<tmx version="1.4"><header srclang="*all*"/><body><tu tuid="7"><tuv xml:lang="de-DE"><seg>Hallo</seg></tuv>'
        '<tuv xml:lang="EN-GB"><seg>Hello</seg></tuv><tuv xml:lang="fr-CA"><seg>Bonjour</seg></tuv></tu></body></tmx>'
    )
    tm = read_bilingual(tmp_path / "c.tmx", memory.encode(), "c.tmx", tgt_lang="fr")
    assert [(u.id, u.source, u.target) for u in tm.units] == [("7", "Hallo", "Bonjour")]

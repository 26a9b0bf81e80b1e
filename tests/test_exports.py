"""TMX and XLIFF exports, the writers, and the packaging of the report templates."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from test_report import XSS_TEXT, sample_result

from aligner.export.tmx import dumps as tmx_dumps
from aligner.export.writers import write_outputs
from aligner.export.xliff import ITS_NS, XLIFF_NS
from aligner.export.xliff import dumps as xliff_dumps
from aligner.model import AuditResult, Document, Link, Segment
from aligner.report import render_html

REPO = Path(__file__).resolve().parent.parent
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _joined(segments: tuple[Segment, ...], indices: tuple[int, ...]) -> str:
    return " ".join(segments[i].text for i in indices)


def _with_control_characters(result: AuditResult) -> AuditResult:
    """The sample with a NUL and a vertical tab in the first source segment (XML 1.0 cannot carry them)."""
    first = result.source_segments[0]
    text = first.text.replace("minister", "min\x00is\x0bter")
    doc_text = result.source.text.replace(first.text, text)
    segments = (Segment(0, text, first.start, first.start + len(text), 0), *result.source_segments[1:])
    shifted = tuple(Segment(s.index, s.text, s.start + 2, s.end + 2, s.paragraph) if s.index else s for s in segments)
    return AuditResult(**{**result.__dict__, "source": Document("a.txt", "en", doc_text), "source_segments": shifted})


# --- TMX ------------------------------------------------------------------------------------------------------


def test_tmx_is_well_formed_with_the_required_header() -> None:
    text = tmx_dumps(sample_result(XSS_TEXT))
    assert "<script>" not in text and "&lt;script&gt;" in text
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attribute), attribute
    assert header.get("srclang") == "en" and header.get("segtype") == "sentence"


def test_tmx_has_one_unit_per_link_with_both_sides_and_round_trips_the_texts() -> None:
    result = sample_result(XSS_TEXT)
    units = ET.fromstring(tmx_dumps(result).encode("utf-8")).findall("body/tu")
    paired = [link for link in result.links if link.source and link.target]
    assert len(units) == len(paired) == 3
    for unit, link in zip(units, paired, strict=True):
        variants = unit.findall("tuv")
        assert [v.get(XML_LANG) for v in variants] == ["en", "fr"]
        assert [v.findtext("seg") for v in variants] == [
            _joined(result.source_segments, link.source),
            _joined(result.target_segments, link.target),
        ]


def test_tmx_joins_merged_links_and_replaces_what_xml_cannot_carry() -> None:
    result = _with_control_characters(sample_result())
    merged = AuditResult(**{**result.__dict__, "links": (Link((0, 1), (0,), 0.7, 0.7),)})
    text = tmx_dumps(merged)
    seg = ET.fromstring(text.encode("utf-8")).findtext("body/tu/tuv/seg")
    assert seg == _joined(result.source_segments, (0, 1)).replace("\x00", "\ufffd").replace("\x0b", "\ufffd")


def test_tmx_has_no_date_so_equal_results_give_equal_files() -> None:
    assert tmx_dumps(sample_result()) == tmx_dumps(sample_result())
    assert "creationdate" not in tmx_dumps(sample_result())


# --- XLIFF ----------------------------------------------------------------------------------------------------


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def test_xliff_units_round_trip_the_texts_and_carry_findings_as_its_marks() -> None:
    result = sample_result(XSS_TEXT)
    root = ET.fromstring(xliff_dumps(result).encode("utf-8"))
    assert root.get("version") == "2.0" and root.get("srcLang") == "en" and root.get("trgLang") == "fr"
    units = root.findall(f"{_x('file')}/{_x('unit')}")
    assert len(units) == len(result.links)
    for unit, link in zip(units, result.links, strict=True):
        source = unit.find(f"{_x('segment')}/{_x('source')}")
        target = unit.find(f"{_x('segment')}/{_x('target')}")
        assert source is not None
        assert "".join(source.itertext()) == _joined(result.source_segments, link.source)
        if link.target:
            assert target is not None
            assert "".join(target.itertext()) == _joined(result.target_segments, link.target)
        else:
            assert target is None
    marks = root.iter(_x("mrk"))
    issues = sorted(
        (m.get(f"{{{ITS_NS}}}locQualityIssueType"), m.get(f"{{{ITS_NS}}}locQualityIssueSeverity")) for m in marks
    )
    # mistranslation on both sides; "moved" is not an ITS type, so it is written as "other"
    assert issues == [
        ("addition", "60"),
        ("length", "30"),
        ("mistranslation", "90"),
        ("mistranslation", "90"),
        ("omission", "60"),
        ("other", "30"),
    ]


def test_xliff_nests_overlapping_findings_with_unique_ids() -> None:
    root = ET.fromstring(xliff_dumps(sample_result()).encode("utf-8"))
    first = root.find(f"{_x('file')}/{_x('unit')}")
    assert first is not None
    ids = [m.get("id") for m in first.iter(_x("mrk"))]
    assert len(ids) == len(set(ids)) == 3
    source = first.find(f"{_x('segment')}/{_x('source')}")
    assert source is not None
    outer = source.find(_x("mrk"))
    assert outer is not None and "".join(outer.itertext()) == "The minister said on"


# --- writers and packaging ------------------------------------------------------------------------------------


def test_write_outputs_writes_each_format_beside_the_first(tmp_path: Path) -> None:
    result = sample_result()
    written = write_outputs(result, tmp_path / "out" / "audit.html", ["html", "tmx", "xliff", "json"])
    assert [p.name for p in written] == ["audit.html", "audit.tmx", "audit.xlf", "audit.json"]
    assert written[0].read_text(encoding="utf-8") == render_html(result)
    for path in written[1:3]:
        ET.parse(path)


def _source_packages() -> list[str]:
    return sorted(".".join(init.parent.relative_to(REPO).parts) for init in (REPO / "aligner").rglob("__init__.py"))


def test_pyproject_lists_every_package_and_maps_the_templates() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert sorted(set(config["packages"]) - {"aligner.templates"}) == _source_packages()
    assert config["package-dir"]["aligner.templates"] == "templates"


@pytest.mark.skipif(not (REPO / "pyproject.toml").exists(), reason="needs the source checkout")
def test_built_wheel_ships_the_templates_and_renders_outside_the_checkout(tmp_path: Path) -> None:
    """Build a wheel offline from a clean copy, install it into a folder and render a report from there."""
    tree = tmp_path / "src"
    tree.mkdir()
    for name in ("aligner", "templates"):
        subprocess.run(["cp", "-r", str(REPO / name), str(tree / name)], check=True)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            subprocess.run(["cp", str(REPO / name), str(tree / name)], check=True)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", str(tree), "-w", str(wheels)], check=True)
    (wheel,) = wheels.glob("aligner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("report.html.j2", "report.css", "report.js"):
        assert f"aligner/templates/{template}" in names
    for module in (REPO / "aligner").rglob("*.py"):
        assert module.relative_to(REPO).as_posix() in names
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    script = (
        "import aligner.report.render as r, sys; "
        "assert r.__file__.startswith(sys.argv[1]), r.__file__; "
        "print(r.template_text('report.js')[:2])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(site)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "//"


def test_written_files_get_the_ordinary_permissions(tmp_path: Path) -> None:
    """Reports are shared and served: not the private 0600 a temporary file starts with."""
    (written,) = write_outputs(sample_result(), tmp_path / "audit.html", ["html"])
    assert written.stat().st_mode & 0o777 == 0o644
    written.chmod(0o640)
    write_outputs(sample_result(), written, ["html"])
    assert written.stat().st_mode & 0o777 == 0o640

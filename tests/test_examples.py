"""The example pairs through the whole pipeline (default offline pivot): each deliberate difference listed in
``examples/README.md`` is reported with its type and on its words, and the faithful pair raises nothing major.

A held-out pair written differently from the examples (another story, another epithet, another title) checks
that detection generalises rather than fitting the examples.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.diagnose import DiagnoseOptions
from aligner.inputs import read_document
from aligner.model import AuditResult, Document, Finding
from aligner.pipeline import CompareOptions, compare

#: (type, subtype, source words, target words) for each deliberate difference, or a set of equally right
#: reports of it; ``None`` where there is no span.
Difference = tuple[str, str, str | None, str | None]
STORM: list[Difference | set[Difference]] = [
    ("mistranslation", "number", "12,000", "21 000"),  # headline
    # Two adjacent bullets swapped: either may be reported as the one that moved.
    {
        (
            "other",
            "moved",
            "- Two people were killed and at least 40 were injured, officials said.",
            "- Deux personnes ont été tuées et au moins 40 blessées, selon les autorités.",
        ),
        (
            "other",
            "moved",
            "- Winds of up to 185 km/h tore roofs off houses in three coastal counties.",
            "- Des vents atteignant 185 km/h ont arraché les toits de maisons dans trois comtés côtiers.",
        ),
    },
    ("mistranslation", "date", "Sept. 14", "16 septembre"),
    ("mistranslation", "entity", "Sunshine State's", "Géorgie"),
    ("mistranslation", "number", "12,000", "21 000"),  # body
    ("omission", "title", "Homeland Security Secretary", None),
    (
        "addition",
        "sentence",
        None,
        "Les habitants de la côte n'avaient pas connu une tempête aussi violente depuis plus de dix ans.",
    ),
    (
        "omission",
        "sentence",
        "It is expected to dump up to 30 centimetres of rain on inland areas over the next two days.",
        None,
    ),
    ("mistranslation", "entity", "Holt", "Hall"),
    (
        "omission",
        "sentence",
        "Insurers have not yet estimated the damage, but analysts expect claims to run into hundreds of millions "
        "of dollars.",
        None,
    ),
]
BRIDGE: list[Difference | set[Difference]] = [
    ("mistranslation", "number", "48 million dollars", "54 million dollars"),
    ("mistranslation", "date", "Tuesday", "Wednesday"),
    ("omission", "title", "Mayor", None),
    ("omission", "sentence", "Opponents argued that the money should go to repairing existing roads.", None),
    ("addition", "sentence", None, "The state government has promised to cover a third of the cost."),
]

#: Wire copy as agencies file it: one paragraph per line, no blank lines, a headline without final punctuation.
DROUGHT: list[Difference | set[Difference]] = [
    {  # the French puts the third bullet first: either of the two bullets that changed order is the one moved
        (
            "other",
            "moved",
            "- The rationing will last at least until the end of March.",
            "- Le rationnement durera au moins jusqu'à la fin du mois de mars.",
        ),
        (
            "other",
            "moved",
            "- About 4.2 million people will receive water only three days a week.",
            "- Environ 4,2 millions de personnes ne recevront de l'eau que trois jours par semaine.",
        ),
    },
    ("omission", "sentence", "- Reservoirs around the capital are at 18 percent of capacity.", None),
    ("addition", "sentence", None, "- Les autorités envisagent de forer de nouveaux puits autour de la ville."),
    ("omission", "title", "Water Minister", None),
    ("mistranslation", "entity", "breadbasket of the region", "Ouganda"),
    ("mistranslation", "number", "250 million dollars", "205 millions de dollars"),
]


def audit(examples_dir: Path, source: str, target: str, tgt_lang: str = "fr") -> AuditResult:
    return compare(read_document(examples_dir / source, "en"), read_document(examples_dir / target, tgt_lang))


def described(result: AuditResult, finding: Finding) -> tuple[str, str, str | None, str | None]:
    texts: dict[str, str | None] = {"source": None, "target": None}
    for span in finding.spans:
        doc = result.source if span.side == "source" else result.target
        texts[span.side] = doc.text[span.start : span.end]
    return finding.type, finding.subtype, texts["source"], texts["target"]


@pytest.mark.parametrize(
    ("source", "target", "tgt_lang", "expected"),
    [
        ("storm.en.txt", "storm.fr.txt", "fr", STORM),
        ("drought.en.txt", "drought.fr.txt", "fr", DROUGHT),
        ("bridge.v1.en.txt", "bridge.v2.en.txt", "en", BRIDGE),
    ],
)
def test_every_deliberate_difference_is_found_on_its_words(
    examples_dir: Path, source: str, target: str, tgt_lang: str, expected: list[Difference | set[Difference]]
) -> None:
    result = audit(examples_dir, source, target, tgt_lang)
    found = [described(result, f) for f in result.findings]
    for difference in expected:
        alternatives = difference if isinstance(difference, set) else {difference}
        match = next((f for f in found if f in alternatives), None)
        assert match is not None, f"{difference} not in {found}"
        found.remove(match)
    unexpected = [f for f in result.findings if described(result, f) in found]
    assert all(f.severity == "minor" for f in unexpected), unexpected


def test_wire_copy_without_blank_lines_gets_its_structure_and_nothing_but_its_differences(examples_dir: Path) -> None:
    """The headline is its own segment though no blank line follows it, each line is a paragraph, the bullets are
    bullets; the UN written "ONU" and the World Health Organization spelt out in French are not findings."""
    result = audit(examples_dir, "drought.en.txt", "drought.fr.txt")
    assert result.settings.get("layout") == "lines/lines"
    assert [s.kind for s in result.source_segments[:5]] == ["headline", "bullet", "bullet", "bullet", "body"]
    assert result.source_segments[0].text == "Drought forces Kenya to ration water in Nairobi"
    found = [described(result, f) for f in result.findings]
    assert len(found) == len(DROUGHT)  # each deliberate difference once, and nothing else
    for difference in DROUGHT:
        assert set(found) & (difference if isinstance(difference, set) else {difference}), difference
    severities = {(f.type, f.subtype): f.severity for f in result.findings}
    assert severities[("mistranslation", "number")] == "critical"
    assert severities[("other", "moved")] == "minor"
    assert all(0.0 < f.confidence <= 1.0 for f in result.findings)


def test_the_faithful_pair_has_no_major_finding(examples_dir: Path) -> None:
    result = audit(examples_dir, "rates.en.txt", "rates.fr.txt")
    assert [f for f in result.findings if f.severity != "minor"] == []
    assert len(result.findings) <= 3


def test_at_the_strictest_sensitivity_the_faithful_pair_is_clean(examples_dir: Path) -> None:
    source = read_document(examples_dir / "rates.en.txt", "en")
    target = read_document(examples_dir / "rates.fr.txt", "fr")
    assert compare(source, target, CompareOptions(diagnose=DiagnoseOptions(0.0))).findings == ()


def test_compare_writes_findings_with_types_spans_and_messages_to_json(examples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "storm.json"
    code = main(["compare", str(examples_dir / "storm.en.txt"), str(examples_dir / "storm.fr.txt"), "-o", str(out)])
    assert code == 0
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    title = next(f for f in findings if f["subtype"] == "title")
    assert title["type"] == "omission" and title["severity"] == "major"
    assert title["message"].startswith("Title “Homeland Security Secretary”")
    (span,) = title["spans"]
    text = (examples_dir / "storm.en.txt").read_text(encoding="utf-8")
    assert text[span["start"] : span["end"]] == "Homeland Security Secretary"


HELD_OUT_EN = """\
Japan's foreign minister ends European tour in Paris

PARIS, June 2 (Wire) - Foreign Minister Kenji Sato arrived in Paris on Friday for talks on trade and security.
He told reporters that the land of the rising sun wanted closer ties with Europe.
Sato will meet his French counterpart on Saturday before flying back to Tokyo.
The two countries signed a maritime cooperation agreement last year.
"""
HELD_OUT_FR = """\
Le ministre japonais des Affaires étrangères termine sa tournée européenne à Paris

PARIS, 2 juin (Wire) - Kenji Sato est arrivé vendredi à Paris pour des entretiens sur le commerce et la sécurité.
Il a déclaré aux journalistes que la Chine souhaitait des liens plus étroits avec l'Europe.
M. Sato rencontrera son homologue français samedi avant de rentrer à Tokyo.
Les deux pays ont signé l'an dernier un accord de coopération maritime.
"""


def test_held_out_a_replaced_epithet_and_a_dropped_title_are_found_on_their_words() -> None:
    result = compare(Document("en", "en", HELD_OUT_EN), Document("fr", "fr", HELD_OUT_FR))
    found = [described(result, f) for f in result.findings]
    assert ("mistranslation", "entity", "land of the rising sun", "Chine") in found
    assert ("omission", "title", "Foreign Minister", None) in found
    assert [f for f in result.findings if f.severity != "minor" and f.subtype not in ("entity", "title")] == []


@pytest.mark.parametrize(
    ("en", "fr", "expected"),
    [
        (
            "Aid agencies warned on Monday that drought was spreading across the dark continent.",
            "Les agences humanitaires ont averti lundi que la sécheresse s'étendait dans tout le Sahara.",
            ("mistranslation", "entity", "dark continent", "Sahara"),
        ),
        (
            "Oil prices climbed in the land of the pharaohs after the announcement.",
            "Les prix du pétrole ont grimpé en Arabie saoudite après l'annonce.",
            ("mistranslation", "entity", "land of the pharaohs", "Arabie"),
        ),
        (
            "US Secretary of State Antony Blinken said on Monday that talks would resume next week.",
            "Antony Blinken a déclaré lundi que les négociations reprendraient la semaine prochaine.",
            ("omission", "title", "US Secretary of State", None),
        ),
        (
            "The president of France, Emmanuel Macron, arrived in Berlin on Tuesday.",
            "Emmanuel Macron est arrivé mardi à Berlin.",
            ("omission", "title", "president of France", None),
        ),
    ],
)
def test_held_out_sentences_with_a_replaced_epithet_or_a_dropped_title(
    en: str, fr: str, expected: tuple[str, str, str, str | None]
) -> None:
    result = compare(Document("en", "en", en), Document("fr", "fr", fr))
    assert [described(result, f) for f in result.findings] == [expected]


@pytest.mark.parametrize(
    ("en", "fr"),
    [
        (
            "US Secretary of State Antony Blinken said on Monday that talks would resume next week.",
            "Le secrétaire d'État américain Antony Blinken a déclaré lundi que les négociations reprendraient la "
            "semaine prochaine.",
        ),
        (
            "Aid agencies warned on Monday that drought was spreading across the dark continent.",
            "Les agences humanitaires ont averti lundi que la sécheresse s'étendait sur le continent noir.",
        ),
        ("Mr Sato will meet his French counterpart on Saturday.", "M. Sato rencontrera son homologue français samedi."),
        (
            "The United Nations said 2.5 million people had fled the fighting since March.",
            "Les Nations unies ont indiqué que 2,5 millions de personnes avaient fui les combats depuis mars.",
        ),
    ],
)
def test_held_out_faithful_sentences_raise_nothing(en: str, fr: str) -> None:
    assert compare(Document("en", "en", en), Document("fr", "fr", fr)).findings == ()


HELD_OUT_HEALTH_EN = """\
Measles cases surge across southern Europe

- Health officials reported 4,200 new cases in March.
- Vaccination rates have fallen since 2020.

ROME, April 8 (Wire) - Measles cases rose sharply across southern Europe last month,
health authorities said on Tuesday, as vaccination rates continued to fall.

Italian Health Minister Ana Lima said the government would open 300 new vaccination centres by June.

"We cannot let a preventable disease return," she told parliament.

Hospitals in the Eternal City have set up isolation wards for children.

The World Health Organization urged parents to check their children's vaccination records.

Experts say at least 95% of the population must be vaccinated to stop the virus from spreading.
"""
HELD_OUT_HEALTH_FR = """\
Les cas de rougeole explosent dans le sud de l'Europe

- Les autorités sanitaires ont signalé 4 200 nouveaux cas en mars.
- Les taux de vaccination ont baissé depuis 2020.

ROME, 8 avril (Wire) - Les cas de rougeole ont fortement augmenté le mois dernier dans le sud de l'Europe,
ont indiqué mardi les autorités sanitaires, alors que les taux de vaccination continuaient de baisser.

Ana Lima a déclaré que le gouvernement ouvrirait 300 nouveaux centres de vaccination d'ici juin.

« Nous ne pouvons pas laisser revenir une maladie évitable », a-t-elle déclaré au parlement.

Les hôpitaux de Milan ont installé des services d'isolement pour les enfants.

L'Organisation mondiale de la santé a exhorté les parents à vérifier le carnet de vaccination de leurs enfants.

Selon les experts, au moins 95 % de la population doit être vaccinée pour empêcher le virus de se propager.
"""


def test_held_out_story_in_another_domain_reports_only_the_two_errors() -> None:
    """A health story: the Eternal City rendered as Milan, the minister's title dropped; everything else faithful
    (including "World Health Organization" / "Organisation mondiale de la santé")."""
    result = compare(Document("en", "en", HELD_OUT_HEALTH_EN), Document("fr", "fr", HELD_OUT_HEALTH_FR))
    found = [described(result, f) for f in result.findings if f.severity != "minor"]
    assert found == [
        ("omission", "title", "Italian Health Minister", None),
        ("mistranslation", "entity", "Eternal City", "Milan"),
    ]


@pytest.mark.parametrize("value", ["-0.5", "1.5", "high"])
def test_a_sensitivity_outside_zero_to_one_is_refused(
    examples_dir: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(
            ["compare", str(examples_dir / "rates.en.txt"), str(examples_dir / "rates.fr.txt"), "--sensitivity", value]
        )
    assert exit_info.value.code == 2
    assert "expected a number between 0 and 1" in capsys.readouterr().err

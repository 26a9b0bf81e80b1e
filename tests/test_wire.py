"""Real wire copy through the whole pipeline (default pivot and encoder): names written by another language's
conventions are no findings, a name or place replaced by another is one critical finding on both, a moved
sentence is one move however its neighbours were aligned."""

from __future__ import annotations

import pytest

from aligner.model import AuditResult, Document, Finding
from aligner.pipeline import compare


def audit(en: str, fr: str) -> AuditResult:
    return compare(Document("en", "en", en), Document("fr", "fr", fr))


def described(result: AuditResult, finding: Finding) -> tuple[str, str, str, str | None, str | None]:
    texts: dict[str, str | None] = {"source": None, "target": None}
    for span in finding.spans:
        doc = result.source if span.side == "source" else result.target
        texts[span.side] = doc.text[span.start : span.end]
    return finding.type, finding.subtype, finding.severity, texts["source"], texts["target"]


@pytest.mark.parametrize(
    ("en", "fr"),
    [
        (
            "NATO ministers will meet in Brussels on Tuesday to discuss the mission.",
            "Les ministres de l'OTAN se réuniront mardi à Bruxelles pour discuter de la mission.",
        ),
        (
            "The UN said the convoy had reached the city on Friday.",
            "L'ONU a indiqué que le convoi avait atteint la ville vendredi.",
        ),
        (
            "Libyan leader Muammar Gaddafi was killed in October 2011.",
            "Le dirigeant libyen Mouammar Kadhafi a été tué en octobre 2011.",
        ),
        (
            "US officials said the talks had made progress.",
            "Les responsables américains ont déclaré que les négociations avaient progressé.",
        ),
        (
            "The EU will decide on the sanctions next month.",
            "L'UE se prononcera sur les sanctions le mois prochain.",
        ),
    ],
)
def test_names_written_by_the_other_language_s_conventions_are_no_major_finding(en: str, fr: str) -> None:
    result = audit(en, fr)
    assert [described(result, f) for f in result.findings if f.severity != "minor"] == []


def test_a_title_case_headline_s_capitalised_words_are_not_names() -> None:
    result = audit(
        "Storm Leaves Thousands Without Power Across The Coast\nThe storm left thousands without power.\n",
        "La tempête prive des milliers de foyers d'électricité sur la côte\n"
        "La tempête a privé des milliers de foyers d'électricité.\n",
    )
    assert [f for f in result.findings if f.type == "mistranslation"] == []


@pytest.mark.parametrize(
    ("en", "fr", "source", "target"),
    [
        (
            "Spokesman Peter Brown said the factory would close in June.",
            "Le porte-parole Peter Lefebvre a déclaré que l'usine fermerait en juin.",
            "Brown",
            "Lefebvre",
        ),
        (
            "The delegation flew to Nairobi on Monday for the talks.",
            "La délégation s'est rendue lundi à Lima pour les négociations.",
            "Nairobi",
            "Lima",
        ),
    ],
)
def test_a_name_or_place_replaced_by_another_is_one_critical_finding_on_both(
    en: str, fr: str, source: str, target: str
) -> None:
    result = audit(en, fr)
    assert [described(result, f) for f in result.findings] == [
        ("mistranslation", "entity", "critical", source, target)
    ]


MOVED_EN = """\
Ferry strike strands passengers in Calais
A strike by ferry crews left about 3,000 passengers stranded in Calais on Friday.
Unions said the stoppage would last until Sunday.
The operator said it had cancelled twelve crossings.
Trucks queued for twelve kilometres on the motorway to the port.
The port authority advised travellers to use the tunnel instead.
Talks between the unions and the operator broke down on Thursday evening.
"""
MOVED_FR = """\
Une grève des ferries bloque des passagers à Calais
Une grève des équipages de ferries a bloqué vendredi environ 3 000 passagers à Calais.
Les négociations entre les syndicats et l'opérateur ont échoué jeudi soir.
Les syndicats ont indiqué que l'arrêt de travail durerait jusqu'à dimanche.
L'opérateur a indiqué avoir annulé douze traversées.
Les camions faisaient la queue sur douze kilomètres sur l'autoroute menant au port.
L'autorité portuaire a conseillé aux voyageurs d'emprunter plutôt le tunnel.
"""


def test_a_moved_sentence_is_one_move_pointing_at_both_places() -> None:
    result = audit(MOVED_EN, MOVED_FR)
    found = [described(result, f) for f in result.findings if f.severity != "minor" or f.subtype == "moved"]
    assert found == [
        (
            "other",
            "moved",
            "minor",
            "Talks between the unions and the operator broke down on Thursday evening.",
            "Les négociations entre les syndicats et l'opérateur ont échoué jeudi soir.",
        )
    ]

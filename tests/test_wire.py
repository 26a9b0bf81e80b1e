"""Real wire copy through the whole pipeline (default pivot and encoder): names written by another language's
conventions are no findings, a name or place replaced by another is one critical finding on both, a moved
sentence is one move however its neighbours were aligned."""

from __future__ import annotations

import pytest

from aligner.diagnose import DiagnoseOptions
from aligner.diagnose.segments import absorbed_sentences
from aligner.diagnose.severity import make_finding
from aligner.diagnose.word_kinds import title_case
from aligner.model import AuditResult, Document, Finding, Segment, Span
from aligner.pipeline import CompareOptions, compare


def audit(en: str, fr: str) -> AuditResult:
    return compare(Document("en", "en", en), Document("fr", "fr", fr))


def described(result: AuditResult, finding: Finding) -> tuple[str, str, str, str | None, str | None]:
    texts: dict[str, str | None] = {"source": None, "target": None}
    for span in finding.spans:
        doc = result.source if span.side == "source" else result.target
        texts[span.side] = doc.text[span.start : span.end]
    return finding.type, finding.subtype, finding.severity, texts["source"], texts["target"]


def entity_targets(result: AuditResult) -> list[tuple[str, str, str | None]]:
    """(type, severity, translation's words) of each name finding."""
    found = [described(result, f) for f in result.findings if f.subtype == "entity"]
    return [(type_, severity, target) for type_, _, severity, _, target in found]


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
        (  # a name translated in a frame the other side keeps ("XVI", "Texas") is the same name
            "Pope Benedict XVI visited the cathedral on Sunday.",
            "Le pape Benoît XVI a visité la cathédrale dimanche.",
        ),
        (
            "The University of Texas at Austin published the study.",
            "L'Université du Texas à Austin a publié l'étude.",
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
    ("text", "lang", "expected"),
    [
        ("Storm Leaves Thousands Without Power Across The Coast", "en", True),
        ("Israeli Warplanes Strike Target Inside Syria, Official Says", "en", True),
        ("Des avions de guerre israéliens frappent une cible en Belgique", "fr", False),
        ("Storm leaves thousands without power across Alabama", "en", False),
    ],
)
def test_title_case_tells_a_title_case_headline_from_a_sentence_case_one(text: str, lang: str, expected: bool) -> None:
    assert title_case(Segment(0, text, 0, len(text), 0, "headline"), lang) is expected
    assert title_case(Segment(0, text, 0, len(text), 0), lang) is False  # body sentences are never title case


def test_a_place_replaced_in_a_sentence_case_headline_is_critical() -> None:
    """The French press writes headlines in sentence case: a capital inside one marks a name, as in a sentence."""
    result = audit(
        "Israeli Warplanes Strike Target Inside Syria, Official Says\n"
        "Israeli warplanes struck a target inside Syria late Thursday, an official said.\n",
        "Des avions de guerre israéliens frappent une cible en Belgique, selon un responsable\n"
        "Des avions de guerre israéliens ont frappé une cible en Syrie jeudi soir, a déclaré un responsable.\n",
    )
    headline = [described(result, f) for f in result.findings if f.spans[0].segment == 0]
    assert ("mistranslation", "entity", "critical", "Syria", "Belgique") in headline


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
    assert [described(result, f) for f in result.findings] == [("mistranslation", "entity", "critical", source, target)]


def test_a_name_left_out_with_its_clause_is_the_clause_s_omission_not_a_replaced_name() -> None:
    """The name faces "estime", far off; the clause it stood in was left out whole. Neither the name's finding nor
    the sentence's length finding (which spans the whole sentence) may hide the clause."""
    result = audit(
        "Lucie Wilson, who is also the director of the Saint-Louis Hospice in Gatineau, believes the law is a step "
        "forward.\n",
        "Lucie Wilson estime que la loi est un progrès.\n",
    )
    assert [described(result, f) for f in result.findings if f.type != "length"] == [
        ("omission", "partial", "major", "who is also the director of the Saint-Louis Hospice in Gatineau", None)
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


def test_a_lead_sentence_moved_out_of_the_headline_s_link_is_one_move() -> None:
    """The French headline sums up the lead sentence, so the aligner merges the English headline and lead with it;
    the lead, moved further down in the French, is still one move, and nothing is reported against the headline."""
    result = audit(
        MOVED_EN.replace("left about 3,000 passengers stranded", "stranded about 3,000 passengers"),
        "Une grève des équipages de ferries bloque 3 000 passagers à Calais\n"
        + "".join(MOVED_FR.splitlines(keepends=True)[i] for i in (3, 4, 5, 1, 6, 2)),
    )
    assert [described(result, f) for f in result.findings] == [
        (
            "other",
            "moved",
            "minor",
            "A strike by ferry crews stranded about 3,000 passengers in Calais on Friday.",
            "Une grève des équipages de ferries a bloqué vendredi environ 3 000 passagers à Calais.",
        )
    ]


@pytest.mark.parametrize(
    ("en", "fr"),
    [
        (  # an abbreviated word written out
            '"We have no choice," said Hasan Ikhrata, director of the Southern California Assn. of Governments.',
            "« Nous n'avons pas le choix », a déclaré Hasan Ikhrata, directeur de la Southern California Association "
            "of Governments.",
        ),
        (  # "Md" is the French press's "milliards" in figures, not a name
            "Behind the row is a race for jet orders with at least $90-billion of estimated business in coming years.",
            "Derrière la querelle se cache une course aux commandes d'avions pour un montant estimé d'au moins 90 Md$ "
            "dans les années à venir.",
        ),
        (  # a French capital that dropped its accent ("Etat" for "État") is still a common word
            "They learn that their leaders, sometimes at the highest level of government, have been monitored.",
            "Ils apprennent que leurs dirigeants, parfois au plus haut sommet de leur Etat, ont été surveillés.",
        ),
        (  # miles an hour converted to km/h, rounded
            "Winds reached 130 mph as the storm made landfall on Tuesday.",
            "Les vents ont atteint 210 km/h lorsque la tempête a touché terre mardi.",
        ),
        (  # a figure given with its conversion, of which the translation keeps one
            "A motorist was fined £1,000 for driving at up to 130mph (210km/h) with a hot drink between his legs.",
            "Un automobiliste a reçu une amende de 1 000 £ pour avoir roulé à 210 km/h avec une boisson chaude entre "
            "ses jambes.",
        ),
        (  # an institution's name translated word for word: "Faculté" is a common word, no other name
            "Nathaniel P. Morris is a second-year student at Harvard Medical School.",
            "Nathaniel P. Morris est étudiant en 2e année de médecine à la Faculté de médecine de Harvard.",
        ),
        (  # an acronym's expansion in brackets, a gloss for the English reader
            "He met officials of the DGSE (Directorate General for External Security) in Paris.",
            "Il a rencontré des responsables de la DGSE à Paris.",
        ),
        (  # an ordinal in a compound
            "Nathaniel Morris is a second-year student at Harvard Medical School.",
            "Nathaniel Morris est étudiant en 2e année à la Harvard Medical School.",
        ),
        (  # a round figure given as a collective noun
            "About 60 people were evacuated from the building on Sunday.",
            "Une soixantaine de personnes ont été évacuées de l'immeuble dimanche.",
        ),
        (  # pounds converted to kilograms, rounded
            "The pumpkin weighed 1,200 pounds, a state record.",
            "La citrouille pesait 544 kilos, un record pour l'État.",
        ),
        (
            "The storm moved 40 miles inland overnight.",
            "La tempête a progressé de 64 kilomètres à l'intérieur des terres pendant la nuit.",
        ),
        (
            "Temperatures reached 95 degrees Fahrenheit on Monday.",
            "Les températures ont atteint 35 degrés Celsius lundi.",
        ),
        (  # a year shortened to two digits
            "Deliveries are now expected in Q2/16, the company said.",
            "Les livraisons sont désormais attendues au deuxième trimestre 2016, a indiqué l'entreprise.",
        ),
        (  # a clock time written with a dot
            "Polling stations close at 8.30 tonight.",
            "Les bureaux de vote ferment à 8h30 ce soir.",
        ),
        (  # "a" written as the digit 1
            "The region has barely a doctor for every 8,000 residents.",
            "La région compte à peine 1 médecin pour 8 000 habitants.",
        ),
        (  # an institution's name translated: common words after a French article
            "But the House leadership blocked the bill on Tuesday.",
            "Mais la direction de la Chambre a bloqué le projet de loi mardi.",
        ),
        (  # a capital that is a shape, not a name
            "The government made a U-turn on the fuel tax.",
            "Le gouvernement a fait volte-face sur la taxe sur les carburants.",
        ),
        (  # feet glued to the figure, converted
            "The hiker fell 30ft into a ravine on Sunday.",
            "Le randonneur a fait une chute de 9 m dans un ravin dimanche.",
        ),
        (  # a conversion rounded on one side and exact on the other
            "Airlines want a seat at least 17 inches (43 cm) wide.",
            "Les compagnies veulent un siège d'au moins 17 pouces (43,18 cm) de large.",
        ),
        (  # half a year in words
            "The average age is now 12.5 years.",
            "L'âge moyen est désormais de 12 ans et demi.",
        ),
        (  # an abbreviated title
            "Sen. Maria Lopez voted against the bill.",
            "La sénatrice Maria Lopez a voté contre le projet de loi.",
        ),
        (  # a title rendered by another word of the same meaning
            "The fee covers the cost of handling, said company spokeswoman Anna Berg.",
            "Ces frais couvrent le coût du traitement, a déclaré la porte-parole de l'entreprise, Anna Berg.",
        ),
        (  # an event named by its date
            "The programmes go back to the Cold War and, of course, 9/11.",
            "Ces programmes remontent à la guerre froide et, bien sûr, au 11 septembre.",
        ),
        (  # "U.S." with full stops is the United States
            "It matters for U.S. security, said Ms Lane, who chairs the Senate Armed Services Subcommittee on "
            "Readiness.",
            "C'est important pour la sécurité des États-Unis, a déclaré Mme Lane, qui préside la sous-commission du "
            "Sénat chargée de la préparation des forces.",
        ),
        (  # a compound of titles ("député-maire") holds the mayor's title
            "Wreaths were laid at the memorial by Mayor Pierre Vallon and other dignitaries.",
            "Des gerbes ont été déposées au monument par le député-maire Pierre Vallon et d'autres personnalités.",
        ),
        (  # a round figure as a collective noun after "la"
            "Delegates from some 40 countries signed the charter.",
            "Les délégués de la quarantaine de pays présents ont signé la charte.",
        ),
        (  # the evening news named by its hour
            "She was interviewed on the evening news the day she was freed.",
            "Elle a été interviewée au 20h le jour de sa libération.",
        ),
    ],
)
def test_figures_and_names_a_translation_legitimately_rewrites_are_no_major_finding(en: str, fr: str) -> None:
    result = audit(en, fr)
    assert [described(result, f) for f in result.findings if f.severity != "minor"] == []


def test_the_same_month_left_over_on_both_sides_is_not_a_changed_date() -> None:
    """The day or year differs ("March 3rd and 10th" / "les 3 et 10 mars 2015"): that is for the number check;
    "March" and "mars" are the same month."""
    result = audit(
        "The film will be released in two parts, on March 3rd and 10th.\n",
        "Le film sortira en deux volets, les 3 et 10 mars 2015.\n",
    )
    assert not [f for f in result.findings if f.message.startswith("March")]


@pytest.mark.parametrize(
    ("en", "fr"),
    [
        (  # "Peru" / "à l'étranger": the French names Peru in the next sentence
            "We would have flown him out of Peru if we had had the money. Peru has very few heart surgeons.\n",
            "Nous l'aurions emmené à l'étranger si nous avions eu l'argent. Le Pérou compte très peu "
            "de chirurgiens cardiaques.\n",
        ),
        (  # "Britain's prime minister" / "Premier ministre": the French names Britain next only by its people
            "Asked whether he would like to be Britain's prime minister again, Mr Blake said he would.\n"
            "British voters may not agree, polls suggest.\n",
            "Interrogé sur un retour au poste de Premier ministre, M. Blake a répondu par l'affirmative.\n"
            "Les électeurs britanniques pourraient ne pas être d'accord, selon les sondages.\n",
        ),
    ],
)
def test_a_country_the_translation_names_elsewhere_is_no_major_finding(en: str, fr: str) -> None:
    """Even at sensitivity 1 the country left out of one sentence is only a minor lead."""
    result = compare(Document("en", "en", en), Document("fr", "fr", fr), CompareOptions(diagnose=DiagnoseOptions(1.0)))
    entity = [f for f in result.findings if f.subtype == "entity"]
    assert entity and all(f.severity == "minor" for f in entity)


def test_a_replaced_name_repeated_through_the_story_is_one_finding() -> None:
    en = (
        "Volunteers of the mountain rescue service reached the two climbers on Sunday.\n"
        "The mountain rescue service said both men were unhurt.\n"
        "A doctor from the mountain rescue service examined them at the hut.\n"
    )
    fr = (
        "Des bénévoles du Secours Montagne ont rejoint les deux alpinistes dimanche.\n"
        "Le Secours Montagne a indiqué que les deux hommes étaient indemnes.\n"
        "Un médecin du Secours Montagne les a examinés au refuge.\n"
    )
    result = audit(en, fr)
    entity = [f for f in result.findings if f.subtype == "entity"]
    assert len([f for f in entity if f.severity != "minor"]) <= 1
    assert all(dict(f.evidence).get("repeats_link") is not None for f in entity[1:])


@pytest.mark.parametrize(
    ("en", "fr", "dropped"),
    [
        (  # the French keeps the apposition "présidente" but drops "Senator": a title near the name is no
            # counterpart when the pivot matched the title nowhere and the encoder finds them different
            "The plan is sound, said Senator Maria Lopez, chair of the finance committee.",
            "Le plan est solide, a déclaré Maria Lopez, présidente de la commission des finances.",
            "Senator",
        ),
        (  # "director-general" (a compound of titles) is kept; "Ambassador", after the comma, is a title of its
            # own, not hidden inside one long title phrase with it
            "The mission was a success, the agency's director-general, Ambassador Ahmet Demir, said on Monday.",
            "La mission est un succès, a déclaré lundi le directeur général de l'agence, Ahmet Demir.",
            "Ambassador",
        ),
        (  # the French "ambassadeur" is Peru's; near Jane Miller stands only the minister's title
            "When the president calls Ambassador Jane Miller, or when Foreign Minister Paul Girard summons the "
            "Ambassador of Peru, they are responding to the leak.",
            "Quand le président appelle Jane Miller, ou quand le ministre des Affaires étrangères Paul Girard "
            "convoque l'ambassadeur du Pérou, ils répondent à la fuite.",
            "Ambassador",
        ),
    ],
)
def test_a_title_dropped_beside_another_title_is_found(en: str, fr: str, dropped: str) -> None:
    result = audit(en + "\n", fr + "\n")
    assert [described(result, f) for f in result.findings if f.subtype == "title"] == [
        ("omission", "title", "major", dropped, None)
    ]


def test_a_courtesy_title_abbreviates_no_place() -> None:
    """ "Mr" has M and r in order, as "Micronésie" has, but abbreviates "Mister": the place stays unexplained."""
    result = audit(
        "In a statement, Mr Haddad said the backing of the international community would help the talks.\n",
        "Dans un communiqué, M. Haddad a déclaré que le soutien de la Micronésie aiderait les négociations.\n",
    )
    assert ("Micronésie", "major") in [
        (described(result, f)[4], f.severity) for f in result.findings if f.subtype == "entity"
    ]


def test_a_sentence_translated_inside_a_neighbour_the_aligner_kept_apart_is_no_finding() -> None:
    """An omitted sentence and a partial addition two links away that mean the same (the encoder's cosine at the
    move threshold) were one sentence merged by the translator: neither is reported; a partial addition that
    means something else stays."""
    source = (Segment(0, "Nobody was hurt in the fire.", 0, 28, 0),)
    target = (Segment(0, "L'incendie n'a fait aucun blessé, selon la police.", 0, 51, 0),)
    omitted = make_finding("omission", "sentence", "major", 3, (Span("source", 0, 0, 28),), "", 0.8)
    same = make_finding("addition", "partial", "major", 4, (Span("target", 0, 0, 32),), "", 0.8)
    other = make_finding("addition", "partial", "major", 4, (Span("target", 0, 35, 50),), "", 0.8)

    def quote(span: Span) -> str:
        return (source if span.side == "source" else target)[0].text[span.start : span.end]

    def cosine(a: str, b: str) -> float:
        return 0.8 if (a, b) == ("Nobody was hurt in the fire.", "L'incendie n'a fait aucun blessé") else 0.2

    assert absorbed_sentences([omitted], [other, same], quote, cosine) == ([], [other])
    assert absorbed_sentences([omitted], [other], quote, cosine) == ([omitted], [other])


def test_a_country_put_for_a_description_beside_another_place_is_still_a_major_finding() -> None:
    """ "the capital of Cameroon" rendered "le Yémen du Cameroun": the country beside a matched place is a name of its
    own, not the first word of a longer name whose other words match."""
    result = audit(
        "He was injured in a car accident near Yaounde, the capital of Cameroon.\n",
        "Il a été blessé dans un accident de voiture près de Yaoundé, le Yémen du Cameroun.\n",
    )
    assert ("mistranslation", "entity", "major", "capital", "Yémen") in [described(result, f) for f in result.findings]


def test_a_place_put_into_a_hyphenated_name_is_a_replaced_name() -> None:
    """ "Granby" is kept inside "Norvège-de-Granby", but Norway is named on one side only: the name is not
    matched by its kept part."""
    result = audit(
        "The Granby Region Hospital (GRH) declined to comment on the matter.\n",
        "L'Hôpital de la Norvège-de-Granby (HRG) a refusé de commenter.\n",
    )
    assert entity_targets(result) == [("mistranslation", "critical", "Norvège-de-Granby")]


def test_a_clause_dropped_with_the_names_inside_it_is_shown() -> None:
    """The phrases of one dropped clause, split by the names inside it ("Moscow"), do not count against each
    other: the clause is shown whole at the default sensitivity (the sentence's length finding does not hide
    it), and the name is an omission, not a replacement of a word the translation has ("traité")."""
    result = audit(
        "Since Norway left the treaty last year, further delays would be an easy gift for Moscow to hand over in "
        "exchange for whatever it needed from the Norwegians.\n",
        "Depuis que la Norvège a quitté le traité l'an dernier\n",
    )
    found = [described(result, f)[:2] + described(result, f)[3:4] for f in result.findings]
    assert (
        "omission",
        "partial",
        "further delays would be an easy gift for Moscow to hand over in exchange for whatever it needed from the "
        "Norwegians.",
    ) in found
    assert ("omission", "entity", "Moscow") in found


def test_a_name_left_out_is_no_replacement_of_a_word_the_pivot_missed() -> None:
    """ "rédigées" renders "written" (the encoder says so; the word-for-word pivot does not): it replaced no
    name, so the lawyer's dropped name is an omission."""
    result = audit(
        "The letters were written by the lawyer of the order, Mr Jacques Delorme, in the 1990s.\n",
        "Les lettres ont été rédigées par l'avocat de l'ordre dans les années 1990.\n",
    )
    entities = [described(result, f) for f in result.findings if f.subtype == "entity"]
    assert entities == [("omission", "entity", "major", "Jacques Delorme", None)]


MERGED_EN = "Masked gunmen opened fire on a bank near the harbour in Tunis on Monday."
MERGED_FR = (
    "Des hommes armés et masqués ont ouvert le feu lundi sur une banque proche du port de Tunis sans faire de blessés"
)


@pytest.mark.parametrize(
    ("en", "fr"),
    [
        (  # joined to the first, the second brings the English much closer to the French
            MERGED_EN
            + " No one was injured in the attack, which seems to have followed a quarrel with sacked employees.",
            MERGED_FR + ", à la suite semble-t-il d'une dispute avec des salariés congédiés.",
        ),
        (  # the rest says most of it already, but the quotation alone is near the French and brings it closer
            '"What happens if patients start treating themselves?"\n'
            'asks Marc Duval, for whom the plan is "risky" and a "step backwards for medicine".',
            '"Que se passera-t-il si les malades commencent à se soigner seuls", s\'interroge Marc Duval pour qui le '
            'projet est "risqué" et une "régression médicale".',
        ),
    ],
)
def test_a_sentence_merged_into_its_neighbour_in_words_the_pivot_missed_is_no_omission(en: str, fr: str) -> None:
    """The aligner links both English sentences with the one French sentence, and the word-for-word pivot matches
    few words of one of them: the encoder finds it rendered all the same."""
    merged = audit(en + "\n", fr + "\n")
    assert [described(merged, f) for f in merged.findings if f.severity != "minor"] == []


def test_an_unrelated_sentence_merged_into_a_link_is_still_omitted() -> None:
    unrelated = "The city's football club also announced a new coach for next season."
    omitted = audit(MERGED_EN + " " + unrelated + "\n", MERGED_FR + ".\n")
    assert ("omission", "sentence", "major", unrelated, None) in [described(omitted, f) for f in omitted.findings]


def test_a_word_of_a_longer_name_joined_by_of_the_is_a_minor_lead() -> None:
    """ "Oblates" is part of "the Oblates of the Sacred Heart", whose other words match "Sacré-Cœur": the name was
    most likely translated ("les pères du Sacré-Cœur"), so it is a minor lead, as a name word right beside a
    matched one already was."""
    result = audit(
        "A new lawsuit was filed on Tuesday against the Oblates of the Sacred Heart involving assaults at three "
        "boarding schools.\n",
        "Une nouvelle plainte a été déposée mardi contre les pères du Sacré-Cœur, concernant des agressions dans trois "
        "internats.\n",
    )
    assert [described(result, f) for f in result.findings if f.severity != "minor"] == []


def test_a_capitalised_word_inside_a_common_noun_phrase_is_no_replaced_name() -> None:
    """ "Internet" faces "working website", and the encoder finds "site Internet", the name with the word beside
    it, the same: French writes a website that way."""
    result = audit(
        "Three years on, the ministry still has not launched a working website for the new pension scheme.\n",
        "Trois ans plus tard, le ministère n'a toujours pas lancé de site Internet fonctionnel pour le nouveau "
        "régime de retraite.\n",
    )
    assert [described(result, f) for f in result.findings if f.severity != "minor"] == []


def test_a_name_left_out_of_several_sentences_is_one_finding() -> None:
    """The English leaves "Oxfam" out twice: one choice of the translator, so the first is the finding and the
    second a minor lead pointing back to it (below the default threshold)."""
    result = compare(
        Document(
            "fr",
            "fr",
            "Selon Oxfam, trois abris ont ouvert à Mobile, a indiqué l'agence des situations d'urgence de l'Alabama.\n"
            "Des bénévoles d'Oxfam ont distribué des couvertures et de l'eau à environ 400 familles.\n",
        ),
        Document(
            "en",
            "en",
            "Three shelters opened in Mobile, the Alabama emergency agency said.\n"
            "Volunteers handed out blankets and water to about 400 families.\n",
        ),
    )
    majors = [described(result, f) for f in result.findings if f.severity != "minor"]
    assert majors == [("omission", "entity", "major", "Oxfam", None)]


def test_french_first_the_embedded_pivot_still_translates_the_french_into_english() -> None:
    """Audited French first, the English side is not translated into French word by word (which made "Red
    Cross" "Rouge Passer"): the French original goes into English, the direction the pivot translates best."""
    result = compare(
        Document("fr", "fr", "Des membres de la Croix-Rouge et des CRS sont arrivés dans la nuit.\n"),
        Document("en", "en", "Red Cross workers and riot police arrived during the night.\n"),
    )
    assert (result.pivot.side, result.pivot.lang) == ("source", "en")
    assert [described(result, f) for f in result.findings if f.severity != "minor"] == []


MBARGA_FR = (
    "Le Dr Paul Mbarga soigne gratuitement les habitants des villages du Cameroun.\n"
    "{title}Mbarga et son équipe passent presque tous leurs week-ends à opérer des patients.\n"
)
MBARGA_EN = (
    "Dr. Paul Mbarga treats villagers in Cameroon for free.\n"
    "{title}Mbarga and his team spend almost every weekend operating on patients.\n"
)


def test_english_copy_names_a_titled_person_by_surname_after_the_first_mention() -> None:
    """Translated into English, "le Dr Mbarga" is "Mbarga" once "Dr. Paul Mbarga" has been given: no major finding.
    Translated into French, which keeps the title, dropping it there is still one."""
    into_english = compare(
        Document("fr", "fr", MBARGA_FR.format(title="Le Dr ")), Document("en", "en", MBARGA_EN.format(title=""))
    )
    assert [described(into_english, f) for f in into_english.findings if f.severity != "minor"] == []
    into_french = audit(MBARGA_EN.format(title="Dr. "), MBARGA_FR.format(title=""))
    assert [described(into_french, f) for f in into_french.findings if f.severity != "minor"] == [
        ("omission", "title", "major", "Dr", None)
    ]


def test_a_name_of_the_original_described_in_every_sentence_is_one_finding() -> None:
    """French first: "Vertaco" is rendered "the mountain rescue service" and the like three times, one choice
    carried through the story; the first is the finding, the others minor leads pointing back to it."""
    result = compare(
        Document(
            "fr",
            "fr",
            "Les sauveteurs de Vertaco ont retrouvé deux randonneurs mardi soir.\n"
            "Un porte-parole de Vertaco a indiqué qu'ils étaient légèrement blessés.\n"
            "Les équipes de Vertaco ont ensuite fermé le sentier.\n",
        ),
        Document(
            "en",
            "en",
            "Rescuers from the mountain rescue service found two hikers on Tuesday evening.\n"
            "A spokesman for the mountain rescue service said they were slightly injured.\n"
            "The mountain rescue teams then closed the trail.\n",
        ),
        CompareOptions(diagnose=DiagnoseOptions(1.0)),
    )
    entities = [f for f in result.findings if f.subtype == "entity"]
    assert [f.severity for f in entities] == ["major", "minor", "minor"]
    assert [dict(f.evidence).get("repeats_link") for f in entities] == [None, 0, 0]


def test_a_first_name_changed_after_a_title_both_sides_have_is_a_replaced_name() -> None:
    """The title is kept ("Deputy Commissioner" / "commissaire adjoint"), the surname too; the first name after the
    title is a name of its own, not a qualifier of the title."""
    result = audit(
        "Deputy Commissioner Anthony Whealy asked the minister about the leases.\n",
        "Le commissaire adjoint Daniel Whealy a interrogé le ministre sur les baux.\n",
    )
    assert [f for f in (described(result, f) for f in result.findings) if f[1] == "entity"] == [
        ("mistranslation", "entity", "critical", "Anthony", "Daniel")
    ]


@pytest.mark.parametrize(
    ("en", "fr", "source", "target"),
    [
        (  # "Brown" looks like the English "broke", which is chance, not a translation
            "A Hamas source said fighting broke out near the border.",
            "Une source du Brown a dit que des combats ont éclaté près de la frontière.",
            "Hamas",
            "Brown",
        ),
        (  # "US" is named there ("américains"), so it must not take "Vale" from "Citigroup"
            "US officials met Citigroup executives on Monday.",
            "Des responsables américains ont rencontré lundi des dirigeants de Vale.",
            "Citigroup",
            "Vale",
        ),
        (  # "José Paulet", written alike on both sides, is no spelling of "Paquet"
            "The two victims were taken to the hospital in Liège, said José Paulet.",
            "Les deux victimes ont été emmenées à l'hôpital de Paquet, a précisé José Paulet.",
            "Liège",
            "Paquet",
        ),
        (  # nearest first: "Russia" is next to "Groenland", "MP" (a title, "député") is not
            "German MP Hans Ströbele met Mr Snowden in Russia on Thursday.",
            "Le député allemand Hans Ströbele a rencontré jeudi M. Snowden au Groenland.",
            "Russia",
            "Groenland",
        ),
        (  # a country's initials against another country
            "Protesters gathered outside the US embassy in Nairobi.",
            "Des manifestants se sont rassemblés devant l'ambassade de Biélorussie à Nairobi.",
            "US",
            "Biélorussie",
        ),
        (  # the same frame on both sides; "Aviation" finding "avion" elsewhere does not answer for it
            "The Federal Aviation Administration said on Thursday that tablets could stay on during flights.",
            "La Federal Medicine Administration a indiqué jeudi que les tablettes pourraient rester allumées pendant "
            "les vols, en mode avion.",
            "Aviation",
            "Medicine",
        ),
        (  # a common word in a name's slot is still a name there
            "The story was first reported by the Evening Standard on Monday.",
            "L'information a d'abord été publiée lundi par le Champions Standard.",
            "Evening",
            "Champions",
        ),
        (  # the encoder finds "Medical" in "pediatric", but the frame says which name it stands for
            "Dr. Martin Whitcombe, a pediatric surgeon, said the results were encouraging.",
            "Le Dr Martin Medical, chirurgien pédiatrique, a jugé les résultats encourageants.",
            "Whitcombe",
            "Medical",
        ),
    ],
)
def test_a_replaced_name_is_found_whatever_else_the_sentence_names(en: str, fr: str, source: str, target: str) -> None:
    result = audit(en, fr)
    assert [described(result, f) for f in result.findings] == [("mistranslation", "entity", "critical", source, target)]


def test_two_names_replaced_in_the_same_frame_are_two_findings() -> None:
    """Equally near candidates in one frame ("Paul ...") are paired in the original's order, not compared."""
    result = audit("Paul Smith met Paul Jones.\n", "Paul Brown met Paul Green.\n")
    assert [described(result, f) for f in result.findings] == [
        ("mistranslation", "entity", "critical", "Smith", "Brown"),
        ("mistranslation", "entity", "critical", "Jones", "Green"),
    ]


def test_a_figure_changed_beside_its_conversion_is_still_a_changed_number() -> None:
    result = audit(
        "A motorist was fined for driving at up to 130mph (210km/h) on the motorway.",
        "Un automobiliste a reçu une amende pour avoir roulé à 250 km/h sur l'autoroute.",
    )
    assert ("mistranslation", "number", "critical", "210", "250") in [described(result, f) for f in result.findings]

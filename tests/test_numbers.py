"""Quantities found in English and French text normalise to the same key in both languages."""

from __future__ import annotations

import pytest

from aligner.lang.number_words import spell
from aligner.lang.numbers import Quantity, find_quantities, leading_number, render


def values(text: str, lang: str) -> list[tuple[str, str, str]]:
    """(matched text, kind, value) for every quantity found."""
    return [(text[q.start : q.end], q.kind, q.value) for q in find_quantities(text, lang)]


@pytest.mark.parametrize(
    ("french", "english", "kind", "value"),
    [
        ("1 234,5", "1,234.5", "number", "1234.5"),
        ("1\u202f234,5", "1,234.5", "number", "1234.5"),
        ("1.234", "1,234", "number", "1234"),
        ("3,5", "3.5", "number", "3.5"),
        ("3,50", "3.5", "number", "3.5"),
        ("12 300", "12,300", "number", "12300"),
        ("3 millions", "3 million", "number", "3000000"),
        ("trois millions", "three million", "number", "3000000"),
        ("3,5 milliards", "3.5 billion", "number", "3500000000"),
        ("trois", "three", "number", "3"),
        ("vingt-deux", "twenty-two", "number", "22"),
        ("quatre-vingt-dix-sept", "ninety-seven", "number", "97"),
        ("soixante et onze", "seventy-one", "number", "71"),
        ("deux cent cinq", "two hundred and five", "number", "205"),
        ("15 %", "15%", "percent", "15%"),
        ("15\u00a0%", "15 per cent", "percent", "15%"),
        ("quinze pour cent", "fifteen percent", "percent", "15%"),
        ("3 millions d'euros", "€3 million", "currency", "EUR 3000000"),
        ("3 000 000 €", "3,000,000 euros", "currency", "EUR 3000000"),
        ("5 dollars", "$5", "currency", "USD 5"),
        ("147 M$", "$147 million", "currency", "USD 147000000"),
        ("1,5 M£", "£1.5 million", "currency", "GBP 1500000"),
        ("3 Md€", "€3 billion", "currency", "EUR 3000000000"),
        ("mardi 5 mars", "Tuesday, March 5", "date", "03-05"),
        ("le 5 mars", "the 5th of March", "date", "03-05"),
        ("1er mai 1989", "May 1st, 1989", "date", "1989-05-01"),
        ("Mars 1989", "March 1989", "date", "1989-03"),
        ("05/03/1989", "03/05/1989", "date", "1989-03-05"),
        ("14 h 30", "2:30 p.m.", "time", "14:30"),
        ("14h30", "14:30", "time", "14:30"),
        ("17 heures", "5 pm", "time", "17:00"),
        ("9 h", "9 a.m.", "time", "09:00"),
        ("1989", "1989", "year", "1989"),
        ("les années 1990", "the 1990s", "year", "1990s"),
        ("3e", "3rd", "ordinal", "#3"),
        ("troisième", "third", "ordinal", "#3"),
        ("1er", "1st", "ordinal", "#1"),
    ],
)
def test_same_quantity_same_value_in_both_languages(french: str, english: str, kind: str, value: str) -> None:
    for text, lang in ((french, "fr"), (english, "en")):
        found = find_quantities(text, lang)
        assert [(q.kind, q.value) for q in found][-1:] == [(kind, value)], (text, found)


def test_offsets_point_at_the_quantity_in_a_sentence() -> None:
    text = "Le 5 mars, 3 millions d'euros ont été versés à 14 h 30."
    assert values(text, "fr") == [
        ("5 mars", "date", "03-05"),
        ("3 millions d'euros", "currency", "EUR 3000000"),
        ("14 h 30", "time", "14:30"),
    ]


def test_separator_convention_follows_the_language() -> None:
    assert values("1.234", "en") == [("1.234", "number", "1.234")]
    assert values("1,234", "fr") == [("1,234", "number", "1.234")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("one of them", "en"), ("un livre neuf", "fr"), ("5 habitants", "fr"), ("I may go", "en"), ("", "fr")],
)
def test_words_that_only_look_like_quantities_are_left_alone(text: str, lang: str) -> None:
    assert [q for q in find_quantities(text, lang) if q.kind != "number" or q.value != "5"] == []


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("un voyage de1 000 miles", "fr", "1000"), ("a trip of1,000 miles", "en", "1000")],
)
def test_a_number_glued_to_the_word_before_it_keeps_its_first_digits(text: str, lang: str, value: str) -> None:
    """A missing space ("de1 000") must not leave "000" to be read as a number of its own."""
    assert [q.value for q in find_quantities(text, lang)] == [value]


def test_letters_and_digits_of_a_code_are_no_number() -> None:
    assert find_quantities("le G7 et l'A380", "fr") == []


def test_a_year_next_to_a_count_stays_apart() -> None:
    assert values("On 5 March 2020 300 people came.", "en") == [
        ("5 March 2020", "date", "2020-03-05"),
        ("300", "number", "300"),
    ]


def test_separate_number_words_are_separate_numbers() -> None:
    assert [q.value for q in find_quantities("three four", "en")] == []


def test_impossible_dates_and_times_are_not_quantities() -> None:
    assert all(q.kind != "date" for q in find_quantities("le 45 mars", "fr"))
    assert all(q.kind != "time" for q in find_quantities("at 15 pm", "en"))


@pytest.mark.parametrize(
    ("value", "kind", "french", "english"),
    [
        ("1234.5", "number", "1234,5", "1,234.5"),
        ("3000000", "number", "3\u00a0000\u00a0000", "3,000,000"),
        ("15%", "percent", "15\u00a0%", "15%"),
        ("EUR 3000000", "currency", "3\u00a0000\u00a0000\u00a0€", "€3,000,000"),
        ("03-05", "date", "5 mars", "March 5"),
        ("1989-05-01", "date", "1er mai 1989", "May 1, 1989"),
        ("14:30", "time", "14:30", "14:30"),
        ("#2", "ordinal", "2e", "2nd"),
        ("#11", "ordinal", "11e", "11th"),
    ],
)
def test_render_writes_each_language_convention_and_reads_back(
    value: str, kind: str, french: str, english: str
) -> None:
    quantity = Quantity(0, 0, kind, value)  # type: ignore[arg-type]
    assert render(quantity, "fr") == french
    assert render(quantity, "en") == english
    for text, lang in ((french, "fr"), (english, "en")):
        assert [q.value for q in find_quantities(text, lang)] == [value]


def test_spell_small_numbers() -> None:
    assert (spell(3, "fr"), spell(3, "en"), spell(18, "fr"), spell(40, "en"), spell(21, "en")) == (
        "trois",
        "three",
        "dix-huit",
        "forty",
        None,
    )


@pytest.mark.parametrize(
    ("text", "lang", "span", "value"),
    [
        ("MOBILE, Alabama, Sept. 14 (Wire) - A storm", "en", "Sept. 14", "09-14"),
        ("The vote is on 14 September.", "en", "14 September", "09-14"),
        ("Le vote aura lieu le 16 septembre.", "fr", "16 septembre", "09-16"),
        ("Le 3 sept. 2020, il est parti.", "fr", "3 sept. 2020", "2020-09-03"),
    ],
)
def test_abbreviated_months_and_sentence_final_dates(text: str, lang: str, span: str, value: str) -> None:
    [date] = [q for q in find_quantities(text, lang) if q.kind == "date"]
    assert (text[date.start : date.end], date.value) == (span, value)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("$147 million", "en", "147"), ("15 heures", "fr", "15"), ("1 234,5 euros", "fr", "1234.5"), ("six", "en", None)],
)
def test_leading_number_is_the_first_number_written_in_digits(text: str, lang: str, value: str | None) -> None:
    found = leading_number(text, lang)
    assert (None if found is None else str(found.normalize())) == value


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("l'âge moyen est de 12 ans et demi", "fr", "12.5"),
        ("il était de 12 ans trois quarts", "fr", "12.75"),
        ("un délai de 3 mois et quart", "fr", "3.25"),
        ("they waited 2 and a half hours", "en", "2.5"),
    ],
)
def test_a_whole_number_and_a_half_or_quarters_is_one_number(text: str, lang: str, value: str) -> None:
    assert [q.value for q in find_quantities(text, lang)] == [value]


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("une soixantaine de manifestants", "fr", ["60"]),
        ("un millier d'habitants", "fr", ["1000"]),
        ("la trentaine de pays signataires", "fr", ["30"]),
        ("une bonne centaine d'élus", "fr", ["100"]),
        ("un homme dans la cinquantaine", "fr", []),  # an age, which the other side may give in years or words
        ("about a dozen people", "en", ["12"]),
        ("placés en quarantaine", "fr", []),  # a quarantine, not forty
        ("une quarantaine stricte", "fr", []),
    ],
)
def test_a_round_figure_given_as_a_collective_noun_is_a_number(text: str, lang: str, values: list[str]) -> None:
    assert [q.value for q in find_quantities(text, lang)] == values


def test_first_and_second_are_ordinals_only_in_a_compound() -> None:
    assert [q.value for q in find_quantities("a second-year student", "en")] == ["#2"]
    assert find_quantities("wait a second, he said first", "en") == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Elle présentait le 20h de la chaîne publique.", []),  # the evening news bulletin, not a time
        ("Il était invité au 13h, puis au 20 heures.", []),
        ("Le débat commence à 20h.", ["20:00"]),
        ("Le train de 20h30 est supprimé.", ["20:30"]),
    ],
)
def test_a_news_bulletin_named_by_its_hour_is_no_time(text: str, values: list[str]) -> None:
    assert [q.value for q in find_quantities(text, "fr")] == values


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("and then, of course, 9/11.", "en", ["09-11"]),  # the event, by its date, month first
        ("after the 7/7 bombings", "en", ["07-07"]),
        ("les attentats du 11-Septembre", "fr", ["09-11"]),
        ("a 1/2 cup of flour", "en", ["1", "2"]),  # any other figures with a slash stay figures
        ("open 24/7", "en", ["24", "7"]),
    ],
)
def test_an_event_the_press_names_by_its_date_is_that_date(text: str, lang: str, values: list[str]) -> None:
    assert [q.value for q in find_quantities(text, lang)] == values

"""Names across the conventions of two languages (aligner.lang.names.same_name): places by key, acronyms and their
expansions, spelling variants; and what none of them decides."""

from __future__ import annotations

import pytest

from aligner.lang.names import (
    abbreviates,
    acronym_matches,
    countries_by_nationality,
    find_names,
    glosses_acronym,
    looks_like_acronym,
    same_name,
)


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("NATO", "OTAN"),  # the same letters in another order
        ("UN", "ONU"),  # one letter more
        ("EU", "UE"),
        ("EU", "Union européenne"),  # the initials of the expansion, function words left out
        ("UN", "Organisation des Nations unies"),
        ("Germany", "Allemagne"),  # one place, by its key
        ("Gaddafi", "Kadhafi"),  # transliteration
        ("Tchaikovsky", "Tchaïkovski"),
        ("US", "États-Unis"),  # a country the press names by its initials
        ("UK", "Royaume-Uni"),
        ("Britain", "Royaume-Uni"),  # names the press uses that CLDR lacks
        ("Great Britain", "Grande-Bretagne"),
        ("England", "Angleterre"),
        ("Britain's", "Grande-Bretagne"),  # a possessive is the name
        ("Middle East", "Moyen-Orient"),  # regions the press names that CLDR lacks
        ("Assn", "Association"),  # an abbreviated word: its letters in order, some left out
        ("Dept", "Département"),
    ],
)
def test_one_thing_named_by_two_conventions(english: str, french: str) -> None:
    assert same_name(english, french, "en", "fr") is True


def test_two_places_with_different_keys_are_different() -> None:
    assert same_name("France", "Allemagne", "en", "fr") is False
    assert same_name("US", "Biélorussie", "en", "fr") is False
    assert same_name("Middle East", "Extrême-Orient", "en", "fr") is False
    # a country and a nationality: the table has no key to pair them by, so it does not call them different
    assert same_name("Germany", "allemand", "en", "fr") is None


def test_a_hyphenated_name_holding_a_place_the_other_lacks_names_something_else() -> None:
    """ "Norvège-de-Granby" spells much of "Granby" but names Norway, which "Granby" does not; a place written as
    part of both names, or a hyphenated place of its own, decides nothing."""
    assert same_name("Granby", "Norvège-de-Granby", "en", "fr") is False
    assert same_name("Aix-en-Provence", "Aix-en-Provence", "en", "fr") is True
    assert same_name("Bosnia and Herzegovina", "Bosnie-Herzégovine", "en", "fr") is True


def test_abbreviations_leave_letters_out() -> None:
    assert abbreviates("Govt", "Government", "en") and abbreviates("Mt", "Mount", "en")
    assert not abbreviates("Bush", "Bushehr", "en")  # the start of a longer name is none
    assert not abbreviates("NATO", "National", "en")  # an acronym is none
    assert not abbreviates("Mr", "Micronésie", "en") and not abbreviates("Dr", "Dominique", "en")  # courtesy titles


def test_a_nationality_word_names_its_country() -> None:
    assert countries_by_nationality("Les électeurs britanniques et la presse américaine", "fr") == {
        "country:GB",
        "country:US",
    }
    assert countries_by_nationality("British officials met Swiss bankers", "en") == {"country:GB", "country:CH"}
    assert countries_by_nationality("the bank's officials", "en") == set()


def test_country_initials_are_names_only_in_capitals() -> None:
    assert [m.key for m in find_names("over the US consulate", "en")] == ["country:US"]
    assert [(m.start, m.end, m.key) for m in find_names("the U.S.-led talks, the U.K. envoy", "en")] == [
        (4, 8, "country:US"),
        (24, 28, "country:GB"),
    ]
    assert find_names("Let us go. Us and them.", "en") == []


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Holt", "Hall"),
        ("Brown", "Paquet"),
        ("WHO", "OTAN"),
        ("The", "Thaïlande"),  # a word of the language is no abbreviation
    ],
)
def test_no_convention_decides_for_unrelated_names(english: str, french: str) -> None:
    assert same_name(english, french, "en", "fr") is None


def test_acronyms() -> None:
    assert looks_like_acronym("DDoS") and looks_like_acronym("OPCW's") and not looks_like_acronym("Paris")
    assert acronym_matches("US", "United States", "en")
    assert not acronym_matches("US", "United Kingdom", "en")
    assert not acronym_matches("Paris", "Place Royale", "fr")  # not an acronym


def test_an_acronym_s_expansion_in_brackets_is_a_gloss() -> None:
    assert glosses_acronym("the DGSE (", "Directorate General for External Security", "en")
    assert not glosses_acronym("the DGSE (", "a French agency", "en")
    assert not glosses_acronym("the agency (", "Directorate General for External Security", "en")

"""Names across the conventions of two languages (aligner.lang.names.same_name): places by key, acronyms and their
expansions, spelling variants; and what none of them decides."""

from __future__ import annotations

import pytest

from aligner.lang.names import acronym_matches, looks_like_acronym, same_name


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
    ],
)
def test_one_thing_named_by_two_conventions(english: str, french: str) -> None:
    assert same_name(english, french, "en", "fr") is True


def test_two_places_with_different_keys_are_different() -> None:
    assert same_name("France", "Allemagne", "en", "fr") is False


@pytest.mark.parametrize(("english", "french"), [("Holt", "Hall"), ("Brown", "Paquet"), ("WHO", "OTAN")])
def test_no_convention_decides_for_unrelated_names(english: str, french: str) -> None:
    assert same_name(english, french, "en", "fr") is None


def test_acronyms() -> None:
    assert looks_like_acronym("DDoS") and looks_like_acronym("OPCW's") and not looks_like_acronym("Paris")
    assert acronym_matches("US", "United States", "en")
    assert not acronym_matches("US", "United Kingdom", "en")
    assert not acronym_matches("Paris", "Place Royale", "fr")  # not an acronym

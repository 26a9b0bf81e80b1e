"""Number words of English and French: their values, runs of them read as one number ("quatre-vingt-dix", "two
hundred and five"), and small numbers written back in words. :mod:`aligner.lang.numbers` builds its patterns on
these tables."""

from __future__ import annotations

from functools import cache

_UNITS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize",
}
#: The languages these tables cover.
LANGUAGES = ("en", "fr")
_TENS = {
    "en": {
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
    },
    "fr": {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60},
}
#: Words that multiply what precedes them. French ``billion`` is 10^12, English ``billion`` 10^9.
_SCALES = {
    "en": {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12},
    "fr": {
        "cent": 100,
        "cents": 100,
        "mille": 1000,
        "million": 10**6,
        "millions": 10**6,
        "milliard": 10**9,
        "milliards": 10**9,
        "billion": 10**12,
        "billions": 10**12,
    },
}
#: Scale words allowed after digits ("3 millions", "2.5 billion"), abbreviations included.
DIGIT_SCALES = {
    "en": {
        "thousand": 1000,
        "million": 10**6,
        "millions": 10**6,
        "billion": 10**9,
        "billions": 10**9,
        "trillion": 10**12,
        "bn": 10**9,
        "m": 10**6,
    },
    "fr": {
        "mille": 1000,
        "million": 10**6,
        "millions": 10**6,
        "milliard": 10**9,
        "milliards": 10**9,
        "md": 10**9,
        "mds": 10**9,
        "mrd": 10**9,
        "billion": 10**12,
        "billions": 10**12,
    },
}
#: Scale abbreviations written straight before a currency symbol ("147 M$", "1,5 M£", "3 Md€", "20 k$").
SYMBOL_SCALES = {"k": 1000, "K": 1000, "M": 10**6, "Md": 10**9, "Mds": 10**9, "G": 10**9}
#: Number words that are too often something else on their own ("one of them", "un livre neuf").
NOT_ALONE = {"en": {"one"}, "fr": {"un", "une", "neuf", "cent", "cents"}}
ORDINAL_WORDS = {
    "en": "_ _ third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth",
    "fr": "_ deuxième troisième quatrième cinquième sixième septième huitième neuvième dixième onzième douzième "
    "treizième quatorzième quinzième seizième dix-septième dix-huitième dix-neuvième vingtième",
}


@cache
def number_words(lang: str) -> dict[str, int]:
    """Every simple number word of ``lang`` (lower case) and its value; scale words map to their factor."""
    words = {word: value for value, word in enumerate(_UNITS[lang].split())}
    if lang == "fr":
        words["une"] = 1
    words.update(_TENS[lang])
    words.update(_SCALES[lang])
    return words


def spell(number: int, lang: str) -> str | None:
    """``number`` in words when it is a small whole number (0-20 and round tens), else ``None``."""
    units = _UNITS[lang].split()
    if 0 <= number < len(units):
        return units[number]
    if lang == "fr" and 17 <= number <= 19:
        return "dix-" + units[number - 10]
    if lang == "fr" and number == 20:
        return "vingt"
    tens = {value: word for word, value in _TENS[lang].items() if not word.endswith("s")}
    return tens.get(number)


def spell_ordinal(number: int, lang: str) -> str | None:
    """The ordinal ``number`` in words when it is between 2 (3 in English) and 20, else ``None``."""
    words = ORDINAL_WORDS[lang].split()
    return words[number - 1] if 1 <= number <= len(words) and words[number - 1] != "_" else None


def words_value(words: list[str], lang: str) -> int | None:
    """The value of a run of number words ("quatre-vingt-dix", "two hundred and five"), or ``None``."""
    table = number_words(lang)
    total, current, previous = 0, 0, ""
    for word in words:
        if word in ("et", "and"):
            continue
        value = table[word]
        if lang == "fr" and word.startswith("vingt") and previous == "quatre" and current % 100 == 4:
            current += 76  # quatre-vingt(s): 4 x 20
        elif value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total += (current or 1) * value
            current = 0
        elif current % 10 != 0 and value < 100 and not (lang == "fr" and value in (10, 11, 12, 13, 14, 15, 16)):
            return None  # "three four" is two numbers, not one
        else:
            current += value
        previous = word
    return total + current

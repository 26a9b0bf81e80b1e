"""Numbers, percentages, amounts of money, dates, times, years and ordinals, found in English or French text.

Each :class:`Quantity` carries a language-independent ``value`` so that the same quantity written in either
language's conventions compares equal: ``"1 234,5"`` and ``"1,234.5"`` are both ``"1234.5"``, ``"15 %"`` and
``"15 percent"`` are both ``"15%"``, ``"mardi 5 mars"`` and ``"Tuesday, March 5"`` are both the date ``"03-05"``,
``"14 h 30"`` and ``"2:30 p.m."`` are both ``"14:30"``. Compare quantities by ``value``; ``kind`` says how to
show them. :func:`render` writes a quantity back in one language's conventions, for the lexical pivot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Literal

from aligner.lang.number_words import (
    DIGIT_SCALES,
    LANGUAGES,
    NOT_ALONE,
    ORDINAL_WORDS,
    SYMBOL_SCALES,
    number_words,
    words_value,
)
from aligner.lang.units import CURRENCY_SYMBOLS, CURRENCY_WORDS, ISO_CODES, MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

QuantityKind = Literal["number", "percent", "currency", "date", "time", "year", "ordinal"]


@dataclass(frozen=True)
class Quantity:
    """A quantity at ``text[start:end]``; ``value`` is its normalised, language-independent key.

    Keys: numbers ``"1234.5"``, percentages ``"15%"``, money ``"EUR 3000000"``, dates ``"03-05"`` (month-day),
    ``"1989-03-05"`` or ``"1989-03"``, years ``"1989"`` (decades ``"1990s"``), times ``"14:30"``, ordinals ``"#3"``.
    """

    start: int
    end: int
    kind: QuantityKind
    value: str


# --- Patterns ---------------------------------------------------------------------------------------------

_PERCENT = {"en": r"%|per\s?cent\b|percent\b", "fr": r"%|pour\s?cent\b|p\.\s?100\b"}
_DECIMAL_MARK = {"en": ".", "fr": ","}
_THOUSANDS_SEPARATORS = {"en": ", \u00a0\u202f'", "fr": ". \u00a0\u202f'"}


#: A whole number and a half or quarters, with the unit between ("12 ans et demi", "12 ans trois quarts"; "two
#: and a half" is spelled, and "8 heures et demie" a time): groups ``n`` and the fraction's words.
_FRACTIONS = {
    "en": r"(?<![\w.,])(?P<n>\d+)(?:\s+[a-z]+)?\s+and\s+(?P<frac>a\s+half|a\s+quarter|three\s+quarters)\b",
    "fr": r"(?<![\w.,])(?P<n>\d+)(?:\s+(?!heures?\b)[a-zé]+)?\s+(?P<frac>et\s+demie?|et\s+quart|trois\s+quarts)\b",
}
_FRACTION_VALUES = {
    "half": "0.5",
    "demi": "0.5",
    "demie": "0.5",
    "quarter": "0.25",
    "quart": "0.25",
    "quarters": "0.75",  # "three quarters", the only plural the patterns take
    "quarts": "0.75",
}


#: Round figures given as a collective noun ("une soixantaine de manifestants" is about 60; "a dozen"): only after
#: an article ("la soixantaine de pays signataires", "une bonne centaine de") and, in French, before "de" ("en
#: quarantaine" is a quarantine; "la soixantaine" alone is an age).
_COLLECTIVES = {
    "en": {"dozen": 12},
    "fr": {
        "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
        "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
    },
}  # fmt: skip
_COLLECTIVE_PATTERNS = {
    "en": r"\b(?i:a)\s+(?P<word>{words})\b",
    "fr": r"\b(?i:une?|la)\s+(?:(?i:bonne|petite)\s+)?(?P<word>{words})(?=\s+(?:de\s|d['’]))",
}


#: "first" and "second" are ordinals only in a compound ("second-year", "first-time"): alone they are as often an
#: adverb or a unit of time, which is why :data:`ORDINAL_WORDS` leaves them out.
_COMPOUND_ORDINALS = {"en": re.compile(r"\b(?i:first|second)(?=-[a-z])")}
_NEVER = re.compile(r"(?!)")
#: Figures that name something rather than count it: "le 20h", "au 20 heures" is the news bulletin of that hour (a
#: clock time takes "à": "à 20h").
_NOT_QUANTITIES = {"fr": re.compile(r"\b(?i:le|du|au)\s+[0-2]?\d\s?h(?:eures)?\b(?!\s?\d)")}
#: Events the press names by their date: "9/11" and "7/7" in English (month first), "le 11-Septembre" (a hyphen
#: and a capital) in French.
_EVENT_DATES = {
    "en": re.compile(r"(?<![\w/])(?=9/11|7/7)(?P<month>\d)/(?P<day>\d+)(?![\w/])"),
    "fr": re.compile(rf"\b(?P<day>[0-3]?\d)-(?P<month>{'|'.join(m.title() for m in MONTHS['fr'].split())})\b"),
}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that "millions" wins over "million"."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    digits: re.Pattern[str]
    spelled: re.Pattern[str]
    percent: re.Pattern[str]
    money_before: re.Pattern[str]
    money_after: re.Pattern[str]
    times: tuple[re.Pattern[str], ...]
    dates: tuple[re.Pattern[str], ...]
    numeric_date: re.Pattern[str]
    year: re.Pattern[str]
    ordinal: re.Pattern[str]
    ordinal_word: re.Pattern[str]
    fraction: re.Pattern[str]
    collective: re.Pattern[str]


@cache
def _patterns(lang: str) -> _Patterns:
    separators = re.escape(_THOUSANDS_SEPARATORS[lang])
    decimal = re.escape(_DECIMAL_MARK[lang])
    grouped = rf"\d{{1,3}}(?:[{separators}]\d{{3}})+(?:{decimal}\d+)?"
    # A number in thousands' groups glued to the word before it is a missing space ("de1 000"), not a code: its
    # first digits belong to it, or its "000" would read as a number of its own.
    digits = rf"(?:(?<![\w.,])(?:{grouped}|\d+(?:[.,]\d+)?)|(?<=[^\W\d_]){grouped})(?!\d)"
    word_numbers = _alternation(number_words(lang))
    connector = r"[\s-]+et[\s-]+" if lang == "fr" else r"\s+and\s+"
    spelled = rf"\b(?i:(?:{word_numbers})(?:(?:[\s-]+|{connector})(?:{word_numbers}))*)\b"
    scale = rf"(?:\s*(?i:{_alternation(DIGIT_SCALES[lang])})\b)?"
    amount = rf"(?:{digits}{scale}|{spelled})"
    currency_words = _alternation(CURRENCY_WORDS[lang])
    symbols = _alternation(list(CURRENCY_SYMBOLS))
    of = r"(?:\s+(?:de\s+|d['’]))?" if lang == "fr" else r"(?:\s+of)?"
    months = MONTHS[lang].split()
    abbreviations = [a for a in MONTH_ABBREVIATIONS[lang].split() if a != "_"]
    month = rf"(?:{'|'.join(months)}|(?:{'|'.join(abbreviations)})\.?)"
    if lang == "fr":
        month = f"(?i:{month})"
    weekdays = "|".join(WEEKDAYS[lang].split())
    weekday = f"(?i:{weekdays})" if lang == "fr" else f"(?:{weekdays})"  # English capitalises them
    day = r"(?P<day>[0-3]?\d)"
    year = r"(?P<year>\d{4})"
    dates: tuple[str, ...]
    times: tuple[str, ...]
    if lang == "en":
        dates = (
            rf"(?:{weekday},?\s+)?(?P<month>{month})\s+(?:the\s+)?{day}(?:st|nd|rd|th)?\b(?:,?\s+{year})?",
            rf"(?:{weekday},?\s+)?(?:the\s+)?{day}(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{month})(?:,?\s+{year})?",
            rf"(?P<month>{month})(?:\s+of)?,?\s+{year}",
        )
        times = (
            r"(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?\s?m\b\.?",
            r"(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?\s+o['’]clock",
        )
        ordinal = r"(?P<n>\d+)(?:st|nd|rd|th)\b"
    else:
        dates = (
            rf"(?:{weekday}\s+)?(?P<day>[0-3]?\d|1er|(?i:premier))\s+(?P<month>{month})(?:\s+{year})?",
            rf"(?P<month>{month})\s+{year}",
        )
        times = (r"(?P<hour>[0-2]?\d)\s?(?:h|heures?)(?:\s?(?P<minute>[0-5]\d))?\b",)
        ordinal = r"(?P<n>\d+)(?:er|re|ère|ème|eme|e|nde?)\b"
    ordinal_words = [w for w in ORDINAL_WORDS[lang].split() if w != "_"]
    decade_before = r"(?:(?P<decades>(?i:années)\s+)(?=\d{3}0\b))?" if lang == "fr" else ""
    return _Patterns(
        digits=re.compile(digits + scale),
        spelled=re.compile(spelled),
        percent=re.compile(rf"(?P<amount>{amount})\s*(?i:{_PERCENT[lang]})"),
        money_before=re.compile(rf"(?P<cur>{symbols}|{'|'.join(ISO_CODES)})\s?(?P<amount>{amount})"),
        money_after=re.compile(
            rf"(?P<amount>{amount})(?:\s?(?P<abbr>{_alternation(SYMBOL_SCALES)})(?={symbols}))?"
            rf"\s*(?:(?P<sym>{symbols}|{'|'.join(ISO_CODES)})|{of}\s*(?P<word>(?i:{currency_words}))\b)"
        ),
        times=tuple(re.compile(t) for t in (*times, r"(?<![\d.,:])(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?![\d:])")),
        dates=tuple(re.compile(rf"\b{d}(?!\d)") for d in dates),
        numeric_date=re.compile(
            r"(?<![\d/.-])(?:(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)"
            r"|(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d\d))(?![\d/.-])"
        ),
        year=re.compile(rf"{decade_before}(?<![\w.,])(?P<year>1\d{{3}}|20\d{{2}})(?P<decade>(?<=0)s)?(?!\w|[.,]\d)"),
        ordinal=re.compile(rf"(?<![\w.,]){ordinal}"),
        ordinal_word=re.compile(rf"\b(?i:{_alternation(ordinal_words)})\b"),
        fraction=re.compile(_FRACTIONS[lang]),
        collective=re.compile(_COLLECTIVE_PATTERNS[lang].format(words=_alternation(_COLLECTIVES[lang]))),
    )


# --- Values ---------------------------------------------------------------------------------------------------


def _format(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _digits_value(raw: str, lang: str) -> Decimal | None:
    """The value of a written number, reading separators by ``lang``'s conventions ("1.234" is 1234 in French)."""
    match = re.fullmatch(rf"(\d{{1,3}}(?:[{re.escape(_THOUSANDS_SEPARATORS[lang])}]\d{{3}})+)(?:[.,](\d+))?", raw)
    if match:
        whole, fraction = re.sub(r"\D", "", match.group(1)), match.group(2) or "0"
    else:
        whole, _, fraction = raw.replace(",", ".").partition(".")
    try:
        return Decimal(f"{whole}.{fraction or '0'}")
    except InvalidOperation:
        return None


def leading_number(text: str, lang: str) -> Decimal | None:
    """The first number written in digits in ``text`` ("147" in "$147 million", "15" in "15 heures"): what two
    quantities read with different units or scales ("147 M$" unread) still share."""
    separators = re.escape(_THOUSANDS_SEPARATORS[lang])
    match = re.search(rf"\d{{1,3}}(?:[{separators}]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?", text)
    return _digits_value(match.group(), lang) if match else None


def _amount_value(text: str, lang: str) -> Decimal | None:
    """The value of an amount: digits with an optional scale word, or number words."""
    text = text.strip()
    spelled = _patterns(lang).spelled.fullmatch(text)
    if spelled:
        words = [w for w in re.split(r"[\s-]+", text.lower()) if w]
        value = words_value(words, lang)
        if value is None or (len(words) == 1 and words[0] in NOT_ALONE[lang]):
            return None
        return Decimal(value)
    match = re.fullmatch(r"(.*?\d)\s*([^\W\d]*)", text)
    if not match:
        return None
    number = _digits_value(match.group(1), lang)
    factor = DIGIT_SCALES[lang].get(match.group(2).lower(), 1) if match.group(2) else 1
    return None if number is None else number * factor


def _date_value(month: str, day: str | None, year: str | None, lang: str) -> str | None:
    """``"MM-DD"``, ``"YYYY-MM-DD"`` or ``"YYYY-MM"``; ``None`` for an impossible day."""
    key = month.rstrip(".").lower()
    names = [m.lower() for m in MONTHS[lang].split()]
    abbreviations = [a.lower().split("|") for a in MONTH_ABBREVIATIONS[lang].split()]
    number = names.index(key) + 1 if key in names else next(n for n, a in enumerate(abbreviations, 1) if key in a)
    parts = [year] if year else []
    parts.append(f"{number:02d}")
    if day is not None:
        day_number = 1 if day.lower() in ("1er", "premier") else int(day)
        if not 1 <= day_number <= 31:
            return None
        parts.append(f"{day_number:02d}")
    return "-".join(parts)


def _time_value(hour: str, minute: str | None, half: str | None) -> str | None:
    hours = int(hour)
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.lower() == "p" else 0)
    return f"{hours:02d}:{minute or '00'}" if hours <= 24 else None


def _candidates(text: str, lang: str) -> list[Quantity]:
    """Every quantity any pattern finds; overlapping ones included."""
    patterns = _patterns(lang)
    found: list[Quantity] = []

    def add(match: re.Match[str], kind: QuantityKind, value: str | None) -> None:
        if value is not None:
            found.append(Quantity(match.start(), match.end(), kind, value))

    has_digit = any(char.isdigit() for char in text)
    if has_digit or (lang == "fr" and "premier" in text.lower()):  # "le premier mai" is the only wordy date
        for pattern in patterns.dates:
            for m in pattern.finditer(text):
                add(m, "date", _date_value(m["month"], m.groupdict().get("day"), m["year"], lang))
    if has_digit:
        _digit_candidates(text, lang, add)
    for m in patterns.percent.finditer(text):
        amount = _amount_value(m["amount"], lang)
        add(m, "percent", None if amount is None else f"{_format(amount)}%")
    for m in patterns.money_before.finditer(text):
        amount = _amount_value(m["amount"], lang)
        add(m, "currency", None if amount is None else f"{CURRENCY_SYMBOLS.get(m['cur'], m['cur'])} {_format(amount)}")
    for m in patterns.money_after.finditer(text):
        amount = _amount_value(m["amount"], lang)
        if m["sym"]:
            code = CURRENCY_SYMBOLS.get(m["sym"], m["sym"])
        else:
            code = CURRENCY_WORDS[lang][re.sub(r"\s+", " ", m["word"].lower())]
        if amount is not None and m["abbr"]:
            amount *= SYMBOL_SCALES[m["abbr"]]
        add(m, "currency", None if amount is None else f"{code} {_format(amount)}")
    ordinal_words = ORDINAL_WORDS[lang].split()
    for m in patterns.ordinal_word.finditer(text):
        add(m, "ordinal", f"#{ordinal_words.index(m.group().lower()) + 1}")
    for m in _COMPOUND_ORDINALS.get(lang, _NEVER).finditer(text):
        add(m, "ordinal", "#1" if m.group().lower() == "first" else "#2")
    for m in patterns.spelled.finditer(text):
        amount = _amount_value(m.group(), lang)
        add(m, "number", None if amount is None else _format(amount))
    for m in patterns.collective.finditer(text):
        add(m, "number", str(_COLLECTIVES[lang][m["word"].lower()]))
    for m in _EVENT_DATES.get(lang, _NEVER).finditer(text):
        month = MONTHS["en"].split()[int(m["month"]) - 1] if lang == "en" else m["month"]
        add(m, "date", _date_value(month, m["day"], None, lang))
    return found


def _digit_candidates(text: str, lang: str, add: Callable[[re.Match[str], QuantityKind, str | None], None]) -> None:
    """The quantities only patterns with digits find: numeric dates, times, years, ordinals, numbers."""
    patterns = _patterns(lang)
    for m in patterns.numeric_date.finditer(text):
        if m["iso_y"]:
            year, month, day = m["iso_y"], int(m["iso_m"]), int(m["iso_d"])
        else:
            first, second = int(m["a"]), int(m["b"])
            month, day = (first, second) if lang == "en" and first <= 12 else (second, first)
            year = m["y"] if len(m["y"]) == 4 else None
        if 1 <= month <= 12 and 1 <= day <= 31:
            add(m, "date", "-".join([*([year] if year else []), f"{month:02d}", f"{day:02d}"]))
    for pattern in patterns.times:
        for m in pattern.finditer(text):
            add(m, "time", _time_value(m["hour"], m["minute"], m.groupdict().get("half")))
    for m in patterns.year.finditer(text):
        add(m, "year", m["year"] + ("s" if m["decade"] or m.groupdict().get("decades") else ""))
    for m in patterns.ordinal.finditer(text):
        add(m, "ordinal", f"#{int(m['n'])}")
    for m in patterns.digits.finditer(text):
        amount = _amount_value(m.group(), lang)
        add(m, "number", None if amount is None else _format(amount))
    for m in patterns.fraction.finditer(text):
        add(m, "number", _format(Decimal(m["n"]) + Decimal(_FRACTION_VALUES[m["frac"].split()[-1]])))


def find_quantities(text: str, lang: str) -> list[Quantity]:
    """The quantities in ``text`` (``lang`` ``en`` or ``fr``; other languages read as English), in text order.

    Where patterns overlap the longest wins, so "3 millions d'euros" is one amount of money, not a number.
    """
    return list(_chosen_quantities(text, lang if lang in LANGUAGES else "en"))


@lru_cache(maxsize=1 << 14)
def _chosen_quantities(text: str, lang: str) -> tuple[Quantity, ...]:
    """:func:`find_quantities`, memoised: the pivot and two diagnoses read the same segments."""
    chosen: list[Quantity] = []
    taken = [m.span() for m in _NOT_QUANTITIES.get(lang, _NEVER).finditer(text)]
    for quantity in sorted(_candidates(text, lang), key=lambda q: (q.start - q.end, q.start)):
        if all(quantity.end <= start or quantity.start >= end for start, end in taken):
            chosen.append(quantity)
            taken.append((quantity.start, quantity.end))
    return tuple(sorted(chosen, key=lambda q: q.start))


# --- Rendering --------------------------------------------------------------------------------------------------


def _render_number(value: str, lang: str) -> str:
    whole, _, fraction = value.partition(".")
    negative = whole.startswith("-")
    whole = whole.lstrip("-")
    if len(whole) > 4 or (lang == "en" and len(whole) == 4):
        groups = [whole[max(0, i - 3) : i] for i in range(len(whole), 0, -3)][::-1]
        whole = ("," if lang == "en" else "\u00a0").join(groups)
    text = ("-" if negative else "") + whole
    return f"{text}{_DECIMAL_MARK[lang]}{fraction}" if fraction else text


def render(quantity: Quantity, lang: str) -> str:
    """``quantity`` written the way ``lang`` writes it ("1,234.5" / "1 234,5", "March 5" / "5 mars", "14:30")."""
    lang = lang if lang in LANGUAGES else "en"
    value = quantity.value
    if quantity.kind == "number":
        return _render_number(value, lang)
    if quantity.kind == "percent":
        return _render_number(value[:-1], lang) + ("%" if lang == "en" else "\u00a0%")
    if quantity.kind == "currency":
        code, _, number_value = value.partition(" ")
        symbol = {v: k for k, v in reversed(CURRENCY_SYMBOLS.items())}.get(code, code)
        amount = _render_number(number_value, lang)
        return f"{symbol}{amount}" if lang == "en" else f"{amount}\u00a0{symbol}"
    if quantity.kind == "ordinal":
        number = int(value[1:])
        if lang == "fr":
            return f"{number}{'er' if number == 1 else 'e'}"
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"
    if quantity.kind == "date":
        return _render_date(value, lang)
    return value  # years, decades and 24-hour times read the same in both languages


def _render_date(value: str, lang: str) -> str:
    parts = value.split("-")
    year = parts.pop(0) if len(parts[0]) == 4 else None
    month = MONTHS[lang].split()[int(parts[0]) - 1]
    day = int(parts[1]) if len(parts) > 1 else None
    if lang == "en":
        text = f"{month} {day}" if day else month
        return f"{text}, {year}" if day and year else f"{text} {year}" if year else text
    text = f"{'1er' if day == 1 else day} {month}" if day else month
    return f"{text} {year}" if year else text

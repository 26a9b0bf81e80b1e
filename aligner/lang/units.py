"""Calendar and currency words of English and French: month and weekday names in calendar order, and the
currencies the quantity finder (:mod:`aligner.lang.numbers`) reads. The diagnosis's word kinds read the calendar
names too (:mod:`aligner.diagnose.word_kinds`)."""

from __future__ import annotations

#: Month names in calendar order, as each language writes them.
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}
#: Their abbreviations, month by month ("_": none; "|" between alternatives).
MONTH_ABBREVIATIONS = {
    "en": "Jan Feb Mar Apr _ Jun Jul Aug Sept|Sep Oct Nov Dec",
    "fr": "janv févr _ avr _ _ juil _ sept oct nov déc",
}
#: Weekday names, Monday first.
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
}
#: Currencies by symbol, by word and by ISO code (an amount's key is "EUR 3000000" however it is written).
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "¥": "JPY", "CHF": "CHF"}
CURRENCY_WORDS = {
    "en": {
        "euro": "EUR",
        "euros": "EUR",
        "dollar": "USD",
        "dollars": "USD",
        "pound": "GBP",
        "pounds": "GBP",
        "pound sterling": "GBP",
        "pounds sterling": "GBP",
        "yen": "JPY",
        "swiss franc": "CHF",
        "swiss francs": "CHF",
        "franc": "FRF",
        "francs": "FRF",
    },
    "fr": {
        "euro": "EUR",
        "euros": "EUR",
        "dollar": "USD",
        "dollars": "USD",
        "livre sterling": "GBP",
        "livres sterling": "GBP",
        "yen": "JPY",
        "yens": "JPY",
        "franc suisse": "CHF",
        "francs suisses": "CHF",
        "franc": "FRF",
        "francs": "FRF",
    },
}
ISO_CODES = ("EUR", "USD", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY")

"""Names of countries, cities, regions, languages and nationalities in English and French, from CLDR and
libgweather.

``tools/build_lexicon.py`` extracts them into ``aligner/data/lexicon/names.tsv.gz`` (Babel and libgweather's
files are needed only there). Each name has a language-independent ``key`` (``country:MA``,
``city:Africa/Casablanca``, ``region:Bavaria``, ``nationality:moroccan``), so "Maroc" and "Morocco" compare equal,
as do "marocaines" and "Moroccan".
:class:`PhraseTable` is the longest-match look-up of word sequences shared with the lexical pivot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, Literal, TypeVar

from aligner.data.lexicon import read_rows
from aligner.lang.dictionary import is_common_word
from aligner.lang.tokens import POSSESSIVE, Token, fold, is_function_word, stem, tokenize

NameKind = Literal["country", "city", "region", "language", "nationality"]
Value = TypeVar("Value")

#: Places, the kinds written with a capital in both languages; only capitalised words are taken for them.
PLACE_KINDS = frozenset({"country", "city", "region"})
#: Nationality adjectives are also matched by stem ("marocaines"), when the stem is this long: shorter stems
#: catch unrelated words.
_SHORTEST_STEM = 4


class PhraseTable(Generic[Value]):
    """Values keyed by word sequences (folded words, or stems), found by longest match in a token list."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], Value] = {}
        #: first word -> length of the longest entry starting with it, so look-ups try only sizes that exist.
        self._longest_from: dict[str, int] = {}

    def add(self, words: Sequence[str], value: Value) -> None:
        """Add ``value`` under ``words`` unless the sequence already has one (the first added wins)."""
        key = tuple(words)
        if key and key not in self._entries:
            self._entries[key] = value
            self._longest_from[key[0]] = max(self._longest_from.get(key[0], 0), len(key))

    def get(self, words: Sequence[str]) -> Value | None:
        return self._entries.get(tuple(words))

    def longest_at(self, words: Sequence[str], index: int) -> int:
        """The most words an entry starting at ``words[index]`` can have (0: none starts there)."""
        return min(self._longest_from.get(words[index], 0), len(words) - index)

    def match_at(self, words: Sequence[str], index: int) -> tuple[int, Value] | None:
        """The longest entry starting at ``words[index]``: ``(number of words, value)``, or ``None``."""
        for size in range(self.longest_at(words, index), 0, -1):
            value = self._entries.get(tuple(words[index : index + size]))
            if value is not None:
                return size, value
        return None

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class PlaceName:
    """One name in one language: ``text`` (as its source writes it), its kind and language-independent key."""

    kind: NameKind
    key: str
    text: str


@dataclass(frozen=True)
class NameMention:
    """A name found at ``text[start:end]``."""

    start: int
    end: int
    kind: NameKind
    key: str


@dataclass(frozen=True)
class NameTables:
    """The names of one language, by folded words and, for nationalities, by stems ("marocaines")."""

    by_words: PhraseTable[PlaceName]
    by_stems: PhraseTable[PlaceName]
    by_key: dict[str, PlaceName]


def name_words(tokens: Sequence[Token]) -> list[str]:
    """The folded form of each token, as names and lexicon entries are keyed; a possessive is the name ("France's")."""
    return [fold(POSSESSIVE.sub("", token.text)) for token in tokens]


def name_stems(tokens: Sequence[Token], lang: str) -> list[str]:
    """The stem of each token (punctuation kept as is), for matching inflected forms."""
    return [stem(token.text, lang) if token.is_word else fold(token.text) for token in tokens]


def read_names_file() -> list[tuple[str, str, str, str]]:
    """The shipped names: ``(kind, key, English name, French name)`` rows, preferred forms first."""
    return [(kind, key, english, french) for kind, key, english, french in read_rows("names.tsv.gz")]


#: Names the press gives countries, nations and regions that CLDR does not list (it has "United Kingdom" /
#: "Royaume-Uni"): initials, matched in capitals only ("US", not "us"), Britain's usual names, and the Middle, Near
#: and Far East.
PRESS_NAMES = {
    "en": {
        "US": "country:US", "USA": "country:US", "UK": "country:GB", "UAE": "country:AE", "DRC": "country:CD",
        "Britain": "country:GB", "Great Britain": "country:GB", "England": "region:England",
        "Middle East": "region:Middle East", "Near East": "region:Near East", "Far East": "region:Far East",
    },
    "fr": {
        "USA": "country:US", "EAU": "country:AE", "RDC": "country:CD",
        "Grande-Bretagne": "country:GB", "Angleterre": "region:England",
        "Moyen-Orient": "region:Middle East", "Proche-Orient": "region:Near East", "Extrême-Orient": "region:Far East",
    },
}  # fmt: skip


#: Nationality words of countries in the news, each naming its country (the names file has most nationalities only
#: as languages, "German", or apart from their country, "Moroccan"). Used to tell that a document names a country,
#: not to find names in a sentence: "les Britanniques" names Britain, but a translation may say "Britain" for it.
_NATIONALITIES = {
    "GB": ("British, Briton, Britons", "britannique, britanniques"),
    "US": ("American, Americans", "américain, américaine, américains, américaines"),
    "FR": ("French, Frenchman, Frenchmen", "français, française, françaises"),
    "DE": ("German, Germans", "allemand, allemande, allemands, allemandes"),
    "IT": ("Italian, Italians", "italien, italienne, italiens, italiennes"),
    "ES": ("Spaniard, Spaniards", "espagnol, espagnole, espagnols, espagnoles"),
    "CN": ("Chinese", "chinois, chinoise, chinoises"),
    "JP": ("Japanese", "japonais, japonaise, japonaises"),
    "RU": ("Russian, Russians", "russe, russes"),
    "IN": ("Indian, Indians", "indien, indienne, indiens, indiennes"),
    "SY": ("Syrian, Syrians", "syrien, syrienne, syriens, syriennes"),
    "EG": ("Egyptian, Egyptians", "égyptien, égyptienne, égyptiens, égyptiennes"),
    "IL": ("Israeli, Israelis", "israélien, israélienne, israéliens, israéliennes"),
    "IR": ("Iranian, Iranians", "iranien, iranienne, iraniens, iraniennes"),
    "CA": ("Canadian, Canadians", "canadien, canadienne, canadiens, canadiennes"),
    "BE": ("Belgian, Belgians", "belge, belges"),
    "CH": ("Swiss", "suisse, suisses"),
    "AU": ("Australian, Australians", "australien, australienne, australiens, australiennes"),
    "UA": ("Ukrainian, Ukrainians", "ukrainien, ukrainienne, ukrainiens, ukrainiennes"),
    "TR": ("Turk, Turks, Turkish", "turc, turque, turcs, turques"),
}


@cache
def _nationality_table(lang: str) -> dict[str, str]:
    column = 0 if lang == "en" else 1
    return {
        fold(form): f"country:{code}" for code, forms in _NATIONALITIES.items() for form in forms[column].split(", ")
    }


def countries_by_nationality(text: str, lang: str) -> set[str]:
    """The keys of the countries whose nationality words ``text`` holds ("les Britanniques" -> ``country:GB``)."""
    table = _nationality_table(lang)
    return {key for token in tokenize(text) if token.is_word and (key := table.get(fold(token.text)))}


@cache
def name_tables(lang: str) -> NameTables:
    """The names of ``lang`` (``en`` or ``fr``), loaded once."""
    column = 2 if lang == "en" else 3
    by_words: PhraseTable[PlaceName] = PhraseTable()
    by_stems: PhraseTable[PlaceName] = PhraseTable()
    by_key: dict[str, PlaceName] = {}
    press = [(key.split(":")[0], key, text) for text, key in PRESS_NAMES.get(lang, {}).items()]
    for kind, key, text in [(row[0], row[1], row[column]) for row in read_names_file()] + press:
        name = PlaceName(kind, key, text)  # type: ignore[arg-type]
        tokens = tokenize(text)
        by_words.add(name_words(tokens), name)
        stems = name_stems(tokens, lang)
        if kind == "nationality" and min(len(s) for s in stems) >= _SHORTEST_STEM:
            by_stems.add(stems, name)
        by_key.setdefault(key, name)
    return NameTables(by_words, by_stems, by_key)


def match_name(
    tokens: Sequence[Token], words: Sequence[str], stems: Sequence[str], index: int, lang: str
) -> tuple[int, PlaceName] | None:
    """The longest name starting at ``tokens[index]``: exact words first, then stems (inflected adjectives).

    Countries, cities and regions need a capital letter in one of their words, so the adjective "nice" is not
    the city, while running text's "la Haye" and "pays de Galles" are names.
    """
    tables = name_tables(lang)
    for table, keys in ((tables.by_words, words), (tables.by_stems, stems)):
        found = table.match_at(keys, index)
        span = tokens[index : index + found[0]] if found else ()
        if found and found[1].text.isupper() and not all(token.text.isupper() for token in span):
            continue
        if found and (found[1].kind not in PLACE_KINDS or any(token.text[:1].isupper() for token in span)):
            return found
    return None


#: Initials written with full stops ("U.S.", "U.K."), which the tokenizer splits into letters.
_DOTTED_INITIALS = re.compile(r"\b[A-Z](?:\.[A-Z])+\b\.?")


def _with_dotted_initials(text: str, tokens: list[Token]) -> list[Token]:
    """``tokens`` with each run of dotted initials as one token of its letters ("U.S." -> "US"), at its place."""
    for match in _DOTTED_INITIALS.finditer(text):
        inside = [t for t in tokens if match.start() <= t.start and t.end <= match.end()]
        merged = Token(match.group().replace(".", ""), match.start(), match.end())
        tokens = [t for t in tokens if t not in inside]
        tokens.insert(sum(t.start < match.start() for t in tokens), merged)
    return tokens


def find_names(text: str, lang: str) -> list[NameMention]:
    """The country, city, language and nationality names in ``text``, longest first, in text order."""
    tokens = _with_dotted_initials(text, tokenize(text)) if "." in text else tokenize(text)
    words, stems = name_words(tokens), name_stems(tokens, lang)
    mentions: list[NameMention] = []
    index = 0
    while index < len(tokens):
        found = match_name(tokens, words, stems, index, lang)
        if found is None:
            index += 1
            continue
        size, name = found
        mentions.append(NameMention(tokens[index].start, tokens[index + size - 1].end, name.kind, name.key))
        index += size
    return mentions


def compound_places(text: str, lang: str) -> frozenset[str]:
    """The keys of the places a hyphenated name holds as parts ("Malaisie" in "Malaisie-de-Sherbrooke"), unless
    it is itself a place ("Bosnie-Herzégovine")."""
    if "-" not in text or find_names(text, lang):
        return frozenset()
    return frozenset(n.key for n in find_names(text.replace("-", " "), lang) if n.kind in PLACE_KINDS)


def names_another_place(text: str, lang: str, other_places: Callable[[], frozenset[str]]) -> bool:
    """``text`` is a hyphenated name holding a place (:func:`compound_places`) the other side does not name, by
    the keys ``other_places()`` gives, which is asked only when there is such a place: the name's other parts may
    match ("Malaisie-de-Sherbrooke" / "Sherbrooke Region"), but it names something else."""
    parts = compound_places(text, lang)
    return bool(parts) and not parts <= other_places()


def places_named(texts: Iterable[str], lang: str) -> frozenset[str]:
    """The keys of the places ``texts`` name, parts of hyphenated names too ("Provence" in "Aix-en-Provence")."""
    return frozenset(
        n.key
        for text in texts
        for variant in {text, text.replace("-", " ")}
        for n in find_names(variant, lang)
        if n.kind in PLACE_KINDS
    )


def name_in(key: str, lang: str) -> str | None:
    """The name with ``key`` as ``lang`` writes it ("country:MA" -> "Maroc" in French)."""
    name = name_tables(lang).by_key.get(key)
    return name.text if name else None


#: Two spellings of one name (transliterations: Gaddafi / Kadhafi, Tchaikovsky / Tchaïkovski) agree this well
#: (difflib ratio of their folded letters); different names that look alike (Holt / Hall) fall below.
SPELLING_SIMILARITY = 0.65


def same_name(a: str, b: str, lang_a: str, lang_b: str) -> bool | None:
    """Whether ``a`` (in ``lang_a``) and ``b`` name the same thing by a convention the two languages differ in:
    ``True`` for places with one key ("Allemagne" / "Germany"), acronyms and their expansion or their letters in
    another order (NATO / OTAN, EU / Union européenne, UN / ONU), spelling variants (Gaddafi / Kadhafi); ``False``
    where the names table knows both as different names of one kind (two countries, two nationalities); ``None``
    where no convention decides."""
    names_a, names_b = find_names(a, lang_a), find_names(b, lang_b)
    if {n.key for n in names_a} & {n.key for n in names_b}:
        return True
    if names_another_place(a, lang_a, lambda: places_named([b], lang_b)) or names_another_place(
        b, lang_b, lambda: places_named([a], lang_a)
    ):
        return False  # "Malaisie-de-Sherbrooke" names a country "Sherbrooke" does not
    if {n.kind for n in names_a} & {n.kind for n in names_b}:
        return False  # two places of one kind; a country and a nationality ("France" / "French") the table cannot pair
    if acronym_matches(a, b, lang_b) or acronym_matches(b, a, lang_a):
        return True
    if spelling_variant(a, b) or abbreviates(a, b, lang_a) or abbreviates(b, a, lang_b):
        return True
    return None


#: An acronym straight before an opening bracket ("the DGSE (Directorate General for External Security)").
_ACRONYM_BEFORE_BRACKET = re.compile(r"(?P<acronym>\b[A-Z][\w.&-]*[A-Z])\.?\s*\($")


def glosses_acronym(before: str, gloss: str, lang: str) -> bool:
    """``gloss`` is the bracketed expansion of the acronym that ``before`` ends with (up to and with the opening
    bracket): a gloss one side adds for its readers, which the acronym on the other side answers for."""
    found = _ACRONYM_BEFORE_BRACKET.search(before)
    return found is not None and acronym_matches(found["acronym"], gloss, lang)


def _letters(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalpha())


#: An abbreviated word ("Assn", "Dept", "Govt", "Mt") has this many letters at most.
ABBREVIATION_LETTERS = 5
#: Courtesy titles abbreviate a title ("Mister", "Doctor", "Madame"), never a name: "Mr" is no "Micronésie".
_COURTESY_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "messrs", "dr", "jr", "sr", "mme", "mmes", "mlle", "mm"})


def abbreviates(short: str, word: str, lang: str) -> bool:
    """``short`` is a capitalised word's contraction: the same first letter, then its other letters in order,
    some left out between them, and at least three letters fewer ("Assn" / "Association", "Dept" /
    "Département", "Mt" / "Mount"). A mere start of the word is no evidence: "Paul" / "Paulette", "Bush" /
    "Bushehr"; nor is a word of ``short``'s language ("The" / "Thaïlande")."""
    x, y = _letters(short), _letters(word)
    if not (2 <= len(x) <= ABBREVIATION_LETTERS and len(y) >= len(x) + 3 and short[:1].isupper()):
        return False
    if short.isupper() or " " in word.strip() or x[0] != y[0] or y.startswith(x):
        return False
    if is_function_word(short, lang) or is_common_word(short, lang) or x in _COURTESY_ABBREVIATIONS:
        return False
    rest = iter(y[1:])
    return all(letter in rest for letter in x[1:])


def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name: each at least four letters, similar letters in order."""
    from difflib import SequenceMatcher

    x, y = _letters(a), _letters(b)
    return min(len(x), len(y)) >= 4 and SequenceMatcher(None, x, y).ratio() >= SPELLING_SIMILARITY


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in text.strip()


def looks_like_acronym(text: str) -> bool:
    """One word, mostly capitals, at least two of them (NATO, DDoS, SDGs, OPCW's)."""
    letters = [c for c in text.split("'")[0].split("’")[0] if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return " " not in text.strip() and capitals >= 2 and capitals * 2 > len(letters)


def acronym_matches(acronym: str, other: str, lang: str) -> bool:
    """``acronym`` spells ``other`` (in ``lang``): its letters, or the initials of its words but the function words,
    are the acronym's in another order (NATO / OTAN, EU / Union européenne), give or take one letter (UN / ONU,
    UN / Organisation des Nations unies)."""
    if not is_acronym(acronym):
        return False
    letters = sorted(_letters(acronym))
    if is_acronym(other):
        theirs = sorted(_letters(other))
    else:
        words = [w for w in re.split(r"[\s'’-]+", other) if w and not is_function_word(w, lang)]
        theirs = sorted(fold(w)[0] for w in words)
    longer, shorter = (letters, theirs) if len(letters) >= len(theirs) else (theirs, letters)
    return len(shorter) >= 2 and (longer == shorter or (len(longer) == len(shorter) + 1 and _contains(longer, shorter)))


def _contains(longer: list[str], shorter: list[str]) -> bool:
    rest = list(longer)
    for c in shorter:
        if c not in rest:
            return False
        rest.remove(c)
    return True

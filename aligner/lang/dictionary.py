"""Whether a word is a common word of its language: it (or its singular) is a headword of the shipped bilingual
lexicon translated in lower case, or a lower-case word of the lexicon's translations (the lexicon has names too:
"sahara" -> "Sahara"). Whole words, not stems: "Arabie" shares its stem with the adjective "arabe".

A capitalised common word ("Chambre", "Law Society", "Sommet") is a name translated word for word or a word set in
capitals, not a name two languages write alike; but "Paquet" is a common word too, and "Milan" a bird, so this is
a lead's strength, never a verdict."""

from __future__ import annotations

from functools import cache

from aligner.data.lexicon import cached_rows, read_rows
from aligner.lang.tokens import POSSESSIVE, is_function_word, tokenize

LEXICON_FILE = "lexicon.tsv.gz"
VOCABULARY_FILE = "vocabulary.tsv.gz"


@cache
def translation_stems(lang: str) -> frozenset[str]:
    """Stems of every ``lang`` word the lexicon's translations use."""
    return frozenset(
        stem for row_lang, stems in read_rows(VOCABULARY_FILE) if row_lang == lang for stem in stems.split()
    )


@cache
def _common_words(lang: str) -> frozenset[str]:
    common = set()
    for row_lang, words, _, translations in cached_rows(LEXICON_FILE):
        if row_lang == lang and " " not in words and translations[:1].islower():
            common.add(words)
        elif row_lang != lang:
            common.update(t for t in translations.split("|") if " " not in t and t[:1].islower())
    return frozenset(common)


#: The accented letters a French capital often drops ("Etat" for "État", "Ecole" for "École").
_ACCENTED_INITIALS = {"e": "éèê", "a": "àâ", "o": "ô", "i": "î", "u": "ù"}


def is_common_word(word: str, lang: str) -> bool:
    lower = word.lower().replace("’", "'")
    forms = [lower]
    if lang == "fr" and word[:1].isupper():
        forms += [accented + lower[1:] for accented in _ACCENTED_INITIALS.get(lower[:1], "")]
    common = _common_words(lang)
    return any(form in common or (form[-1:] in ("s", "x") and form[:-1] in common) for form in forms)


def all_common_words(text: str, lang: str) -> bool:
    """Every content word of ``text`` is a common word of ``lang`` (and there is one)."""
    words = [t.text for t in tokenize(POSSESSIVE.sub("", text)) if t.is_word and not is_function_word(t.text, lang)]
    return bool(words) and all(is_common_word(w, lang) for w in words)

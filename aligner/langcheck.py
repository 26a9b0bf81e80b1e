"""An offline check that a text is in the language its side claims ("the English file looks French").

Swapped files or a wrong ``--src-lang`` make every later stage quietly wrong, so the pipeline warns about them.
The check counts function words: in running text about a third of the words are articles, pronouns,
prepositions and auxiliaries, and those lists barely overlap between languages. Only words that belong to one
language's list count (``a``, ``on``, ``des`` are in several). No model, no network, a few microseconds per text.
"""

from __future__ import annotations

from functools import cache
from itertools import islice

from aligner.lang.tokens import fold, function_words, tokenize
from aligner.model import Document

#: The languages the check knows; another claimed language is never second-guessed.
LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German"}

#: Fewer words than this (a headline, a list of names) is too little evidence to warn about.
MIN_WORDS = 20
#: How many words are enough to decide; the rest of a long text is not read.
MAX_WORDS = 3000
_CHARS_PER_WORD = 12  # generous: words and the spaces and punctuation around them
#: The other language must own at least this share of the words, and this many times the claimed one's share.
MIN_SHARE = 0.12
MIN_RATIO = 3.0


@cache
def _exclusive_function_words() -> dict[str, frozenset[str]]:
    words = {lang: function_words(lang) for lang in LANGUAGE_NAMES}
    return {
        lang: own - frozenset().union(*(other for name, other in words.items() if name != lang))
        for lang, own in words.items()
    }


def _word_key(word: str) -> str:
    """The folded word; an elided French article keeps its letter (``l'`` -> ``l``), a lone letter (an initial,
    "I") is no evidence and gives ``""``."""
    folded = fold(word)
    if folded.endswith("'"):
        return folded.rstrip("'")
    return folded if len(folded) > 1 else ""


def function_word_shares(text: str) -> tuple[int, dict[str, float]]:
    """The number of words read, and for each known language the share of them that are its own function words."""
    head = text[: MAX_WORDS * _CHARS_PER_WORD]  # tokenize() reads all it is given
    words = list(islice(filter(None, (_word_key(t.text) for t in tokenize(head) if t.is_word)), MAX_WORDS))
    exclusive = _exclusive_function_words()
    if not words:
        return 0, dict.fromkeys(LANGUAGE_NAMES, 0.0)
    return len(words), {lang: sum(w in own for w in words) / len(words) for lang, own in exclusive.items()}


def guess_language(text: str, min_words: int = MIN_WORDS) -> str | None:
    """The known language ``text`` is clearly written in, or ``None`` when the evidence is thin or mixed."""
    count, shares = function_word_shares(text)
    if count < min_words:
        return None
    ranked = sorted(shares, key=lambda lang: (-shares[lang], lang))
    best, runner_up = ranked[0], ranked[1]
    if shares[best] < MIN_SHARE or shares[best] < MIN_RATIO * shares[runner_up]:
        return None
    return best


def language_warning(doc: Document) -> str | None:
    """``"en.txt: the English file looks French ..."`` when ``doc`` is clearly not in ``doc.lang``, else ``None``."""
    if doc.lang not in LANGUAGE_NAMES:
        return None
    guessed = guess_language(doc.text)
    if guessed is None or guessed == doc.lang:
        return None
    return (
        f"{doc.name}: the {LANGUAGE_NAMES[doc.lang]} file looks {LANGUAGE_NAMES[guessed]} "
        "(check the language options and the order of the two files)"
    )

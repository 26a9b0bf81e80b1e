"""BERT's WordPiece tokenisation over a model's own vocabulary (LaBSE, multilingual BERT), for CTranslate2 encoders
converted without a SentencePiece model: split on spaces, punctuation and CJK characters, then take the longest
vocabulary piece at each point of a word (``##`` marks a piece inside a word); a word with no cover is ``[UNK]``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

#: Longest word tokenised piece by piece; a longer one is ``[UNK]``, as in BERT.
MAX_WORD_CHARS = 100


def wordpiece_tokens(text: str, vocabulary: Collection[str], *, lowercase: bool, unknown: str = "[UNK]") -> list[str]:
    """The WordPiece tokens of ``text`` (no ``[CLS]``/``[SEP]``)."""
    if lowercase:
        text = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")
    tokens: list[str] = []
    for word in _basic_words(text):
        tokens += _pieces(word, vocabulary) or [unknown]
    return tokens


def _basic_words(text: str) -> list[str]:
    """Words as BERT's basic tokenizer cuts them: punctuation and each CJK character stand alone."""
    words: list[str] = []
    current: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char.isspace() or category.startswith("C"):
            words.append("".join(current))
            current = []
        elif category.startswith("P") or (char.isascii() and not char.isalnum()) or _is_cjk(char):
            words += ["".join(current), char]
            current = []
        else:
            current.append(char)
    words.append("".join(current))
    return [word for word in words if word]


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F
    )


def _pieces(word: str, vocabulary: Collection[str]) -> list[str] | None:
    """Greedy longest-match-first pieces of ``word``; ``None`` when some part has no piece."""
    if len(word) > MAX_WORD_CHARS:
        return None
    pieces: list[str] = []
    start = 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocabulary:
                pieces.append(piece)
                start = end
                break
        else:
            return None
    return pieces

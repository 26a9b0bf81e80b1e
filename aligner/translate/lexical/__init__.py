"""The embedded offline pivot: word-by-word translation with a bilingual lexicon (see :mod:`.translator`)."""

from aligner.translate.lexical.translator import LexicalTranslator

__all__ = ["LexicalTranslator"]

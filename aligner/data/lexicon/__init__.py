"""The lexical pivot's data: bilingual lexicon and CLDR names, built by tools/build_lexicon.py (see PROVENANCE.md)."""

"""The lexical pivot's data: bilingual lexicon, French lemmas, English irregular forms and CLDR names, built by
tools/build_lexicon.py (see PROVENANCE.md)."""

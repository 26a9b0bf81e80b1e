"""Build the lexical pivot's data files from freely licensed sources installed on the build machine.

* ``aligner/data/lexicon/lexicon.tsv.gz``: French->English and English->French entries from the FreeDict
  dictionaries fra-eng and eng-fra (GPL-2.0-or-later; Debian packages ``dict-freedict-fra-eng`` and
  ``dict-freedict-eng-fra``, read from their dictd files in ``/usr/share/dictd``). Each direction merges both
  dictionaries: a headword's own translations first, then the words that list it in the other dictionary.
* ``aligner/data/lexicon/vocabulary.tsv.gz``: the stems of every word either dictionary uses, per language.
* ``aligner/data/lexicon/lemmas.tsv.gz``: French inflected forms and their lemma, from the Hunspell French
  dictionary (MPL-2.0; Debian package ``hunspell-fr-classical``), for forms Snowball stems apart from their
  lemma ("pouvait" -> "pouvoir", "fit" -> "faire"), limited to lemmas the lexicon has; plus the forms Hunspell
  lists as words of their own ("yeux", "messieurs"), lemmatised by Apertium's French analyser
  (GPL-2.0-or-later; Debian package ``apertium-fra-cat``, run with ``lt-proc``).
* ``aligner/data/lexicon/irregular.tsv.gz``: English irregular forms and their lemma ("made" -> "make",
  "children" -> "child") from WordNet 3.0's exception lists (WordNet licence; Debian package ``wordnet-base``),
  which :func:`aligner.lang.tokens.stem` applies before Snowball. It is written first, and the other files'
  English stems are computed with it.
* ``aligner/data/lexicon/names.tsv.gz``: country, city and language names from CLDR (Unicode license), read
  with Babel, plus nationality adjectives paired from CLDR's two-word currency names
  ("dirham marocain" / "Moroccan Dirham", "franc suisse" / "Swiss Franc"), plus the cities and regions whose
  French name differs ("Padoue" / "Padua", "Pays de Galles" / "Wales") from libgweather's locations and their
  French translations (GPL-2.0-or-later; Debian package ``libgweather-4-common``).

Translations are ranked with word frequencies from ``wordfreq`` (Apache-2.0 code, CC BY-SA 4.0 data); only the
order of FreeDict's own translations is kept, no frequency is shipped.

Run ``python tools/build_lexicon.py`` after installing those Debian packages and ``pip install babel wordfreq``;
Babel and wordfreq are needed only here, never at run time.
The output is deterministic for given inputs; ``aligner/data/lexicon/PROVENANCE.md`` records the versions.
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aligner.lang.tokens import IRREGULAR_FILE, fold, irregular_forms, snowball_stem, stem, tokenize  # noqa: E402
from aligner.translate.lexical.lexicon import lower  # noqa: E402

DICTD = Path("/usr/share/dictd")
HUNSPELL = Path("/usr/share/hunspell")
#: Apertium's French morphological analyser (from the French-Catalan pair), read with lttoolbox's ``lt-proc``.
APERTIUM_FRENCH = Path("/usr/share/apertium/apertium-fra-cat/fra-cat.automorf.bin")
#: One reading of an Apertium analysis: lemma head, tags, the invariable tail of a multi-word lemma ("#-de-jatte").
#: A word as the tokenizer keeps it whole, hyphens and inner apostrophes included; the forms given to Apertium.
_FRENCH_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_READING = re.compile(r"(?P<head>[^<#+]+)(?P<tags>(?:<[^>]+>)+)(?:#(?P<tail>[^<#+]+))?")
WORDNET = Path("/usr/share/wordnet")
LOCALE = Path("/usr/share/locale")
GWEATHER = Path("/usr/share/libgweather-4/Locations.xml")
#: libgweather's elements with translated names, and the name kind each becomes (its countries are CLDR's).
_GWEATHER_KINDS = {"region": "region", "state": "region", "city": "city"}
#: Place names with these are administrative forms ("Madrid, Comunidad de", "Catalunya [Cataluña]"), not names.
_PLACE_NOISE = re.compile(r"[,;\[\]()/\d]")
#: WordNet's exception lists, in the order their lemmas are preferred when a form is in several ("better").
_EXCEPTION_LISTS = ("verb.exc", "noun.exc", "adj.exc", "adv.exc")
#: One word as the tokenizer keeps it whole; WordNet's multi-word forms ("attorneys_general") stay out.
_PLAIN_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
OUTPUT = REPO / "aligner" / "data" / "lexicon"
#: Translations kept per headword: the pivot uses the first; the rest document the choice.
KEEP = 4
_HEADER = re.compile(r"^(?P<head>[^/<]+?)\s*(?:/[^/]*/)?\s*(?:<[^>]*>)?\s*$")
_SENSE = re.compile(r"^\s*\d+\.\s*")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^]]*\]")
#: headword -> [(sense number, translation), ...], as :func:`read_dictd` yields them.
Dictionary = dict[str, list[tuple[int, str]]]
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2019": "'"})


def _b64_number(text: str) -> int:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    value = 0
    for char in text:
        value = value * 64 + alphabet.index(char)
    return value


def dictd_entries(name: str, folder: Path = DICTD) -> Iterator[tuple[str, tuple[str, str], str]]:
    """``(index headword, (offset, length) as the index writes them, entry text)`` for each entry of the dictd
    file ``name`` in ``folder``, in index order, the dictionary's own ``00database`` entries skipped; an entry
    listed under several headwords comes once per headword. A missing file names the Debian package to install."""
    if not (folder / f"{name}.index").is_file():
        package = "dict-" + name
        raise SystemExit(
            f"{folder / name}.index not found: install the Debian package {package} (apt-get install {package})"
        )
    index = (folder / f"{name}.index").read_text(encoding="utf-8").splitlines()
    with gzip.open(folder / f"{name}.dict.dz", "rb") as handle:
        body = handle.read()
    for line in index:
        headword, offset, length = line.split("\t")
        if not headword.startswith("00database"):
            start = _b64_number(offset)
            yield headword, (offset, length), body[start : start + _b64_number(length)].decode("utf-8")


def read_dictd(name: str) -> Iterator[tuple[str, list[tuple[int, str]]]]:
    """``(headword, [(sense number, translation), ...] in dictionary order)`` for each entry of a dictd file."""
    for headword, _, entry in dictd_entries(name):
        lines = entry.translate(_HYPHENS).splitlines()
        header = _HEADER.match(lines[0]) if lines else None
        head = header.group("head") if header else headword
        translations: list[tuple[int, str]] = []
        for sense, text in enumerate(lines[1:]):
            for candidate in _PARENTHESES.sub("", _SENSE.sub("", text)).replace(";", ",").split(","):
                cleaned = " ".join(candidate.split()).strip(" .")
                if cleaned and "..." not in cleaned and cleaned not in [t for _, t in translations]:
                    translations.append((sense, cleaned))
        if translations:
            yield head.strip().translate(_HYPHENS), translations


def key_of(phrase: str) -> str:
    return " ".join(fold(token.text) for token in tokenize(phrase))


def ranked_translations(forward: Dictionary, backward: Dictionary, target_lang: str) -> dict[str, list[str]]:
    """For each headword of ``forward``, its translations best first, with ``backward``'s inverted entries added.

    Translations whose own entry in ``backward`` lists the headword (they round-trip) come first, then the more
    frequent in ``target_lang`` (wordfreq's Zipf scale, to one decimal), then by sense and position: FreeDict
    does not always put the common sense first ("cat": "mégère" before "chat") and has no frequencies.
    Candidates only ``backward`` knows come after, in the order it lists the headword.
    """
    from wordfreq import zipf_frequency

    inverted: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for source, targets in backward.items():
        for position, (_, target) in enumerate(targets):
            inverted[key_of(target)].append((position, source))
    backward_by_key = {key_of(source): {key_of(t) for _, t in targets} for source, targets in backward.items()}
    ranked: dict[str, list[str]] = {}
    for headword in sorted(set(forward) | {t for targets in backward.values() for _, t in targets}):
        head_key = key_of(headword)
        scored: list[tuple[bool, float, int, int, str]] = []
        for position, (sense, candidate) in enumerate(forward.get(headword, [])):
            round_trip = head_key in backward_by_key.get(key_of(candidate), set())
            frequency = round(zipf_frequency(candidate, target_lang), 1)
            scored.append((not round_trip, -frequency, sense, position, candidate))
        seen = {key_of(c) for *_, c in scored}
        for position, source in sorted(inverted.get(head_key, [])):
            if key_of(source) not in seen:
                seen.add(key_of(source))
                scored.append((True, 0.0, 100, position, source))
        if scored:
            ranked[headword] = [candidate for *_, candidate in sorted(scored)][:KEEP]
    return ranked


def lexicon_rows(french_english: Dictionary, english_french: Dictionary) -> list[str]:
    """``lang \\t lower-case words \\t stems \\t translations`` lines for both directions, sorted.

    Headwords that differ only in case ("Rome", "rome") share a line, their translations merged in order.
    """
    merged: dict[tuple[str, str, str], list[str]] = {}
    for lang, target_lang, forward, backward in (
        ("fr", "en", french_english, english_french),
        ("en", "fr", english_french, french_english),
    ):
        for headword, translations in ranked_translations(forward, backward, target_lang).items():
            tokens = tokenize(headword)
            if not tokens:
                continue
            words = " ".join(lower(t.text) for t in tokens)
            stems = " ".join(stem(t.text, lang) if t.is_word else fold(t.text) for t in tokens)
            entry = merged.setdefault((lang, words, stems), [])
            entry.extend(t for t in translations if t not in entry)
    return sorted(f"{lang}\t{words}\t{stems}\t{'|'.join(ts[:KEEP])}" for (lang, words, stems), ts in merged.items())


def read_hunspell(affixes: Path, words: Path) -> Iterator[tuple[str, str]]:
    """``(inflected form, lemma)`` for every suffix rule of a Hunspell dictionary (``FLAG long``) its words use."""
    rules: dict[str, list[tuple[str, str, re.Pattern[str]]]] = defaultdict(list)
    for line in affixes.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 5 and fields[0] == "SFX":
            strip, add = ("" if f == "0" else f for f in (fields[2], fields[3].split("/", 1)[0]))
            rules[fields[1]].append((strip, add, re.compile(f"(?:{fields[4]})$")))
    for entry in words.read_text(encoding="utf-8").splitlines()[1:]:
        lemma, _, flags = entry.split(maxsplit=1)[0].partition("/") if entry.strip() else ("", "", "")
        for flag in (flags[i : i + 2] for i in range(0, len(flags), 2)):
            for strip, add, condition in rules.get(flag, []):
                if lemma.endswith(strip) and condition.search(lemma):
                    yield lemma[: len(lemma) - len(strip)] + add, lemma


def lemma_rows(french_english: Dictionary) -> list[str]:
    """``form \\t lemma`` for French forms the stemmer cannot bring to a FreeDict headword: Hunspell's suffix
    rules give "fit" -> "faire", "pouvait" -> "pouvoir"; the forms Hunspell lists as words of their own ("yeux")
    take the lemma Apertium's analyser gives them ("œil"), when it gives one such lemma."""
    headwords = {lower(h) for h in french_english}

    def wanted(form: str, lemma: str) -> bool:
        return lemma in headwords and form not in headwords and form != lemma and stem(form, "fr") != stem(lemma, "fr")

    pairs = [(lower(form), lower(lemma)) for form, lemma in read_hunspell(HUNSPELL / "fr.aff", HUNSPELL / "fr.dic")]
    rows = {f"{form}\t{lemma}" for form, lemma in pairs if wanted(form, lemma)}
    derived = {form for form, _ in pairs}
    entries = {
        lower(line.split(maxsplit=1)[0].partition("/")[0])
        for line in (HUNSPELL / "fr.dic").read_text(encoding="utf-8").splitlines()[1:]
        if line.strip()
    }
    analyses = apertium_readings(sorted(entries | derived))
    for form in sorted(form for form in entries - derived - headwords if _FRENCH_WORD.fullmatch(form)):
        lemmas = {lemma for lemma in _plausible_lemmas(form, analyses) if wanted(form, lemma)}
        if len(lemmas) == 1:
            rows.add(f"{form}\t{lemmas.pop()}")
    return sorted(rows)


def apertium_readings(forms: list[str]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Each form's ``(lemma, tags)`` readings by Apertium's French analyser (none for unknown forms)."""
    words = [form for form in forms if _FRENCH_WORD.fullmatch(form)]
    output = subprocess.run(
        ["lt-proc", "-w", str(APERTIUM_FRENCH)],
        input="\n".join(words) + "\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    readings: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for unit in re.findall(r"\^(.*?)\$", output):
        surface, *analyses = unit.split("/")
        for analysis in analyses:
            match = _READING.fullmatch(analysis)  # compounds of several words ("entre-soi") do not match
            if match:
                lemma = lower(match["head"] + (match["tail"] or ""))
                readings.setdefault(lower(surface), []).append((lemma, tuple(re.findall(r"<([^>]+)>", match["tags"]))))
    return readings


def _plausible_lemmas(form: str, readings: dict[str, list[tuple[str, tuple[str, ...]]]]) -> list[str]:
    """The lemmas of ``form``'s readings that name the same thing: a feminine noun only under a feminine lemma
    ("mesdames" -> "madame", not "déesse" -> "dieu"), and a compound only under a lemma with the same parts,
    each with the same first two letters ("chauves-souris" -> "chauve-souris", not "petits-enfants" ->
    "petit-fils")."""
    lemmas = []
    for lemma, tags in readings.get(form, []):
        if tags[:2] == ("n", "f") and not any(
            t[:2] == ("n", "f") for lem, t in readings.get(lemma, []) if lem == lemma
        ):
            continue
        parts, lemma_parts = form.split("-"), lemma.split("-")
        if len(parts) > 1 and (
            len(parts) != len(lemma_parts) or any(a[:2] != b[:2] for a, b in zip(parts, lemma_parts, strict=True))
        ):
            continue
        lemmas.append(lemma)
    return lemmas


def irregular_rows() -> list[str]:
    """``form \\t lemma`` for English forms whose Snowball stem is none of their lemmas' stems ("made", "men").

    A form Snowball already brings to one of its lemmas stays out ("leaves": "leave", not "leaf"), as do
    multi-word forms; a form with several lemmas takes the first, verbs first.
    """
    lemmas: dict[str, list[str]] = defaultdict(list)
    for file_name in _EXCEPTION_LISTS:
        for line in (WORDNET / file_name).read_text(encoding="utf-8").splitlines():
            form, *form_lemmas = (fold(field) for field in line.split())
            lemmas[form].extend(lemma for lemma in form_lemmas if lemma not in lemmas[form])
    rows = []
    for form, form_lemmas in sorted(lemmas.items()):
        words = [form, *form_lemmas]
        if all(_PLAIN_WORD.fullmatch(word) for word in words):
            form_stem = snowball_stem(form, "en")
            if all(snowball_stem(lemma, "en") != form_stem for lemma in form_lemmas):
                rows.append(f"{form}\t{form_lemmas[0]}")
    return rows


def vocabulary_rows(french_english: Dictionary, english_french: Dictionary) -> list[str]:
    """One ``lang \\t stems`` line per language: the stem of every word either dictionary uses, sorted."""
    stems: dict[str, set[str]] = {"en": set(), "fr": set()}
    for source_lang, target_lang, dictionary in (("fr", "en", french_english), ("en", "fr", english_french)):
        for headword, translations in dictionary.items():
            for lang, phrase in [(source_lang, headword)] + [(target_lang, t) for _, t in translations]:
                stems[lang].update(stem(t.text, lang) for t in tokenize(phrase) if t.is_word)
    return [f"{lang}\t{' '.join(sorted(lang_stems))}" for lang, lang_stems in sorted(stems.items())]


def _paired_adjectives(
    pairs: list[tuple[str, str, str]], known: set[tuple[str, str]]
) -> Iterator[tuple[str, str, str]]:
    """From two-word names that share one word pair (known, or spelt alike), the other words as a pair."""
    for key, english, french in pairs:
        english_words, french_words = english.split(), french.split()
        if len(english_words) != 2 or len(french_words) != 2:
            continue
        for e_index in range(2):
            for f_index in range(2):
                e_known, f_known = fold(english_words[e_index]), fold(french_words[f_index])
                similar = SequenceMatcher(None, e_known, f_known).ratio() >= 0.75  # "rupee" / "roupie"
                if similar or (e_known, f_known) in known:
                    yield key, english_words[1 - e_index], french_words[1 - f_index]


def name_rows(french_english: Dictionary, english_french: Dictionary) -> list[str]:
    """``kind \\t key \\t English \\t French`` lines from CLDR via Babel."""
    from babel import Locale
    from babel.dates import get_timezone_location
    from babel.numbers import get_currency_name

    english, french = Locale("en"), Locale("fr")
    rows: list[str] = []
    for code, name in sorted(english.territories.items()):
        if code in french.territories:  # UN M49 numbers are world regions ("002": "Africa" / "Afrique")
            kind = "region" if code.isdigit() else "country"
            rows.append(f"{kind}\t{kind}:{code}\t{name}\t{french.territories[code]}")
    for zone in sorted(zoneinfo.available_timezones()):
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            english_city = get_timezone_location(zone, locale="en", return_city=True)
            french_city = get_timezone_location(zone, locale="fr", return_city=True)
            if english_city and french_city and not any(c.isdigit() for c in english_city):
                rows.append(f"city\tcity:{zone}\t{english_city}\t{french_city}")
    known = {(fold(target), fold(source)) for source, targets in french_english.items() for _, target in targets}
    for code, name in sorted(english.languages.items()):
        french_name = french.languages.get(code)
        if french_name and " " not in name and " " not in french_name:
            rows.append(f"language\tlanguage:{code}\t{name}\t{french_name}")
            known.add((fold(name), fold(french_name)))
    # Currency names pair nationality adjectives well ("dirham marocain" / "Moroccan Dirham"); two-word language
    # names mostly pair other adjectives ("Old", "Northern", "Pidgin") and are left out.
    two_word: list[tuple[str, str, str]] = []
    for code in sorted(english.currencies):
        for count in (1, 2):
            english_name = get_currency_name(code, count=count, locale="en")
            french_name = get_currency_name(code, count=count, locale="fr")
            if english_name != code and french_name != code:
                two_word.append((f"currency:{code}", english_name, french_name))
    english_senses = {fold(source): {fold(t) for _, t in targets} for source, targets in english_french.items()}
    pairings: Counter[tuple[str, str]] = Counter()
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, english_word, french_word in _paired_adjectives(two_word, known):
        senses = english_senses.get(fold(english_word), {fold(french_word)})
        ordinary_word = english_word.lower() in english_french  # "Old" is "old", not a nationality
        if (
            english_word[:1].isupper()
            and french_word[:1].islower()
            and fold(french_word) in senses
            and not (ordinary_word)
        ):
            pairings[english_word, stem(french_word, "fr")] += 1
            forms[english_word, stem(french_word, "fr")].add(french_word)
    best: dict[str, tuple[int, str]] = {}
    for (english_word, french_stem), count in sorted(pairings.items()):
        if count > best.get(english_word, (0, ""))[0]:
            best[english_word] = (count, french_stem)
    for english_word, (_, french_stem) in sorted(best.items()):
        for french_word in sorted(forms[english_word, french_stem]):
            rows.append(f"nationality\tnationality:{fold(english_word)}\t{english_word}\t{french_word}")
    known_names = {fold(name) for row in rows for name in row.split("\t")[2:]}
    return rows + place_rows(french_english, english_french, known_names)


def _gweather_places() -> Iterator[tuple[str, str, str]]:
    """``(kind, English, French)`` for each region, state and city name libgweather translates."""
    import gettext
    import xml.etree.ElementTree as ElementTree

    with (LOCALE / "fr" / "LC_MESSAGES" / "libgweather-4.0-locations.mo").open("rb") as catalogue:
        french = gettext.GNUTranslations(catalogue)
    for element in ElementTree.parse(GWEATHER).iter():
        name = element.find("_name")
        if element.tag in _GWEATHER_KINDS and name is not None and name.text:
            context = name.get("msgctxt")
            translated = french.pgettext(context, name.text) if context else french.gettext(name.text)
            yield _GWEATHER_KINDS[element.tag], name.text, translated


def place_rows(french_english: Dictionary, english_french: Dictionary, known: set[str]) -> list[str]:
    """``kind \\t key \\t English \\t French`` for libgweather's cities and regions whose names differ (not just
    by accents).

    A pair stays out when either name is already in ``known`` (folded), when libgweather pairs either name with
    a second one ("Alexandrie" is Alexandria and Alessandria), or when a FreeDict entry of either name does not
    list the other ("Nord" is "north").
    """
    dictionary = {
        fold(word): {fold(t) for _, t in translations}
        for source in (french_english, english_french)
        for word, translations in source.items()
    }
    translations: dict[str, set[str]] = defaultdict(set)  # "en:"/"fr:" + folded name -> folded other names
    kinds: dict[tuple[str, str], str] = {}
    for kind, english, french in _gweather_places():
        english, french = (" ".join(name.translate(_HYPHENS).split()) for name in (english, french))
        words = (fold(english), fold(french))
        if words[0] != words[1] and not _PLACE_NOISE.search(english + french):
            translations["en:" + words[0]].add(words[1])
            translations["fr:" + words[1]].add(words[0])
            kinds.setdefault((english, french), kind)
    rows: list[str] = []
    for (english, french), kind in sorted(kinds.items()):
        words = (fold(english), fold(french))
        if (
            len(translations["en:" + words[0]]) == len(translations["fr:" + words[1]]) == 1
            and not known & set(words)
            and all(dictionary.get(word, {other}) & {other} for word, other in (words, words[::-1]))
        ):
            rows.append(f"{kind}\t{kind}:{english}\t{english}\t{french}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="directory for the data files")
    args = parser.parse_args(argv)
    french_english = dict(read_dictd("freedict-fra-eng"))
    english_french = dict(read_dictd("freedict-eng-fra"))
    args.output.mkdir(parents=True, exist_ok=True)
    _write(
        args.output / IRREGULAR_FILE,
        "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Exception lists; WordNet 3.0\n"
        "# license and disclaimer in PROVENANCE.md\n# English irregular form\tits lemma\n",
        irregular_rows(),
    )
    stem.cache_clear()  # the English stems below go through the package's table: the one just written by default
    irregular_forms.cache_clear()
    source = "# FreeDict fra-eng 0.4.1 and eng-fra 0.1.6, GPL-2.0-or-later; built by tools/build_lexicon.py\n"
    for file_name, header, rows in (
        (
            "lexicon.tsv.gz",
            source + "# lang\tlower-case words\tstems\ttranslations, best first\n",
            lexicon_rows(french_english, english_french),
        ),
        (
            "vocabulary.tsv.gz",
            source + "# lang\tstems of the words the lexicon knows in that language (what a cognate must be)\n",
            vocabulary_rows(french_english, english_french),
        ),
        (
            "lemmas.tsv.gz",
            "# Hunspell French dictionary 7.0 (Grammalecte / Dicollecte, MPL-2.0), expanded suffix rules; its\n"
            "# own-word forms lemmatised by Apertium's French analyser (apertium-fra-cat, GPL-2.0-or-later)\n"
            "# French form\tits lemma, where the lemma is a FreeDict headword and the stems differ\n",
            lemma_rows(french_english),
        ),
        (
            "names.tsv.gz",
            "# CLDR via Babel (Unicode license); cities and regions from libgweather (GPL-2.0-or-later)\n"
            "# kind\tkey\tEnglish\tFrench\n",
            name_rows(french_english, english_french),
        ),
    ):
        _write(args.output / file_name, header, rows)
    return 0


def _write(path: Path, header: str, rows: list[str]) -> None:
    """A gzip file of ``header`` and ``rows``, byte-identical for identical input."""
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write((header + "\n".join(rows) + "\n").encode("utf-8"))
    print(f"{path.name}: {len(rows)} rows, {path.stat().st_size} bytes")


if __name__ == "__main__":
    raise SystemExit(main())

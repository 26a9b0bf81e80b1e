"""The audit of real wire copy: false alarms on faithful professional translations, recall on planted errors.

Data: ``newstest2014-en-fr`` (96 real news stories, English and French, one segment per line, headline first; the
README there). Stories with an even docid number are the development half, odd ones the report half
(``--split dev`` / ``--split report``); thresholds and rules are tuned on dev only.

Each story is audited as a translator would: the two files as plain text (one paragraph per line, no blank lines),
English as the source, French as the translation, default settings (``aligner.pipeline.compare``).

* **False alarms**: findings per unmodified story, by severity; the goal is at most 0.3 major-or-critical.
* **Recall**: errors are planted in the French side, one per audited copy, deterministically (positions chosen by a
  hash of the docid and kind), at most ``--per-kind`` of each kind per split: an omitted sentence, an added sentence
  taken from another story, a clause left out (a comma-delimited clause whose English counterpart, the clause at the
  same place, is also the sentence encoder's nearest), a changed number, a name replaced by a name from another
  story, a place replaced by another place, an epithet or description ("la ville") replaced by a place name, a
  dropped title before a name, a moved sentence. A planted error counts as found only when a finding of the right
  type has a span on the planted words (the French words planted, or, for what the French lost, the English words).
  A story holds up to ``--choices`` plants of a kind (the planter's first choice in every story, then its second...);
  larger sets (``--per-kind 60``, or ``--per-kind 400 --choices 8 --kinds clause``) tell small changes from noise.
* **French first**: the unmodified stories and the same plants audited with French as the original (a reviewer
  checking an English version): false alarms per story, and recall with the finding's type reversed (what the French
  lost, the English added).

    python benchmarks/wire_audit.py --split dev [--data ../shared/bench] [--jobs 2] [--per-kind 25] [--choices 3]
        [--kinds clause,name,...]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aligner.diagnose.word_kinds import title_words  # noqa: E402
from aligner.lang.names import find_names, name_tables  # noqa: E402
from aligner.lang.numbers import find_quantities  # noqa: E402
from aligner.lang.tokens import fold, tokenize  # noqa: E402
from aligner.model import AuditResult, Document  # noqa: E402
from aligner.translate.base import Translator  # noqa: E402

KINDS = ("omitted", "added", "clause", "number", "name", "place", "epithet", "title", "moved")
#: The finding (type, subtypes) that reports each planted kind; an empty set of subtypes accepts any.
EXPECTED: dict[str, tuple[str, frozenset[str]]] = {
    "omitted": ("omission", frozenset({"sentence"})),
    "added": ("addition", frozenset({"sentence"})),
    "clause": ("omission", frozenset()),
    "number": ("mistranslation", frozenset({"number", "date"})),
    "name": ("mistranslation", frozenset({"entity"})),
    "place": ("mistranslation", frozenset({"entity"})),
    "epithet": ("mistranslation", frozenset({"entity"})),
    "title": ("omission", frozenset({"title"})),
    "moved": ("other", frozenset({"moved"})),
}
#: Descriptions a place name may replace when planting (French noun -> its English counterparts).
DESCRIPTIONS = {
    "pays": ("country",),
    "ville": ("city", "town"),
    "capitale": ("capital",),
    "région": ("region", "area"),
    "île": ("island",),
    "continent": ("continent",),
    "gouvernement": ("government",),
    "état": ("state",),
    "territoire": ("territory",),
    "province": ("province",),
    "village": ("village",),
    "nation": ("nation",),
    "communauté": ("community",),
    "royaume": ("kingdom",),
    "république": ("republic",),
    "commune": ("town", "municipality"),
    "district": ("district",),
    "quartier": ("district", "neighbourhood", "neighborhood"),
}
_ARTICLE = r"(?:le |la |l'|l’|les )"


@dataclass(frozen=True)
class Story:
    docid: str
    en: tuple[str, ...]
    fr: tuple[str, ...]


@dataclass(frozen=True)
class Plant:
    """One error planted in a story: the French lines after it, and the planted characters to be found
    (``side``, start, end in the joined text of that side)."""

    docid: str
    kind: str
    fr: tuple[str, ...]
    side: str
    start: int
    end: int
    words: str
    en: tuple[str, ...] = ()  # the English lines, when the plant changed them (else the story's)


def read_stories(data: Path, split: str) -> list[Story]:
    folder = data / "newstest2014-en-fr"
    rows = (folder / "docs.tsv").read_text(encoding="utf-8").splitlines()[1:]
    stories = []
    for row in rows:
        docid = row.split("\t")[0]
        number = int(docid.split("-")[0])
        if (number % 2 == 0) != (split == "dev"):
            continue
        en = (folder / "docs" / f"{docid}.en.txt").read_text(encoding="utf-8").splitlines()
        fr = (folder / "docs" / f"{docid}.fr.txt").read_text(encoding="utf-8").splitlines()
        stories.append(Story(docid, tuple(en), tuple(fr)))
    return stories


def _hash(*parts: object) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def _offset(lines: tuple[str, ...] | list[str], line: int) -> int:
    return sum(len(x) + 1 for x in lines[:line])


#: Which of a story's candidate places a planter takes (0 first, 1 second, ...): set by :func:`plants`, which goes
#: over the stories again when one candidate per story is not enough for ``--per-kind``.
_NTH = [0]


def _pick(candidates: list, *key: object):  # type: ignore[no-untyped-def]
    """The ``_NTH``-th candidate in an order fixed by ``key``, or ``None``."""
    if _NTH[0] >= len(candidates):
        return None
    return candidates[(_hash(*key) + _NTH[0]) % len(candidates)]


def _body(story: Story) -> list[int]:
    """Lines that are sentences of the body (not the headline), long enough to matter."""
    return [i for i in range(1, min(len(story.en), len(story.fr))) if len(story.fr[i].split()) >= 6]


def _replace(story: Story, line: int, start: int, end: int, new: str, kind: str, en_span: tuple[int, int] | None):
    fr = list(story.fr)
    fr[line] = fr[line][:start] + new + fr[line][end:]
    if en_span is not None:
        base = _offset(story.en, line)
        return Plant(story.docid, kind, tuple(fr), "source", base + en_span[0], base + en_span[1], "")
    base = _offset(fr, line) + start
    return Plant(story.docid, kind, tuple(fr), "target", base, base + len(new), new)


def plant_omitted(story: Story, others: list[Story]) -> Plant | None:
    line = _pick(_body(story), story.docid, "omitted")
    if line is None:
        return None
    fr = story.fr[:line] + story.fr[line + 1 :]
    start = _offset(story.en, line)
    return Plant(story.docid, "omitted", fr, "source", start, start + len(story.en[line]), story.en[line])


def plant_added(story: Story, others: list[Story]) -> Plant | None:
    donor = _pick([o for o in others if o.docid != story.docid], story.docid, "donor")
    lines = [x for x in donor.fr[1:] if len(x.split()) >= 8] if donor else []
    text = _pick(lines, story.docid, "added-line")
    if text is None or len(story.fr) < 3:
        return None
    line = 1 + _hash(story.docid, "added") % (len(story.fr) - 1)
    fr = (*story.fr[:line], text, *story.fr[line:])
    start = _offset(fr, line)
    return Plant(story.docid, "added", fr, "target", start, start + len(text), text)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r",\s", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def plant_clause(story: Story, others: list[Story], encode: Callable[[list[str]], object]) -> Plant | None:
    """Leave out a middle clause of a French sentence whose English clauses correspond one to one."""
    candidates = []
    for line in _body(story):
        en, fr = _clauses(story.en[line]), _clauses(story.fr[line])
        if len(en) != len(fr) or len(en) < 2:
            continue
        for k in range(1, len(fr)):
            if len(story.fr[line][fr[k][0] : fr[k][1]].split()) >= 3 and en[k][1] - en[k][0] > 10:
                candidates.append((line, k))
    valid = 0
    for attempt in range(len(candidates)):
        line, k = candidates[(_hash(story.docid, "clause") + attempt) % len(candidates)]
        en, fr = _clauses(story.en[line]), _clauses(story.fr[line])
        rows = encode([story.en[line][s:e] for s, e in en] + [story.fr[line][s:e] for s, e in fr])
        sims = rows[: len(en)] @ rows[len(en) :].T  # type: ignore[index]
        if int(sims[:, k].argmax()) != k:
            continue
        valid += 1
        if valid <= _NTH[0]:
            continue
        start = fr[k - 1][1]  # drop ", clause"
        return _replace(story, line, start, fr[k][1], "", "clause", en[k])
    return None


def plant_number(story: Story, others: list[Story]) -> Plant | None:
    candidates = []
    for line in range(min(len(story.en), len(story.fr))):
        en_values = {q.value for q in find_quantities(story.en[line], "en")}
        for q in find_quantities(story.fr[line], "fr"):
            text = story.fr[line][q.start : q.end]
            digits = [m for m in re.finditer(r"\d+", text)]
            if q.value in en_values and digits and q.kind != "year":
                candidates.append((line, q.start + digits[0].start(), q.start + digits[0].end()))
    found = _pick(candidates, story.docid, "number")
    if found is None:
        return None
    line, start, end = found
    old = story.fr[line][start:end]
    new = str(int(old) + 3 + _hash(story.docid) % 5) if len(old) < 5 else old[:-1] + str((int(old[-1]) + 3) % 10)
    return _replace(story, line, start, end, new, "number", None)


def _names(text: str, lang: str) -> list[tuple[int, int]]:
    """Capitalised words inside a sentence that are neither places, titles nor acronyms: most likely names."""
    places = find_names(text, lang)
    found = []
    tokens = tokenize(text)
    for before, token in zip(tokens, tokens[1:], strict=False):
        word = token.text
        if not (token.is_word and word[:1].isupper() and word[1:].islower() and len(word) >= 4):
            continue
        if before.text in '.!?:«"“' or fold(word) in title_words(lang) or fold(word) in title_words("en"):
            continue
        if any(p.start <= token.start < p.end for p in places):
            continue
        found.append((token.start, token.end))
    return found


def plant_name(story: Story, others: list[Story]) -> Plant | None:
    candidates = []
    for line in range(1, min(len(story.en), len(story.fr))):
        english = {story.en[line][s:e] for s, e in _names(story.en[line], "en")}
        candidates += [(line, s, e) for s, e in _names(story.fr[line], "fr") if story.fr[line][s:e] in english]
    found = _pick(candidates, story.docid, "name")
    if found is None:
        return None
    everything = " ".join(story.en + story.fr)
    pool = sorted(
        {
            o.fr[i][s:e]
            for o in others
            if o.docid != story.docid
            for i in range(1, min(len(o.fr), len(o.en)))
            for s, e in _names(o.fr[i], "fr")
            if o.fr[i][s:e] in {o.en[i][a:b] for a, b in _names(o.en[i], "en")}
        }
    )
    new = _pick([n for n in pool if n not in everything], story.docid, "new-name")
    line, start, end = found
    return _replace(story, line, start, end, new, "name", None) if new else None


def _places(kind_filter: set[str]) -> list[tuple[str, str]]:
    tables = name_tables("fr")
    return sorted(
        (p.key, p.text)
        for p in tables.by_key.values()
        if p.kind in kind_filter and re.fullmatch(r"[A-ZÉ][a-zéèëïô]+", p.text)
    )


def plant_place(story: Story, others: list[Story]) -> Plant | None:
    candidates = []
    for line in range(min(len(story.en), len(story.fr))):
        keys = {n.key for n in find_names(story.en[line], "en") if n.kind in ("country", "city")}
        candidates += [
            (line, n.start, n.end, n.key)
            for n in find_names(story.fr[line], "fr")
            if n.kind in ("country", "city") and n.key in keys
        ]
    found = _pick(candidates, story.docid, "place")
    if found is None:
        return None
    line, start, end, key = found
    kind = key.split(":")[0]
    everything = " ".join(story.fr)
    pool = [text for k, text in _places({kind}) if k != key and text not in everything]
    new = _pick(pool, story.docid, "new-place")
    return _replace(story, line, start, end, new, "place", None)


def plant_epithet(story: Story, others: list[Story]) -> Plant | None:
    """Replace "le pays", "la ville", ... by a country name when the English sentence has the description too."""
    candidates = []
    for line in range(1, min(len(story.en), len(story.fr))):
        for noun, english in DESCRIPTIONS.items():
            for match in re.finditer(rf"\b(?i:{_ARTICLE}{noun})\b(?! [A-ZÀ-Þ])", story.fr[line]):
                if any(re.search(rf"\b{w}\b", story.en[line], re.IGNORECASE) for w in english):
                    candidates.append((line, match.start(), match.end()))
    found = _pick(candidates, story.docid, "epithet")
    if found is None:
        return None
    line, start, end = found
    everything = " ".join(story.fr)
    pool = [text for _, text in _places({"country"}) if text not in everything and text[:1] not in "AEIOUÉ"]
    new = "le " + _pick(pool, story.docid, "epithet-place")
    fr = list(story.fr)
    fr[line] = fr[line][:start] + new + fr[line][end:]
    base = _offset(fr, line) + start + 3
    return Plant(story.docid, "epithet", tuple(fr), "target", base, base + len(new) - 3, new[3:])


def plant_title(story: Story, others: list[Story]) -> Plant | None:
    """Drop a French title ("le président", "le ministre de la Santé") right before a name that the English side
    also has right after a title."""
    courtesy = {"m", "mme", "mlle", "dr", "sir", "lord", "lady", "mr", "mrs", "ms"}
    french = "|".join(map(re.escape, sorted(title_words("fr") - courtesy, key=len, reverse=True)))
    english = "|".join(map(re.escape, sorted(title_words("en") - courtesy, key=len, reverse=True)))
    name = r"(?P<name>[A-Z][\w-]+(?: [A-Z][\w-]+)*)"
    qualifier = r"(?: (?:[a-zéèêàç-]+|d[eu] (?:la |l')?[A-ZÉ][\w-]+|de l'[A-ZÉ][\w-]+))"
    pattern = re.compile(rf"(?:\b(?:[Ll]e |[Ll]a |[Ll]'|[Ll]’))?(?<![\w-])(?i:{french}){qualifier}{{0,3}},? (?={name})")
    candidates = []
    for line in range(1, min(len(story.en), len(story.fr))):
        for match in pattern.finditer(story.fr[line]):
            surname = match.group("name").split()[-1]
            en = re.search(
                rf"((?:[A-Z][\w-]+ )*(?:{english.title()}|{english})(?: of(?: the)? [A-Z][\w-]+)*),? "
                rf"(?:[A-Z][\w.-]+ )*{re.escape(surname)}\b",
                story.en[line],
            )
            if en and en.group(1)[:1].isupper():
                candidates.append((line, match.start(), match.end(), en.start(1), en.end(1)))
    found = _pick(candidates, story.docid, "title")
    if found is None:
        return None
    line, start, end, en_start, en_end = found
    return _replace(story, line, start, end, "", "title", (en_start, en_end))


#: Titles put before a name on the English side only, when the stories hold too few titles the French drops.
_DETERMINERS = ("the", "a", "an", "of", "in", "at", "to", "his", "her", "its", "their", "this")
ADDED_TITLES = ("Senator", "Minister", "Director", "Governor", "Professor", "Ambassador", "Commissioner", "Mayor")


def plant_english_title(story: Story, others: list[Story]) -> Plant | None:
    """A title written before a full name ("Senator Julia Gillard") in the English only: the French lacks it."""
    candidates = []
    for line in range(1, min(len(story.en), len(story.fr))):
        for match in re.finditer(r"(?<=[a-z,] )([A-Z][a-z]+) [A-Z][a-z-]+\b(?! [A-Z])", story.en[line]):
            full, before = match.group(0), story.en[line][: match.start()].split()[-1]
            if not before[0].islower() or before in _DETERMINERS:
                continue
            titled = any(fold(w) in title_words("en") for w in full.split())
            if full in story.fr[line] and not titled and not find_names(full, "en"):
                candidates.append((line, match.start()))
    found = _pick(candidates, story.docid, "english-title")
    if found is None:
        return None
    line, start = found
    title = ADDED_TITLES[_hash(story.docid, line) % len(ADDED_TITLES)]
    en = list(story.en)
    en[line] = en[line][:start] + title + " " + en[line][start:]
    base = _offset(en, line) + start
    return Plant(story.docid, "title", story.fr, "source", base, base + len(title), title, tuple(en))


def plant_moved(story: Story, others: list[Story]) -> Plant | None:
    body = _body(story)
    if len(body) < 5:
        return None
    line = _pick(body, story.docid, "moved")
    targets = [i for i in range(1, len(story.fr)) if abs(i - line) >= 3]
    to = _pick(targets, story.docid, "moved-to")
    if to is None:
        return None
    fr = list(story.fr)
    text = fr.pop(line)
    fr.insert(to if to < line else to - 1, text)
    start = _offset(fr, fr.index(text))
    return Plant(story.docid, "moved", tuple(fr), "target", start, start + len(text), text)


def _encoder() -> Callable[[list[str]], object]:
    from aligner.encode import DEFAULT_ENCODER, shared_encoder

    encoder = shared_encoder(DEFAULT_ENCODER)
    return encoder.encode


def plants(stories: list[Story], per_kind: int, choices: int = 3, kinds: tuple[str, ...] = KINDS) -> Iterator[Plant]:
    """Up to ``per_kind`` plants of each of ``kinds``: each planter's first choice in every story, then its second,
    up to ``choices`` a story."""
    encode = _encoder()
    planters = {
        "omitted": plant_omitted,
        "added": plant_added,
        "clause": lambda s, o: plant_clause(s, o, encode),
        "number": plant_number,
        "name": plant_name,
        "place": plant_place,
        "epithet": plant_epithet,
        "title": plant_title,
        "moved": plant_moved,
    }
    for kind in kinds:
        made = 0
        for planter in (planters[kind], plant_english_title if kind == "title" else None):
            for nth in range(choices if planter else 0):
                _NTH[0] = nth
                for story in sorted(stories, key=lambda s: _hash(kind, s.docid)):
                    plant = planter(story, stories) if made < per_kind and planter else None
                    if plant is not None:
                        made += 1
                        yield plant
    _NTH[0] = 0


# ---- auditing, in worker processes ----

_TRANSLATORS: dict[str, Translator] = {}
_SENSITIVITY = [1.0]


def _audit(en: str, fr: str, french_first: bool = False) -> AuditResult:
    """The audit of the pair with English as the original, or French with ``french_first``."""
    from aligner.diagnose import DiagnoseOptions
    from aligner.pipeline import CompareOptions, compare, make_translator

    english, french = Document("en", "en", en), Document("fr", "fr", fr)
    source, target = (french, english) if french_first else (english, french)
    options = CompareOptions(diagnose=DiagnoseOptions(_SENSITIVITY[0]))
    if source.lang not in _TRANSLATORS:
        _TRANSLATORS[source.lang] = make_translator(source, target, options)
    return compare(source, target, options, translator=_TRANSLATORS[source.lang])


def _init(sensitivity: float) -> None:
    _SENSITIVITY[0] = sensitivity


def _text(lines: tuple[str, ...]) -> str:
    return "\n".join(lines) + "\n"


def audit_clean(job: tuple[Story, bool]) -> list[dict[str, object]]:
    """The findings on an unmodified story, English first, or French first (a reviewer auditing an English
    translation of French copy)."""
    story, french_first = job
    result = _audit(_text(story.en), _text(story.fr), french_first)
    return [_described(result, f) for f in result.findings]


def _described(result: AuditResult, finding) -> dict[str, object]:  # type: ignore[no-untyped-def]
    texts = {"source": "", "target": ""}
    for span in finding.spans:
        doc = result.source if span.side == "source" else result.target
        texts[span.side] += ("" if not texts[span.side] else " | ") + doc.text[span.start : span.end]
    return {
        "type": finding.type,
        "subtype": finding.subtype,
        "severity": finding.severity,
        "confidence": getattr(finding, "confidence", None),
        "message": finding.message,
        "source": texts["source"][:160],
        "target": texts["target"][:160],
    }


#: French first, the same planted change reads the other way round: what the French lost, the English added.
_REVERSED = {"omission": "addition", "addition": "omission"}


def audit_plant(job: tuple[Story, Plant, bool]) -> float:
    """The highest confidence of a finding of the right type with a span on the planted words (0: none). With
    French first the French side is the original: the finding's type and the planted words' side are reversed."""
    story, plant, french_first = job
    result = _audit(_text(plant.en or story.en), _text(plant.fr), french_first)
    wanted_type, subtypes = EXPECTED[plant.kind]
    side = plant.side
    if french_first:
        wanted_type = _REVERSED.get(wanted_type, wanted_type)
        side = "target" if side == "source" else "source"
    best = 0.0
    for finding in result.findings:
        if finding.type != wanted_type or (subtypes and finding.subtype not in subtypes):
            continue
        if any(s.side == side and s.start < plant.end and plant.start < s.end for s in finding.spans):
            best = max(best, finding.confidence)
    return best


def _threshold(sensitivity: float) -> float:
    from aligner.diagnose.severity import threshold

    return threshold(sensitivity)


def _sweep(
    stories: list[Story], clean: list[list[dict[str, object]]], planted: list[Plant], confidences: list[float]
) -> None:
    """Major-or-critical findings per story and the lowest recall of any kind at each confidence threshold."""
    for cutoff in [round(0.05 * i, 2) for i in range(2, 19)]:
        alarms = sum(1 for fs in clean for f in fs if f["severity"] != "minor" and f["confidence"] >= cutoff)
        minor = sum(1 for fs in clean for f in fs if f["severity"] == "minor" and f["confidence"] >= cutoff)
        recall = {
            kind: sum(hits) / len(hits) for kind, hits in _hits_by_kind(planted, [c >= cutoff for c in confidences])
        }
        worst = min(recall, key=lambda k: recall[k])
        print(
            f"  threshold {cutoff:.2f}: {alarms / len(stories):.3f} major-or-critical and "
            f"{minor / len(stories):.2f} minor per story, "
            f"lowest recall {recall[worst]:.3f} ({worst}); " + " ".join(f"{k} {v:.2f}" for k, v in recall.items())
        )


def _hits_by_kind(planted: list[Plant], found: list[bool]) -> list[tuple[str, list[bool]]]:
    """For each kind planted, in :data:`KINDS` order, whether each of its plants was found."""
    hits = [(kind, [ok for p, ok in zip(planted, found, strict=True) if p.kind == kind]) for kind in KINDS]
    return [(kind, kind_hits) for kind, kind_hits in hits if kind_hits]


def _recall(planted: list[Plant], found: list[bool], misses: bool, label: str) -> dict[str, float]:
    """Recall per planted kind, printed; with ``misses``, every planted error not found too."""
    recall: dict[str, float] = {}
    for kind, hits in _hits_by_kind(planted, found):
        recall[kind] = sum(hits) / len(hits)
        print(f"  recall{label} {kind:8s} {sum(hits):3d}/{len(hits):3d} = {recall[kind]:.3f}")
    if misses:
        for p, ok in zip(planted, found, strict=True):
            if not ok:
                print(f"  MISS{label} {p.kind} {p.docid} {p.side} {p.start}-{p.end}: {p.words[:100]!r}")
    return recall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench")
    parser.add_argument("--split", choices=("dev", "report"), default="dev")
    parser.add_argument("--per-kind", type=int, default=25)
    parser.add_argument(
        "--choices",
        type=int,
        default=3,
        help="most plants of one kind a story may hold (the planter's next choices)",
    )
    parser.add_argument("--kinds", default=",".join(KINDS), help="the kinds to plant, comma-separated")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--sweep", action="store_true", help="audit at sensitivity 1 and report every confidence threshold's figures"
    )
    parser.add_argument("--show", action="store_true", help="print every major or critical false alarm")
    parser.add_argument("--misses", action="store_true", help="print every planted error not found")
    args = parser.parse_args(argv)
    if not (args.data / "newstest2014-en-fr").is_dir():
        print(f"wire_audit: no newstest2014-en-fr under {args.data}", file=sys.stderr)
        return 2
    began = time.perf_counter()
    stories = read_stories(args.data, args.split)
    by_id = {s.docid: s for s in stories}
    kinds = tuple(k for k in args.kinds.split(",") if k)
    if not kinds or set(kinds) - set(KINDS):
        print(f"wire_audit: --kinds takes some of {','.join(KINDS)}", file=sys.stderr)
        return 2
    planted = list(plants(stories, args.per_kind, args.choices, kinds))
    sensitivity = 1.0 if args.sweep else 0.5
    with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(sensitivity,)) as pool:
        clean = list(pool.map(audit_clean, [(s, False) for s in stories]))
        reversed_clean = list(pool.map(audit_clean, [(s, True) for s in stories]))
        confidences = list(pool.map(audit_plant, [(by_id[p.docid], p, False) for p in planted], chunksize=4))
        reversed_confidences = list(pool.map(audit_plant, [(by_id[p.docid], p, True) for p in planted], chunksize=4))
    if args.sweep:
        _sweep(stories, clean, planted, confidences)
    cutoff = _threshold(0.5)
    clean = [[f for f in findings if f["confidence"] >= cutoff] for findings in clean]
    reversed_alarms = [
        (s.docid, f)
        for s, fs in zip(stories, reversed_clean, strict=True)
        for f in fs
        if f["confidence"] >= cutoff and f["severity"] != "minor"
    ]
    found = [value >= cutoff and value > 0 for value in confidences]
    found_reversed = [value >= cutoff and value > 0 for value in reversed_confidences]

    severities = Counter(f["severity"] for findings in clean for f in findings)
    alarms = [(s.docid, f) for s, fs in zip(stories, clean, strict=True) for f in fs if f["severity"] != "minor"]
    per_story = {sev: severities[sev] / len(stories) for sev in ("minor", "major", "critical")}
    print(f"{args.split}: {len(stories)} unmodified stories, {sum(len(s.en) for s in stories)} English lines")
    for sev, value in per_story.items():
        print(f"  {sev:9s} findings per story: {value:.3f}")
    by_kind = Counter((f["type"], f["subtype"]) for _, f in alarms)
    for (type_, subtype), count in by_kind.most_common():
        print(f"    major/critical {type_}/{subtype}: {count}")
    if args.show:
        for docid, f in alarms:
            print(f"  ALARM {docid} {f['type']}/{f['subtype']} {f['severity']} {f['confidence']}: {f['message']}")
            print(f"        EN: {f['source']}\n        FR: {f['target']}")
    print(f"  French as the original: {len(reversed_alarms) / len(stories):.3f} major-or-critical findings per story")
    if args.show:
        for docid, f in reversed_alarms:
            print(f"  ALARM (French first) {docid} {f['type']}/{f['subtype']} {f['severity']}: {f['message']}")
            print(f"        FR: {f['source']}\n        EN: {f['target']}")
    recall = _recall(planted, found, args.misses, "")
    reversed_recall = _recall(planted, found_reversed, args.misses, " (French first)")
    headline = {
        "split": args.split,
        "stories": len(stories),
        "major_or_critical_per_story": round(per_story["major"] + per_story["critical"], 3),
        "minor_per_story": round(per_story["minor"], 3),
        "french_first_major_or_critical_per_story": round(len(reversed_alarms) / len(stories), 3),
        "planted": len(planted),
        "recall": {k: round(v, 3) for k, v in recall.items()},
        "min_recall": round(min(recall.values()), 3),
        "french_first_recall": {k: round(v, 3) for k, v in reversed_recall.items()},
        "seconds": round(time.perf_counter() - began, 1),
    }
    print(json.dumps(headline))
    return 0


if __name__ == "__main__":
    sys.exit(main())

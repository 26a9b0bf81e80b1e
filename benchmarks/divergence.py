"""Divergence detection on REFreSD (EN-FR Wikipedia sentence pairs judged equivalent or divergent by humans).

Each pair is diagnosed as one aligned 1-1 link with the default offline pivot (the lexical translator, French
translated into English) and the default sentence encoder, every detector at full sensitivity. Three scores per
pair: the pivot's (:func:`aligner.diagnose.divergence_score`: the share of content weight without a counterpart, or
the strength of the surest finding), the encoder's cosine alone, and the tool's pair probability
(:func:`aligner.diagnose.semantic.pair_probability`, both combined). The tokens predicted divergent are those inside
a finding of at least a tuned strength (and every token of a pair whose score reaches a second tuned threshold).

Development and report halves: the pair model's weights were fitted on the even lines of ``sentences.tsv``
(``--fit`` refits them and prints them), so every threshold is tuned on the even half and every figure is reported
on the odd half; ROC-AUC needs no threshold and is reported on the odd half too. The flag-everything and
flag-nothing baselines are computed on the same half.

Sentence level: F1 of each class and their mean (macro-F1), divergent vs equivalent, and for each fine label against
``no_meaning_difference``. Token level (the dataset's tokenisation, both sides pooled over all pairs of the
report half): F1 of the divergent tokens (F1-DIV), of the others (F1-OK) and their product (F1-MUL), with a
token gold-divergent when at least one annotator marked it (as the official scorer does), and when two or more did.

    python benchmarks/divergence.py [--data ../shared/bench] [--fit]

The headline figures are printed last, as one line of JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aligner.diagnose import DiagnoseOptions, diagnose, divergence_score  # noqa: E402
from aligner.diagnose.semantic import BIAS, COSINE_WEIGHT, PIVOT_WEIGHT, DocumentSemantics  # noqa: E402
from aligner.diagnose.severity import strength, threshold  # noqa: E402
from aligner.diagnose.word_kinds import known_names  # noqa: E402
from aligner.diagnose.words import link_words  # noqa: E402
from aligner.encode import shared_encoder  # noqa: E402
from aligner.model import Finding, Link, PivotText, Segment  # noqa: E402
from aligner.translate import PivotOptions, build_translator  # noqa: E402

FINE_LABELS = ("some_meaning_difference", "unrelated")
GRID = [round(0.05 * i, 2) for i in range(1, 21)]  # 0.05 .. 1.0
NEVER = 2.0  # a threshold no score reaches


@dataclass(frozen=True)
class Pair:
    divergent: bool
    label: str
    en_tokens: tuple[str, ...]
    fr_tokens: tuple[str, ...]
    en_votes: tuple[int, ...]
    fr_votes: tuple[int, ...]


#: The pair scores compared: the pivot's alone, the encoder's cosine alone (1 - cosine), and the tool's probability.
SCORES = ("pivot", "cosine", "probability")


@dataclass(frozen=True)
class Scored:
    pair: Pair
    pivot: float
    cosine: float  # 1 - cosine, so that higher is more divergent, as for the other scores
    gap: float  # the document reference minus the cosine, as the pair model sees it
    probability: float
    #: (strength, side, start token, end token) of each finding span, in the dataset's tokens
    spans: tuple[tuple[float, str, int, int], ...]
    pivot_spans: tuple[tuple[float, str, int, int], ...]  # the same, of the findings made without the encoder


def load(folder: Path) -> list[Pair]:
    with (folder / "rationales.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    pairs = []
    for binary, label, en, fr, en_votes, fr_votes in rows:
        en_tokens, fr_tokens = tuple(en.split(" ")), tuple(fr.split(" "))
        votes = tuple(int(v) for v in en_votes.split()), tuple(int(v) for v in fr_votes.split())
        if len(votes[0]) != len(en_tokens) or len(votes[1]) != len(fr_tokens):
            raise SystemExit(f"rationales.tsv: token and vote counts differ for {en[:40]!r}")
        pairs.append(Pair(binary == "divergent", label, en_tokens, fr_tokens, *votes))
    return pairs


def _token_index(tokens: Sequence[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for token in tokens:
        spans.append((start, start + len(token)))
        start += len(token) + 1
    return spans


def score_pairs(pairs: list[Pair]) -> tuple[list[Scored], str]:
    """Diagnose every pair as a one-link document pair (the pivot's score from the pivot's findings, the findings
    reported with the encoder's evidence); map finding spans back to the dataset's tokens."""
    translator = build_translator(PivotOptions(backend="lexical"))
    encoder = shared_encoder()
    pivots = translator.translate([" ".join(p.fr_tokens) for p in pairs], "fr", "en")
    scored = []
    link = Link((0,), (0,), 1.0, 1.0)
    options = DiagnoseOptions(1.0)
    for pair, pivot in zip(pairs, pivots, strict=True):
        en, fr = " ".join(pair.en_tokens), " ".join(pair.fr_tokens)
        source, target = (Segment(0, en, 0, len(en), 0),), (Segment(0, fr, 0, len(fr), 0),)
        pivot_text = PivotText("target", "en", translator.signature(), (pivot,))
        by_pivot = diagnose(source, target, pivot_text, (link,), options, langs=("en", "fr"))
        findings = diagnose(source, target, pivot_text, (link,), options, langs=("en", "fr"), encoder=encoder)
        names = (known_names(source, "en"), known_names(target, "fr"))
        words = link_words(0, link, source, target, pivot_text, ("en", "fr"), names)
        semantics = DocumentSemantics(encoder, source, target, {0: link})
        score = divergence_score(words, by_pivot)
        cosine = semantics.cosine(link)
        scored.append(
            Scored(
                pair,
                score,
                1.0 - cosine,
                semantics.reference - cosine,
                semantics.probability(link, score),
                tuple(_token_spans(findings, pair)),
                tuple(_token_spans(by_pivot, pair)),
            )
        )
    return scored, f"{translator.signature()} + {encoder.signature()}"


def _token_spans(findings: Sequence[Finding], pair: Pair) -> list[tuple[float, str, int, int]]:
    index = {"source": _token_index(pair.en_tokens), "target": _token_index(pair.fr_tokens)}
    spans: list[tuple[float, str, int, int]] = []
    for finding in findings:
        for span in finding.spans:
            covered = [i for i, (s, e) in enumerate(index[span.side]) if s < span.end and span.start < e]
            if covered:
                spans.append((strength(finding), span.side, covered[0], covered[-1] + 1))
    return spans


# --- metrics ------------------------------------------------------------------------------------------------


def f1(gold: Sequence[bool], predicted: Sequence[bool], positive: bool = True) -> float:
    tp = sum(g == positive and p == positive for g, p in zip(gold, predicted, strict=True))
    fp = sum(g != positive and p == positive for g, p in zip(gold, predicted, strict=True))
    fn = sum(g == positive and p != positive for g, p in zip(gold, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    return (f1(gold, predicted, True) + f1(gold, predicted, False)) / 2


def roc_auc(gold: Sequence[bool], scores: Sequence[float]) -> float:
    """Probability that a divergent pair scores above an equivalent one (ties count half)."""
    positives = [s for g, s in zip(gold, scores, strict=True) if g]
    negatives = [s for g, s in zip(gold, scores, strict=True) if not g]
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def token_f1s(gold: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float]:
    div, ok = f1(gold, predicted, True), f1(gold, predicted, False)
    return {"F1-DIV": div, "F1-OK": ok, "F1-MUL": div * ok}


# --- predictions ----------------------------------------------------------------------------------------------


def token_gold(pairs: Sequence[Scored], min_votes: int) -> list[bool]:
    return [v >= min_votes for s in pairs for v in (*s.pair.en_votes, *s.pair.fr_votes)]


def token_predictions(pairs: Sequence[Scored], span_cut: float, pair_cut: float, encoder: bool = True) -> list[bool]:
    """Tokens inside a finding of at least ``span_cut``, or in a pair scoring at least ``pair_cut``; with
    ``encoder`` false, the pivot's own findings and score."""
    predicted: list[bool] = []
    for s in pairs:
        score, spans = (s.probability, s.spans) if encoder else (s.pivot, s.pivot_spans)
        for side, tokens in (("source", s.pair.en_tokens), ("target", s.pair.fr_tokens)):
            flags = [score >= pair_cut] * len(tokens)
            for value, span_side, start, end in spans:
                if span_side == side and value >= span_cut:
                    flags[start:end] = [True] * (end - start)
            predicted += flags
    return predicted


def tune_and_report(
    halves: tuple[list[Scored], list[Scored]],
    objective: Callable[[list[Scored], tuple[float, ...]], float],
    grid: Sequence[tuple[float, ...]],
) -> tuple[float, tuple[float, ...]]:
    """Tune on the development half, score on the report half: (score, thresholds chosen)."""
    development, report = halves
    best = max(grid, key=lambda params: objective(development, params))
    return objective(report, best), best


def sentence_report(halves: tuple[list[Scored], list[Scored]], label: str | None, score: str) -> dict[str, float]:
    """Macro-F1 (threshold tuned on the development half) and AUC on the report half, of divergent vs equivalent
    or of ``label`` vs no difference, for the pair score named ``score``."""

    def keep(s: Scored) -> bool:
        return label is None or s.pair.label in (label, "no_meaning_difference")

    def gold(pairs: Sequence[Scored]) -> list[bool]:
        return [s.pair.divergent if label is None else s.pair.label == label for s in pairs]

    def value(s: Scored) -> float:
        return float(getattr(s, score))

    subset = ([s for s in halves[0] if keep(s)], [s for s in halves[1] if keep(s)])
    values = sorted({round(value(s), 3) for s in subset[0]})

    def macro(pairs: list[Scored], params: tuple[float, ...]) -> float:
        return macro_f1(gold(pairs), [value(s) >= params[0] for s in pairs])

    tuned, chosen = tune_and_report(subset, macro, [(t,) for t in values])
    report = subset[1]
    return {
        "pairs": len(report),
        "macro_f1": tuned,
        "threshold": chosen[0],
        "auc": roc_auc(gold(report), [value(s) for s in report]),
        "flag_everything_macro_f1": macro_f1(gold(report), [True] * len(report)),
        "flag_nothing_macro_f1": macro_f1(gold(report), [False] * len(report)),
        "flag_everything_f1_divergent": f1(gold(report), [True] * len(report)),
    }


def token_report(halves: tuple[list[Scored], list[Scored]], min_votes: int, encoder: bool) -> dict[str, object]:
    def objective(pairs: list[Scored], params: tuple[float, ...]) -> float:
        return token_f1s(token_gold(pairs, min_votes), token_predictions(pairs, *params, encoder=encoder))["F1-MUL"]

    grid = [(span_cut, pair_cut) for span_cut in GRID for pair_cut in [*GRID[9:], NEVER]]
    _, chosen = tune_and_report(halves, objective, grid)
    report = halves[1]
    result = token_f1s(token_gold(report, min_votes), token_predictions(report, *chosen, encoder=encoder))
    baselines = {
        name: token_f1s(token_gold(report, min_votes), [flag] * len(token_gold(report, min_votes)))
        for name, flag in (("flag_everything", True), ("flag_nothing", False))
    }
    return {**result, "thresholds": chosen, **baselines}


def fit_pair_model(development: list[Scored]) -> list[float]:
    """Refit the pair model's (bias, cosine weight, pivot weight) on the development half by Newton's method on
    the logistic loss, with a little L2 to keep it finite."""
    features = np.array([[1.0, s.gap, s.pivot] for s in development])
    gold = np.array([s.pair.divergent for s in development], dtype=float)
    weights = np.zeros(3)
    for _ in range(50):
        predicted = 1 / (1 + np.exp(-features @ weights))
        gradient = features.T @ (predicted - gold) + 1e-2 * np.r_[0, weights[1:]]
        hessian = (features * (predicted * (1 - predicted))[:, None]).T @ features + 1e-2 * np.eye(3)
        weights -= np.linalg.solve(hessian, gradient)
    return [round(float(w), 3) for w in weights]


def sensitivity_report(scored: list[Scored]) -> list[dict[str, float]]:
    """What ``--sensitivity`` trades, untuned: a pair counts as flagged when it gets any finding at that setting."""
    rows = []
    for sensitivity in (0.0, 0.25, 0.5, 0.75, 1.0):
        cut = threshold(sensitivity)
        flagged = [any(value >= cut for value, *_ in s.spans) for s in scored]
        gold = [s.pair.divergent for s in scored]
        hits = sum(f and g for f, g in zip(flagged, gold, strict=True))
        rows.append(
            {
                "sensitivity": sensitivity,
                "precision": hits / sum(flagged) if any(flagged) else float("nan"),
                "recall": hits / sum(gold),
                "false_alarms": sum(f and not g for f, g in zip(flagged, gold, strict=True)) / gold.count(False),
            }
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark data folder")
    parser.add_argument("--fit", action="store_true", help="refit the pair model on the development half and print it")
    args = parser.parse_args(argv)
    folder = args.data / "refresd-en-fr"
    if not (folder / "rationales.tsv").is_file():
        parser.error(f"no REFreSD data at {folder}")
    pairs = load(folder)
    clock = time.perf_counter()
    scored, signature = score_pairs(pairs)
    seconds = time.perf_counter() - clock
    halves = (scored[0::2], scored[1::2])
    if args.fit:
        print(f"pair model refitted on the development half: {fit_pair_model(halves[0])}")
        print(f"in aligner/diagnose/semantic.py: {[BIAS, COSINE_WEIGHT, PIVOT_WEIGHT]}")

    sentence = {
        (score, label or "all"): sentence_report(halves, label, score)
        for score in SCORES
        for label in (None, *FINE_LABELS)
    }
    tokens = {
        f"{'with encoder' if encoder else 'pivot only'} >={votes}": token_report(halves, votes, encoder)
        for encoder in (True, False)
        for votes in (1, 2)
    }

    print(f"REFreSD EN-FR: {len(pairs)} pairs, {signature}, {seconds:.1f} s to diagnose")
    print("tuned on the development half (even pairs), reported on the other half (odd pairs)")
    print(
        "sentence level                       pairs  macro-F1  AUC    | flag-all macro-F1 (F1-div)  flag-none macro-F1"
    )
    for (score, name), r in sentence.items():
        print(
            f"  {score:11} {name:24}{r['pairs']:5}  {r['macro_f1']:.3f}   {r['auc']:.3f}  |  "
            f"{r['flag_everything_macro_f1']:.3f} ({r['flag_everything_f1_divergent']:.3f})            "
            f"{r['flag_nothing_macro_f1']:.3f}   threshold {r['threshold']}"
        )
    print("token level             F1-DIV  F1-OK  F1-MUL | flag-all DIV/OK/MUL   | flag-none DIV/OK/MUL")
    for name, t in tokens.items():
        every, none = t["flag_everything"], t["flag_nothing"]
        assert isinstance(every, dict) and isinstance(none, dict)
        print(
            f"  {name:22} {t['F1-DIV']:.3f}   {t['F1-OK']:.3f}  {t['F1-MUL']:.3f}  | "
            f"{every['F1-DIV']:.3f}/{every['F1-OK']:.3f}/{every['F1-MUL']:.3f}   | "
            f"{none['F1-DIV']:.3f}/{none['F1-OK']:.3f}/{none['F1-MUL']:.3f}   thresholds {t['thresholds']}"
        )
    print("sensitivity (untuned): pair flagged when it has any finding   precision  recall  flagged equivalent pairs")
    for row in sensitivity_report(scored):
        print(
            f"  {row['sensitivity']:.2f}                                                 {row['precision']:.3f}"
            f"      {row['recall']:.3f}   {row['false_alarms']:.3f}"
        )
    main_rows = sentence["probability", "all"], sentence["probability", "some_meaning_difference"]
    headline = {
        "pairs": main_rows[0]["pairs"],
        "half": "odd (report)",
        "signature": signature,
        "macro_f1": round(main_rows[0]["macro_f1"], 3),
        "auc": round(main_rows[0]["auc"], 3),
        "auc_some_vs_none": round(main_rows[1]["auc"], 3),
        "macro_f1_some_vs_none": round(main_rows[1]["macro_f1"], 3),
        "pivot_only_macro_f1": round(sentence["pivot", "all"]["macro_f1"], 3),
        "pivot_only_auc": round(sentence["pivot", "all"]["auc"], 3),
        "cosine_only_macro_f1": round(sentence["cosine", "all"]["macro_f1"], 3),
        "cosine_only_auc": round(sentence["cosine", "all"]["auc"], 3),
        "flag_everything_macro_f1": round(main_rows[0]["flag_everything_macro_f1"], 3),
        "token_f1_mul": round(float(tokens["with encoder >=1"]["F1-MUL"]), 3),  # type: ignore[arg-type]
        "token_f1_mul_2votes": round(float(tokens["with encoder >=2"]["F1-MUL"]), 3),  # type: ignore[arg-type]
        "pivot_only_token_f1_mul": round(float(tokens["pivot only >=1"]["F1-MUL"]), 3),  # type: ignore[arg-type]
    }
    print(json.dumps(headline))
    return 0


if __name__ == "__main__":
    sys.exit(main())

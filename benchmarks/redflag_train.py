"""Train the red-flag model (resources/knowledge/redflag_model.json) on the DEV split only.

    python -m benchmarks.redflag_train [--cv-only] [--folds 5]

One logistic regression per language over ``victimkit.analysis.redflags.features``: the
red-flag categories and scam-type strength of the lexicon, the structural signals of
lexicon.yaml (link, phone, call to action, deadline, problem, benefit, organisation) and their
pairs, warning words, and character bigrams (zh) or word uni/bigrams (en). Positives are the
``scam`` texts, negatives the ``ordinary`` ones; warnings and marketing spam are left out.

Pure Python and deterministic: fixed fold assignment (by a hash of the id), fixed example
order, Adagrad with L2, balanced class weights. The settings (L2 strength, whether to use
n-grams) and the decision threshold are chosen by k-fold cross-validation on dev: the threshold
maximises the model's out-of-fold F1 while keeping its out-of-fold false-positive rate on
ordinary texts at or below ``MAX_FP``; the setting maximises the out-of-fold F1 of the verdict
as shipped (rules or shape or model). Split ``train`` rows (extra ordinary texts) are used for
training only.
The held-out split is never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from pathlib import Path

from benchmarks.redflag_bench import load
from victimkit.analysis.redflags import (
    MODEL_FILE,
    SUSPICIOUS,
    check_text,
    features,
    find_matches,
    find_signals,
    model_may_flag,
)
from victimkit.paths import resource

MAX_FP = 0.01  # at most 1 % of ordinary dev texts flagged out of fold (the target is 3 %)
EPOCHS = 30
GRID = [
    # Only features that do not come from the phrase lexicon: the lexicon (categories, scam-type
    # strength) was tuned on dev, so it would make cross-validation on dev optimistic, and the
    # final verdict already has the lexicon's rules - the model is there for what they miss.
    {"l2": 1e-3, "ngrams": True, "lexicon": False},
    {"l2": 1e-4, "ngrams": True, "lexicon": False},
    {"l2": 1e-3, "ngrams": False, "lexicon": False},
]
MIN_DF = 3
MIN_GAIN = 0.01  # a language gets a model only if it raises out-of-fold F1 by this much
NGRAM_GAIN = 0.02  # n-grams only if they raise out-of-fold F1 by this much over no n-grams
KEEP = 1e-3  # weights smaller than this are not exported


def _fold(row_id: str, k: int) -> int:
    return int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % k


def _strip(feats: dict[str, float], cfg: dict) -> dict[str, float]:
    drop: tuple[str, ...] = ()
    if not cfg["ngrams"]:
        drop += ("c2:", "w:", "w2:")
    if not cfg.get("lexicon", True):
        drop += ("cat:", "type:")
    return {k: v for k, v in feats.items() if not k.startswith(drop)} if drop else feats


def train(xs: list[dict[str, float]], ys: list[int], l2: float) -> tuple[float, dict]:
    """Logistic regression by Adagrad; deterministic for the same input. Features seen in
    fewer than MIN_DF training texts are left out (smaller file, less memorising)."""
    df: dict[str, int] = {}
    for x in xs:
        for k in x:
            df[k] = df.get(k, 0) + 1
    xs = [{k: v for k, v in x.items() if df[k] >= MIN_DF} for x in xs]
    pos = sum(ys)
    neg = len(ys) - pos
    cw = {1: len(ys) / (2.0 * pos), 0: len(ys) / (2.0 * neg)}
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    b = 0.0
    gb2 = 0.0
    lr = 0.5
    order = list(range(len(xs)))
    rnd = random.Random(20240708)
    for _epoch in range(EPOCHS):
        rnd.shuffle(order)
        for i in order:
            x, y = xs[i], ys[i]
            z = b + sum(w.get(k, 0.0) * v for k, v in x.items())
            z = max(-30.0, min(30.0, z))
            p = 1.0 / (1.0 + math.exp(-z))
            g = (p - y) * cw[y]
            for k, v in x.items():
                gk = g * v + l2 * w.get(k, 0.0)
                g2[k] = g2.get(k, 0.0) + gk * gk
                w[k] = w.get(k, 0.0) - lr * gk / (math.sqrt(g2[k]) + 1e-8)
            gb2 += g * g
            b -= lr * g / (math.sqrt(gb2) + 1e-8)
    return b, w


def prob(b: float, w: dict, x: dict) -> float:
    z = b + sum(w.get(k, 0.0) * v for k, v in x.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def metrics(flags: list[bool], ys: list[int]) -> dict:
    tp = sum(1 for f, y in zip(flags, ys, strict=True) if f and y)
    fp = sum(1 for f, y in zip(flags, ys, strict=True) if f and not y)
    fn = sum(1 for f, y in zip(flags, ys, strict=True) if not f and y)
    neg = sum(1 for y in ys if not y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "fp_rate": fp / neg if neg else 0.0}


def choose_threshold(oof: list[float], base: list[bool], ys: list[int]) -> tuple[float, dict]:
    """The threshold with the best out-of-fold F1 among those that keep the false-positive rate
    at or below MAX_FP; of a plateau of equal F1, its middle (not an edge that just happens to
    fit the few texts of dev)."""
    scored = []
    for t in sorted({round(p, 4) for p in oof} | {0.5, 0.9, 0.99}):
        flags = [b or p >= t for b, p in zip(base, oof, strict=True)]
        m = metrics(flags, ys)
        if m["fp_rate"] <= MAX_FP:
            scored.append((t, m))
    if not scored:
        return 1.0, metrics(base, ys)
    top = max(m["f1"] for _t, m in scored)
    plateau = [(t, m) for t, m in scored if m["f1"] == top]
    return plateau[len(plateau) // 2]


def run(lang: str, k: int) -> dict:
    data = load(lang)
    rows = [r for r in data if r["split"] == "dev" and r["label"] in ("scam", "ordinary")]
    rows.sort(key=lambda r: r["id"])
    ys = [1 if r["label"] == "scam" else 0 for r in rows]
    full = [features(r["text"], lang=lang) for r in rows]
    may = [model_may_flag(find_matches(r["text"])[0], find_signals(r["text"])) for r in rows]
    # split "train": extra ordinary texts used for training only, never scored.
    extra = sorted((r for r in data if r["split"] == "train"), key=lambda r: r["id"])
    extra_x = [features(r["text"], lang=lang) for r in extra]
    extra_y = [1 if r["label"] == "scam" else 0 for r in extra]
    base = []  # what the rules and the shape say without the model
    for r in rows:
        base.append(check_text(r["text"], lang=lang, use_model=False).verdict == SUSPICIOUS)
    folds = [_fold(r["id"], k) for r in rows]
    # "Modern" subset: every ordinary text, and the scam texts that are not UCI's 2000s spam
    # (quotations from recent warnings, hand-written examples). Out-of-fold figures on it show
    # whether a setting generalises beyond the wording of the UCI corpus (round 4: the en model
    # with word n-grams scored 0.978 out of fold on all dev, then recalled 0.59 of fresh modern
    # quotations).
    modern = [y == 0 or "UCI SMS Spam" not in r["source"] for r, y in zip(rows, ys, strict=True)]

    def sub(flags: list[bool]) -> dict:
        keep = [i for i, m in enumerate(modern) if m]
        return metrics([flags[i] for i in keep], [ys[i] for i in keep])

    results = []
    for cfg in GRID:
        xs = [_strip(f, cfg) for f in full]
        oof = [0.0] * len(xs)
        for fold in range(k):
            tr = [i for i in range(len(xs)) if folds[i] != fold]
            b, w = train(
                [xs[i] for i in tr] + [_strip(f, cfg) for f in extra_x],
                [ys[i] for i in tr] + extra_y,
                cfg["l2"],
            )
            for i in range(len(xs)):
                if folds[i] == fold:
                    oof[i] = prob(b, w, xs[i]) if may[i] else 0.0
        # The threshold comes from the model alone: the rules were tuned on dev, so choosing
        # it with them would only fit the few texts they happen to miss.
        t, alone = choose_threshold(oof, [False] * len(ys), ys)
        flags = [b or p >= t for b, p in zip(base, oof, strict=True)]
        m = metrics(flags, ys)
        mod = sub(flags)
        mod_alone = sub([p >= t for p in oof])
        alone_t = t
        results.append(
            {"cfg": cfg, "threshold": t, "combined": m, "model_alone": alone, "modern": mod}
        )
        print(
            f"{lang} {cfg}: model alone OOF F1 {alone['f1']:.3f} (R {alone['recall']:.3f}, "
            f"FP {alone['fp_rate']:.2%}, t={alone_t}); rules+shape+model OOF F1 {m['f1']:.3f} "
            f"(P {m['precision']:.3f} R {m['recall']:.3f} FP {m['fp_rate']:.2%}, t={t}); "
            f"modern subset: combined F1 {mod['f1']:.3f} R {mod['recall']:.3f}, "
            f"model alone R {mod_alone['recall']:.3f}"
        )
    rules = metrics(base, ys)
    rules_mod = sub(base)
    print(
        f"{lang} rules+shape alone (the lexicon was tuned on dev, so optimistic): F1 "
        f"{rules['f1']:.3f} R {rules['recall']:.3f} FP {rules['fp_rate']:.2%}; modern subset "
        f"F1 {rules_mod['f1']:.3f} R {rules_mod['recall']:.3f}"
    )

    # The setting that gives the best out-of-fold F1 of the verdict as shipped (rules, shape and
    # model together); on a tie the simpler one (no n-grams). With n-grams the zh model mostly
    # learns "not a product review" (the ordinary zh texts are reviews) and flags ordinary
    # notifications; the out-of-fold numbers show it.
    # N-grams must earn their place: they learn the wording of the corpus the ordinary texts come
    # from (UCI's 2000s student chat, product reviews) as much as the scam, so a setting with
    # n-grams is taken only when it beats the best one without by more than NGRAM_GAIN (round 3:
    # en n-grams 1.000 out of fold against 0.990 without, with 2,495 weights against ~40 - not
    # taken).
    # Round 5: ranked first by the out-of-fold F1 on the modern subset (generalisation beyond
    # UCI's wording), then on all dev; n-grams must beat the best setting without them by more
    # than NGRAM_GAIN on both.
    def rank(r: dict) -> tuple:
        return (r["modern"]["f1"], r["combined"]["f1"], r["model_alone"]["f1"])

    plain = [r for r in results if not r["cfg"]["ngrams"]]
    chosen = max(plain, key=rank) if plain else max(results, key=rank)
    grams = [r for r in results if r["cfg"]["ngrams"]]
    if grams:
        best_grams = max(grams, key=rank)
        if (
            best_grams["combined"]["f1"] > chosen["combined"]["f1"] + NGRAM_GAIN
            and best_grams["modern"]["f1"] > chosen["modern"]["f1"] + NGRAM_GAIN
        ):
            chosen = best_grams
    if chosen["combined"]["f1"] < rules["f1"] + MIN_GAIN:
        print(f"{lang}: the model adds less than {MIN_GAIN} out-of-fold F1 - none shipped")
        return None
    xs = [_strip(f, chosen["cfg"]) for f in full]
    b, w = train(
        xs + [_strip(f, chosen["cfg"]) for f in extra_x], ys + extra_y, chosen["cfg"]["l2"]
    )
    weights = {kk: round(v, 4) for kk, v in sorted(w.items()) if abs(v) >= KEEP}
    return {
        "bias": round(b, 4),
        "threshold": chosen["threshold"],
        "weights": weights,
        "settings": chosen["cfg"],
        "cv": {
            "folds": k,
            "model_alone": {kk: round(v, 4) for kk, v in chosen["model_alone"].items()},
            "combined": {kk: round(v, 4) for kk, v in chosen["combined"].items()},
            "modern": {kk: round(v, 4) for kk, v in chosen["modern"].items()},
        },
        "trained_on": f"dev split: {sum(ys)} scam, {len(ys) - sum(ys)} ordinary; "
        f"train split: {len(extra_y)} ordinary",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true", help="report, do not write the model")
    args = ap.parse_args(argv)
    models = {lang: run(lang, args.folds) for lang in ("zh", "en")}
    models = {lang: m for lang, m in models.items() if m is not None}
    if args.cv_only:
        return 0
    out: Path = resource("knowledge", MODEL_FILE)
    payload = {
        "about": "Logistic regression over victimkit.analysis.redflags.features, trained on the "
        "dev split of benchmarks/data/redflags by benchmarks/redflag_train.py.",
        "models": models,
    }
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    sizes = {lang: len(m["weights"]) for lang, m in models.items()}
    print(f"wrote {out} ({sizes} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

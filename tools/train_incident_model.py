"""Train the Arabic incident judge (``src/rasid/data/models/incident_ar.json``).

Run from the project root, with the shared evaluation folder beside it and the training
extra installed (``pip install -e '.[train]'``):

    .venv/bin/python tools/train_incident_model.py [--shared ../shared] [--output PATH]

Data: the Open Event Data Alliance's Arabic event gold-standard sentences (MIT licence),
the dev halves of ``eval/arabic-event-gsr/{assault,protest}_gsr.dev.csv``: a sentence is a
positive when its annotators said ``yes``, a negative for ``easy no`` and ``difficult no``;
``ambiguous`` sentences are left out. Only weights derived from them ship, never their text.

For each class (ASSAULT, PROTEST) it picks the regularisation and the decision threshold by
stratified k-fold cross-validation of what the extractor does with the judge: an event is
kept when the rules find it *and* the judge agrees. It prints the cross-validated scores
(the honest estimate for unseen documents) and writes them into the model file, then fits
the final weights on all sentences.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rasid.extract.events import extract_events
from rasid.extract.report_model import encode_weights, hashed_features
from rasid.records import Document

NAME = "rasid.incident-ar"
VERSION = "1"
MIN_N, MAX_N, BUCKETS = 2, 5, 2**16
HEADS = {"ASSAULT": "assault", "PROTEST": "protest"}
C_GRID = (1.0, 2.0, 4.0, 8.0)
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(11))  # 0.20 ... 0.70


def read_rows(path: Path) -> list[dict[str, str]]:
    """The labelled sentences of one GSR file, without the ambiguous ones."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["label"] != "ambiguous"]


def rule_verdicts(rows: list[dict[str, str]], plover: str) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: do the rules alone code an asserted event of class ``plover``; and a claimed
    or alleged one (which the judge leaves alone, as the extractor does)."""
    asserted, other = [], []
    for row in rows:
        doc = Document(id=row["id"], text=row["text"], language="ar", published=None)
        events = [e for e in extract_events(doc, use_model=False) if e.plover == plover]
        asserted.append(any(e.modality == "asserted" for e in events))
        other.append(any(e.modality in ("claimed", "alleged") for e in events))
    return np.array(asserted, dtype=bool), np.array(other, dtype=bool)


def feature_matrix(rows: list[dict[str, str]]) -> csr_matrix:
    """Hashed n-gram features of every sentence, exactly as the extractor computes them."""
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for row in rows:
        features = hashed_features(row["text"], min_n=MIN_N, max_n=MAX_N, buckets=BUCKETS)
        for index, value in sorted(features.items()):
            indices.append(index)
            data.append(value)
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), BUCKETS))


def f1(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1."""
    tp = int((gold & predicted).sum())
    p = tp / max(int(predicted.sum()), 1)
    r = tp / max(int(gold.sum()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(
    x: csr_matrix, gold: np.ndarray, rules: tuple[np.ndarray, np.ndarray], *, folds: int, seed: int
) -> tuple[float, float, dict[str, float]]:
    """Best (C, threshold) by k-fold F1 of rules-and-judge, with that F1's precision and recall."""
    best: tuple[float, float, dict[str, float]] | None = None
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for c in C_GRID:
        probabilities = np.zeros(len(gold))
        for train, test in splitter.split(x, gold):
            model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
            model.fit(x[train], gold[train])
            probabilities[test] = model.predict_proba(x[test])[:, 1]
        for threshold in THRESHOLDS:
            p, r, score = f1(gold, (rules[0] & (probabilities >= threshold)) | rules[1])
            if best is None or score > best[2]["f1"]:
                best = (c, threshold, {"p": round(p, 4), "r": round(r, 4), "f1": round(score, 4)})
    assert best is not None
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--output", type=Path, default=Path("src/rasid/data/models/incident_ar.json"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    folder = args.shared / "eval" / "arabic-event-gsr"
    heads: dict[str, dict[str, object]] = {}
    for plover, stem in HEADS.items():
        rows = read_rows(folder / f"{stem}_gsr.dev.csv")
        gold = np.array([row["label"] == "yes" for row in rows], dtype=bool)
        rules = rule_verdicts(rows, plover)
        x = feature_matrix(rows)
        c, threshold, cv = cross_validate(x, gold, rules, folds=args.folds, seed=args.seed)
        p, r, score = f1(gold, rules[0] | rules[1])
        sys.stdout.write(
            f"{plover}: n={len(rows)} positives={int(gold.sum())} rules alone p={p:.4f} r={r:.4f} "
            f"f1={score:.4f}; rules+judge ({args.folds}-fold) p={cv['p']} r={cv['r']} f1={cv['f1']} "
            f"(C={c}, threshold={threshold})\n"
        )
        final = LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(x, gold)
        heads[plover] = {
            "bias": float(final.intercept_[0]),
            "threshold": threshold,
            "C": c,
            "trained_on": f"arabic-event-gsr/{stem}_gsr.dev.csv ({len(rows)} sentences)",
            "rules_alone": {"p": round(p, 4), "r": round(r, 4), "f1": round(score, 4)},
            "cross_validated": cv,
            "weights": encode_weights(final.coef_[0].tolist()),
        }
    model = {
        "name": NAME,
        "version": VERSION,
        "trained": date.today().isoformat(),
        "data_licence": "MIT (openeventdata/arabic_event_gsr)",
        "features": {"kind": "char_wb", "min_n": MIN_N, "max_n": MAX_N, "buckets": BUCKETS},
        "heads": heads,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {args.output}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Training the relevance model (offline, scikit-learn): labelled articles in, a `relevance.Model` out.

The examples are the development set's tune split and seeds (never its holdout) plus the editors'
labels (`RelevanceLabel`, the latest decision per article). Features come from the pipeline itself
(`extract` with a neutral model), so training and inference read an article the same way. Everything
is deterministic: inputs sorted by id, a fixed solver with no randomness, a threshold chosen on
out-of-fold scores with fixed folds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import numpy as np

from apps.tagging import relevance
from apps.tagging.gazetteer import Gazetteers
from apps.tagging.pipeline import extract

C = 1.0  # inverse regularisation strength of the logistic regression
C_GRID = (0.3, 1.0, 3.0)  # tried by `choose_c` on out-of-fold scores
NGRAM_SCALE = 0.5  # n-gram columns are scaled down: regularised harder than the named features
FOLDS = 5
BRIEF_CHARS = 250  # the lead kept in a brief example


@dataclass
class Example:
    id: str
    language: str
    split: str  # "tune", "holdout" or "label" (an editor's decision)
    in_scope: bool
    features: np.ndarray  # in relevance.NAMES order
    ngrams: np.ndarray
    category: str | None = None  # the codebook's out-of-scope category, when labelled


def example_of(
    record_id: str, title: str, text: str, gazetteers: Gazetteers, *, published: date | None,
    language: str | None, split: str, in_scope: bool, category: str | None = None,
) -> Example:  # fmt: skip
    extraction = extract(
        title, text, gazetteers, published=published, language=language,
        relevance_model=relevance.neutral_model(),
    )  # fmt: skip
    judged = extraction.relevance
    return Example(record_id, extraction.language, split, in_scope, judged.features, judged.ngrams, category)


def dataset_examples(records: list[dict], gazetteers: Gazetteers, *, briefs: bool = True) -> list[Example]:
    """Examples of devset.jsonl records (every split: callers pick), sorted by id. With `briefs`, each
    article also gives a second example, its headline and lead alone ("<id>#brief", same label): the
    codebook reads the main event from those, and wire briefs and feed teasers are that short."""
    out = []
    for record in sorted(records, key=lambda r: r["id"]):
        labels = record["labels"]
        published = date.fromisoformat(record["published"]) if record.get("published") else None
        texts = [(record["id"], record["text"])]
        if briefs:
            texts.append((f"{record['id']}#brief", lead_of(record["text"])))
        for rid, text in texts:
            out.append(
                example_of(
                    rid, record.get("title") or "", text, gazetteers, published=published,
                    language=record.get("language"), split=record.get("split", "tune"),
                    in_scope=labels.get("in_scope", bool(labels["events"])),
                    category=labels.get("out_of_scope"),
                )
            )  # fmt: skip
    return out


def lead_of(text: str, chars: int = BRIEF_CHARS) -> str:
    """The first lines of a body, up to about `chars` characters (a byline line does not count)."""
    kept: list[str] = []
    size = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        kept.append(line)
        if len(line) > 60:  # a paragraph, not a byline or a dateline
            size += len(line)
        if size >= chars:
            break
    return "\n".join(kept)


def label_examples(gazetteers: Gazetteers) -> list[Example]:
    """Examples of the articles editors decided on (the latest decision per article), sorted by id."""
    from apps.tagging.models import RelevanceLabel

    out = []
    for label in RelevanceLabel.objects.latest_per_article().select_related("article"):
        article = label.article
        published = article.published_at.date() if article.published_at else None
        out.append(
            example_of(
                f"article-{article.pk}", article.title, article.text, gazetteers, published=published,
                language=article.language or None, split="label", in_scope=label.in_scope,
            )
        )  # fmt: skip
    return sorted(out, key=lambda e: e.id)


def matrix(examples: list[Example], ngram_scale: float = NGRAM_SCALE):
    """The design matrix: named features in `feature_names()` order, then the n-gram buckets."""
    from scipy import sparse

    dense = np.vstack([e.features for e in examples]) if examples else np.zeros((0, len(relevance.NAMES)))
    rows, cols, vals = [], [], []
    for i, e in enumerate(examples):
        if len(e.ngrams):
            rows.extend([i] * len(e.ngrams))
            cols.extend(e.ngrams.tolist())
            vals.extend([ngram_scale / np.sqrt(len(e.ngrams))] * len(e.ngrams))
    grams = sparse.csr_matrix((vals, (rows, cols)), shape=(len(examples), 1 << relevance.NGRAM_BITS))
    return sparse.hstack([sparse.csr_matrix(dense), grams]).tocsr()


def choose_c(examples: list[Example]) -> tuple[float, np.ndarray]:
    """The regularisation with the best out-of-fold F1 (ties: the lower log loss), and its scores."""
    y = np.array([e.in_scope for e in examples], dtype=int)
    best: tuple | None = None
    for c in C_GRID:
        scores = out_of_fold(examples, c=c)
        f1 = _f1(scores >= choose_threshold(scores, y), y)
        clipped = np.clip(scores, 1e-6, 1 - 1e-6)
        log_loss = -float(np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped)))
        key = (round(f1, 6), -round(log_loss, 6))
        if best is None or key > best[0]:
            best = (key, c, scores)
    return best[1], best[2]


def fit(examples: list[Example], *, c: float = C, ngram_scale: float = NGRAM_SCALE,
        threshold: float | None = None, oof: np.ndarray | None = None) -> relevance.Model:  # fmt: skip
    """A logistic regression on the examples; the threshold is the best cut of the out-of-fold scores
    (`oof`, computed here when not given) unless `threshold` is given."""
    from sklearn.linear_model import LogisticRegression

    y = np.array([e.in_scope for e in examples], dtype=int)
    x = matrix(examples, ngram_scale)
    names = relevance.NAMES
    signs = np.array([relevance.expected_sign(n) for n in names])
    keep = np.ones(x.shape[1], dtype=bool)
    while True:  # drop the named features whose weight goes against the codebook, and refit
        classifier = LogisticRegression(C=c, solver="newton-cg", max_iter=1000, tol=1e-6)
        classifier.fit(x[:, keep], y)
        coef = np.zeros(x.shape[1])
        coef[keep] = classifier.coef_[0]
        wrong = (coef[: len(names)] * signs) < 0
        if not wrong.any():
            break
        keep[: len(names)] &= ~wrong
    if threshold is None:
        oof = out_of_fold(examples, c=c, ngram_scale=ngram_scale) if oof is None else oof
        threshold = choose_threshold(oof, y)
    return relevance.Model(
        weights=coef[: len(names)].copy(),
        ngram_weights=coef[len(names) :].astype(np.float32).astype(np.float64),
        intercept=float(classifier.intercept_[0]),
        threshold=threshold,
        ngram_scale=ngram_scale,
    )


def out_of_fold(examples: list[Example], *, c: float = C, ngram_scale: float = NGRAM_SCALE) -> np.ndarray:
    """Each example's score from a model that did not see it (fixed folds: every FOLDS-th by position,
    per class, so each fold holds both classes)."""
    scores = np.zeros(len(examples))
    folds = _folds(examples)
    for k in range(FOLDS):
        train = [e for e, f in zip(examples, folds, strict=True) if f != k]
        model = fit(train, c=c, ngram_scale=ngram_scale, threshold=0.5)
        for i, (e, f) in enumerate(zip(examples, folds, strict=True)):
            if f == k:
                scores[i] = model.score(e.features, e.ngrams)[0]
    return scores


def choose_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    """The cut with the best F1 on the scores (ties: the one nearest 0.5), midway between two scores."""
    candidates = sorted(set(np.round(scores, 6)))
    cuts = [0.5] + [(a + b) / 2 for a, b in zip(candidates, candidates[1:], strict=False)]
    best = max(cuts, key=lambda t: (round(_f1(scores >= t, y), 6), -abs(t - 0.5)))
    return float(round(best, 4))


def predict(model: relevance.Model, examples: list[Example]) -> np.ndarray:
    return np.array([model.score(e.features, e.ngrams)[0] for e in examples])


def precision_recall(predicted: np.ndarray, y: np.ndarray) -> tuple[float, float, int]:
    tp = int(np.sum(predicted & (y == 1)))
    fp = int(np.sum(predicted & (y == 0)))
    fn = int(np.sum(~predicted & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, len(y)


def _f1(predicted: np.ndarray, y: np.ndarray) -> float:
    p, r, _ = precision_recall(predicted, y)
    return 2 * p * r / (p + r) if p + r else 0.0


def _folds(examples: list[Example]) -> list[int]:
    """Folds by article: an article and its brief always fall in the same fold."""
    seen = {True: 0, False: 0}
    fold_of: dict[str, int] = {}
    out = []
    for e in examples:
        base = e.id.partition("#")[0]
        if base not in fold_of:
            fold_of[base] = seen[e.in_scope] % FOLDS
            seen[e.in_scope] += 1
        out.append(fold_of[base])
    return out


def is_brief(example: Example) -> bool:
    return example.id.endswith("#brief")


def fingerprint(examples: list[Example]) -> str:
    """A short hash of the training examples (ids, labels, features): the artifact says what made it."""
    digest = hashlib.sha256()
    for e in examples:
        digest.update(json.dumps([e.id, e.in_scope]).encode())
        digest.update(np.round(e.features, 9).tobytes())
        digest.update(e.ngrams.tobytes())
    return digest.hexdigest()[:16]

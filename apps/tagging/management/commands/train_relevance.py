"""`python manage.py train_relevance [--dataset tests/data/devset.jsonl] [--output PATH] [--no-labels]`

Retrains the relevance model from the development set (its tune split and the seeds, never the
holdout) plus the editors' labels, reports precision and recall before (the current artifact) and
after (the new model), and writes the versioned artifact that workers load. Offline and deterministic:
the same inputs write the same bytes. Needs scikit-learn (the test extra); inference does not.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from apps.tagging import relevance, training
from apps.tagging.evaluation import calibration_table, read_dataset
from apps.tagging.management.commands.extract import _gazetteers

DEFAULT_DATASET = Path("tests") / "data" / "devset.jsonl"


class Command(BaseCommand):
    help = (
        "Retrain the relevance model (development set tune split + editors' labels) and write its artifact."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dataset", default=str(DEFAULT_DATASET), help="labelled articles (JSON lines)")
        parser.add_argument("--output", default=str(relevance.ARTIFACT), help="where to write the artifact")
        parser.add_argument("--no-labels", action="store_true", help="leave the editors' labels out")

    def handle(self, *args, dataset: str, output: str, no_labels: bool = False, **options) -> None:
        try:
            import sklearn  # noqa: F401
        except ImportError as exc:
            raise CommandError("training needs scikit-learn: pip install -e '.[test]'") from exc
        path = Path(dataset)
        if not path.is_file():
            raise CommandError(f"no such file: {dataset}")
        try:
            records = read_dataset(path)
        except ValueError as exc:
            raise CommandError(f"{dataset} is not JSON lines: {exc}") from exc
        gazetteers = _gazetteers()
        examples = training.dataset_examples(records, gazetteers)
        tune = [e for e in examples if e.split != "holdout"]
        holdout = [e for e in examples if e.split == "holdout"]
        labels: list[training.Example] = []
        if not no_labels:
            try:
                labels = training.label_examples(gazetteers)
            except DatabaseError as exc:
                self.stderr.write(
                    f"no editors' labels read ({exc.__class__.__name__}); training without them"
                )
        train = tune + labels
        if len({e.in_scope for e in train}) < 2:
            raise CommandError("training needs articles labelled in scope and out of scope")
        articles = [e for e in tune if not training.is_brief(e)]
        holdout = [e for e in holdout if not training.is_brief(e)]
        self.stdout.write(
            f"training on {len(articles)} development articles (tune split and seeds, each also as a brief "
            f"of headline and lead) and {len(labels)} editors' labels; {len(holdout)} held out"
        )

        before = _current(Path(output))
        c, oof = training.choose_c(train)
        model = training.fit(train, c=c, oof=oof)
        y = np.array([e.in_scope for e in train])
        full = np.array([not training.is_brief(e) for e in train])
        model.info = {
            "dataset": path.name,
            "tune_articles": len(articles),
            "editor_labels": len(labels),
            "holdout_articles": len(holdout),
            "fingerprint": training.fingerprint(train),
            "C": c,
            "ngram_scale": training.NGRAM_SCALE,
            "out_of_fold": _pr_dict(oof[full] >= model.threshold, y[full]),
            "holdout": _pr_dict(training.predict(model, holdout) >= model.threshold, _labels(holdout)),
        }

        self.stdout.write(f"{'':<26}{'precision':>10}{'recall':>8}{'n':>6}")
        parts = [("tune", articles), ("holdout", holdout)] + ([("editors' labels", labels)] if labels else [])
        for name, group in parts:
            if not group:
                continue
            if before is not None:
                self._row(f"before, {name}", before, group)
            self._row(f"after, {name}", model, group)
        p, r, n = training.precision_recall(oof[full] >= model.threshold, y[full])
        self.stdout.write(f"{'after, out-of-fold, train':<26}{p:>10.3f}{r:>8.3f}{n:>6}")
        self.stdout.write(f"C {c}, threshold {model.threshold:.3f} (best F1 on out-of-fold scores)")
        self.stdout.write(
            "calibration (out-of-fold, train articles): score bin, articles, mean score, in scope"
        )
        for name, count, mean, rate in calibration_table(list(oof[full]), list(y[full])):
            self.stdout.write(f"  {name:<10}{count:>6}{mean:>8.3f}{rate:>8.3f}")

        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        relevance.default_model.cache_clear()
        self.stdout.write(f"wrote {out}")

    def _row(self, name: str, model: relevance.Model, group: list[training.Example]) -> None:
        p, r, n = training.precision_recall(training.predict(model, group) >= model.threshold, _labels(group))
        self.stdout.write(f"{name:<26}{p:>10.3f}{r:>8.3f}{n:>6}")


def _current(path: Path) -> relevance.Model | None:
    """The model the workers use now: the artifact at the output path, if it is one this code reads."""
    try:
        return relevance.load_model(path)
    except (OSError, ValueError, KeyError):
        return None


def _labels(group: list[training.Example]) -> np.ndarray:
    return np.array([e.in_scope for e in group], dtype=bool)


def _pr_dict(predicted: np.ndarray, y: np.ndarray) -> dict:
    p, r, n = training.precision_recall(predicted, y)
    return {"precision": round(p, 4), "recall": round(r, 4), "articles": n}

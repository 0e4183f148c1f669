"""`python manage.py evaluate_extraction DATASET.jsonl [--verbose]`: score the pipeline per field.

Relevance precision and recall with the calibration table, then the fields on in-scope articles; for
the whole set, the tune and holdout splits apart, and per language.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.tagging.evaluation import evaluate, read_dataset
from apps.tagging.management.commands.extract import _gazetteers


class Command(BaseCommand):
    help = "Relevance and per-field precision, recall and F1 of the extraction against labelled articles."

    def add_arguments(self, parser) -> None:
        parser.add_argument("dataset", help="labelled articles, one JSON object per line")
        parser.add_argument("--verbose", "-V", action="store_true", help="list every disagreement")

    def handle(self, *args, dataset: str, verbose: bool = False, **options) -> None:
        path = Path(dataset)
        if not path.is_file():
            raise CommandError(f"no such file: {dataset}")
        try:
            records = read_dataset(path)
        except ValueError as exc:
            raise CommandError(f"{dataset} is not JSON lines: {exc}") from exc
        evaluation = evaluate(records, _gazetteers())
        for line in evaluation.lines():
            self.stdout.write(line)
        if verbose:
            for miss in evaluation.misses:
                self.stdout.write(f"  {miss}")

"""`ingest SOURCE... [--sync]`: files, directories and http(s) URLs of feeds or pages (docs/contracts.md)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.news import inputs
from apps.news.ingest import ArticleInput, Outcome
from apps.news.tasks import ingest_remote
from apps.pipeline.processing import process_here


class Command(BaseCommand):
    help = (
        "Ingest files (.txt, .html, .xml/.rss/.atom, .jsonl), directories of them, or http(s) URLs of feeds "
        "or pages. Prints one line per article and a summary; exits non-zero if any input failed. Without "
        "--sync, tagging (and remote fetching) is queued for the Celery workers."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("sources", nargs="+", metavar="SOURCE")
        parser.add_argument("--sync", action="store_true", help="do all the work here, including tagging")

    def handle(self, *args, sources: list[str], sync: bool, **options) -> None:
        counts: Counter[str] = Counter()
        for source in sources:
            outcomes = self._outcomes(source, sync=sync)
            if sync:  # tag here, a batch at a time, what this source stored
                outcomes = self._processed(list(outcomes))
            for outcome in outcomes:
                counts[outcome.status] += 1
                style = self.style.ERROR if outcome.status == "failed" else (lambda s: s)
                self.stdout.write(style(outcome.line()))
        summary = ", ".join(f"{counts[k]} {k}" for k in ("created", "duplicate", "queued", "failed"))
        self.stdout.write(f"summary: {summary}")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} input(s) failed")

    def _outcomes(self, source: str, *, sync: bool):
        if source.startswith(("http://", "https://")):
            if sync:
                yield from inputs.ingest_remote(source, enqueue=False)
            else:
                ingest_remote.delay(source)
                yield Outcome("queued", source)
            return
        if "://" in source:
            yield Outcome("failed", source, reason="only http(s) URLs and local paths are ingested")
            return
        path = Path(source)
        if not path.exists():
            yield Outcome("failed", source, reason="no such file or directory")
            return
        files = inputs.files_under(path)
        # A directory shows a progress bar (on stderr, so the per-article lines stay clean on stdout).
        bar = tqdm(files, unit="file", file=sys.stderr, disable=not path.is_dir() or not sys.stderr.isatty())
        yield from inputs.store_in_chunks(self._read(bar), enqueue=not sync)

    def _read(self, files: Iterable[Path]) -> Iterator[ArticleInput | Outcome]:
        """The articles of every file, stored in chunks across files (a directory of small files too)."""
        for file in files:
            try:
                yield from inputs.read_file(file)
            except OSError as exc:
                yield Outcome("failed", str(file), reason=f"cannot read: {exc.strerror or exc}")

    def _processed(self, outcomes: list[Outcome]) -> list[Outcome]:
        failures = process_here([o.article_id for o in outcomes if o.status == "created"])
        return [
            Outcome("failed", o.url, o.article_id, failures[o.article_id]) if o.article_id in failures else o
            for o in outcomes
        ]

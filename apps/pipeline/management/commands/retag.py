"""`python manage.py retag [--all | --since YYYY-MM-DD]`: re-run tagging and event building."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from apps.news.models import Article
from apps.pipeline.processing import retag


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since must be YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = "Re-run tagging and event building on stored articles (all, or published/fetched since a date)."

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--all", action="store_true", help="every stored article (the default)")
        group.add_argument("--since", type=_date, help="articles published or fetched on or after YYYY-MM-DD")

    def handle(self, *args, since: date | None = None, **options) -> None:
        articles = Article.objects.to_retag(since=since)
        done = failed = 0
        for article, error in retag(articles.iterator(chunk_size=100)):
            if error is None:
                done += 1
            else:
                failed += 1
                self.stderr.write(f"failed: article {article.pk}: {error}")
        self.stdout.write(f"re-tagged {done} article(s), {failed} failed")
        if failed:
            raise CommandError(f"{failed} article(s) failed")

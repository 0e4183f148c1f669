"""`add_feed URL [--name NAME]`: register a feed and its publisher."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from apps.news.fetching import FetchError
from apps.news.inputs import add_feed


class Command(BaseCommand):
    help = "Register an RSS/Atom feed (and its source, known by its domain)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("url")
        parser.add_argument("--name", default="")

    def handle(self, *args, url: str, name: str, **options) -> None:
        try:
            feed, created = add_feed(url, name=name)
        except FetchError as exc:
            raise CommandError(exc.reason) from None
        verb = "added" if created else "exists"
        self.stdout.write(f"{verb} feed #{feed.pk} {feed.url} (source: {feed.source.domain})")

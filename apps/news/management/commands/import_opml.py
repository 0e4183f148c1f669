"""`import_opml FILE`: register every feed listed in an OPML file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.news.feeds import FeedError, parse_opml
from apps.news.fetching import FetchError
from apps.news.inputs import add_feed


class Command(BaseCommand):
    help = "Register every feed (outline with xmlUrl) of an OPML file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, file: str, **options) -> None:
        try:
            entries = parse_opml(Path(file).read_bytes())
        except (OSError, FeedError) as exc:
            raise CommandError(str(exc)) from None
        added = existing = failed = 0
        for url, title in entries:
            try:
                feed, created = add_feed(url, name=title)
            except FetchError as exc:
                failed += 1
                self.stdout.write(self.style.ERROR(f"failed {url}: {exc.reason}"))
                continue
            added += created
            existing += not created
            self.stdout.write(f"{'added' if created else 'exists'} feed #{feed.pk} {feed.url}")
        self.stdout.write(f"summary: {added} added, {existing} existing, {failed} failed")
        if failed:
            raise CommandError(f"{failed} feed(s) could not be registered")

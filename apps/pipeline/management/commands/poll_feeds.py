"""`poll_feeds [--sync] [--all]`: poll the feeds that are due (or all enabled ones)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.news import polling
from apps.news.models import Article, Feed
from apps.news.tasks import poll_feed
from apps.pipeline.processing import process_here


class Command(BaseCommand):
    help = "Claim and poll the due feeds (--all: every enabled feed). Without --sync the polls are queued."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--sync", action="store_true", help="poll here instead of queueing")
        parser.add_argument(
            "--all", action="store_true", dest="include_not_due", help="poll feeds not yet due"
        )

    def handle(self, *args, sync: bool, include_not_due: bool, **options) -> None:
        ids = polling.claim_due_feeds(include_not_due=include_not_due)
        if not sync:
            for feed_id in ids:
                poll_feed.delay(feed_id)
            self.stdout.write(f"queued {len(ids)} feed(s)")
            return
        for feed_id in ids:
            result = polling.poll_feed(feed_id, sync=True)
            process_here(
                list(
                    Article.objects.filter(feed_id=feed_id)
                    .lost(cutoff=timezone.now())
                    .values_list("pk", flat=True)
                )
            )
            feed = Feed.objects.get(pk=feed_id)
            detail = f": {result.detail}" if result.detail else ""
            self.stdout.write(f"{result.status} {result.new_items} new {feed.url}{detail}")
        self.stdout.write(f"polled {len(ids)} feed(s)")

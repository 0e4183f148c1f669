"""`python manage.py seed`: load the reference data and the seed articles and events (idempotent)."""

from django.core.management.base import BaseCommand

from apps.events.seeding import seed


class Command(BaseCommand):
    help = (
        "Loads every country and bloc, the topic taxonomy, the actors, the five seed articles and their "
        "curated events into the current database. Safe to run again: it upserts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reference-only",
            action="store_true",
            help="Load countries, aliases, topics, actors and groups only; no articles or events.",
        )

    def handle(self, *args, reference_only: bool = False, **options) -> None:
        report = seed(reference_only=reference_only)
        summary = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Seed data loaded: {summary or 'nothing to do'}"))

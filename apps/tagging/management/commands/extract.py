"""`python manage.py extract FILE|- [--published YYYY-MM-DD] [--title TITLE] [--url URL]`

Runs the tagging pipeline on one text and prints the Extraction JSON; touches no database rows
(it reads the gazetteers from the database, or from fixtures/ when the database has none).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.geo.models import Country
from apps.tagging import gazetteer
from apps.tagging.pipeline import extract


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--published must be YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = "Run the tagging pipeline on one text and print the Extraction as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a UTF-8 text file (first line is the title unless --title), or -")
        parser.add_argument("--published", type=_date, default=None, help="publication date, YYYY-MM-DD")
        parser.add_argument("--title", default=None, help="the headline (the whole file is then the body)")
        parser.add_argument("--url", default=None, help="the article's URL (for the record; not used to tag)")

    def handle(self, *args, file: str, published: date | None, title: str | None, **options) -> None:
        if file == "-":
            raw = sys.stdin.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"no such file: {file}")
            raw = path.read_text(encoding="utf-8", errors="replace")
        if title is None:
            title, _, body = raw.lstrip("\ufeff").partition("\n")
        else:
            body = raw
        extraction = extract(title.strip(), body, _gazetteers(), published=published)
        self.stdout.write(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))


def _gazetteers() -> gazetteer.Gazetteers:
    try:
        has_rows = Country.objects.exists()
    except Exception:  # noqa: BLE001 - no database (or not migrated): the fixtures stand in
        has_rows = False
    return gazetteer.load() if has_rows else gazetteer.from_fixtures()

"""Regenerate fixtures/countries.json from CLDR data (run after upgrading Babel)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.geo.cldr import country_records


class Command(BaseCommand):
    help = "Writes fixtures/countries.json: ISO countries and blocs with CLDR names in many languages."

    def handle(self, *args, **options) -> None:
        path = Path(settings.BASE_DIR) / "fixtures" / "countries.json"
        records = country_records()
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(f"wrote {len(records)} countries and blocs to {path}")

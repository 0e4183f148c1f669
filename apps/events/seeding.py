"""Loading the reference data and the seed articles with their curated events, idempotently.

Every loader upserts on a natural key (country code, topic slug, actor slug, article URL, event
source), so `seed` can run any number of times and leaves the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from apps.actors.models import Actor, ActorAlias
from apps.events.models import Event, EventActor, EventSource
from apps.events.readings import EDITOR_FIELDS
from apps.geo.models import Country, CountryAlias
from apps.news.models import Article, Source
from apps.tagging.gazetteer import bump_version
from apps.tagging.models import Topic
from apps.tagging.service import tag_articles

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

EDITORS = "Editors"
VIEWERS = "Viewers"
# Editors change every record of the tracker; viewers (read-only staff) only look.
_EDITED_APPS = ("geo", "actors", "news", "events", "tagging")


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def _read(name: str) -> list[dict]:
    path = FIXTURES / name
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def load_countries(report: SeedReport) -> None:
    records = _read("countries.json")
    Country.objects.bulk_create(
        [Country(code=r["code"], kind=r["kind"], name=r["name"], names=r["names"]) for r in records],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["kind", "name", "names"],
    )
    for rec in records:
        if rec["members"]:
            Country.objects.get(code=rec["code"]).members.set(rec["members"])
    report.add("countries", len(records))


def load_country_aliases(report: SeedReport) -> None:
    for rec in _read("country_aliases.json"):
        CountryAlias.objects.update_or_create(
            country_id=rec["country"],
            name=rec["name"],
            defaults={"language": rec.get("language", ""), "weak": rec.get("weak", False)},
        )
        report.add("country aliases")


def load_topics(report: SeedReport) -> None:
    for rec in _read("topics.json"):
        Topic.objects.update_or_create(
            slug=rec["slug"],
            defaults={
                "name": rec["name"],
                "names": rec.get("names", {}),
                "keywords": rec.get("keywords", {}),
            },
        )
        report.add("topics")


def load_actors(report: SeedReport) -> None:
    for rec in _read("actors.json"):
        actor, _ = Actor.objects.update_or_create(
            slug=rec["slug"],
            defaults={
                "name": rec["name"],
                "kind": rec.get("kind", Actor.Kind.OTHER),
                "country_id": rec.get("country"),
                "wikidata_id": rec.get("wikidata_id", ""),
                "website": rec.get("website", ""),
                "description": rec.get("description", ""),
            },
        )
        for alias in rec.get("aliases", []):
            ActorAlias.objects.get_or_create(
                actor=actor, name=alias["name"], defaults={"language": alias.get("language", "")}
            )
        report.add("actors")


def ensure_groups() -> None:
    """The Editors group may change everything; Viewers may only view."""
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    viewers, _ = Group.objects.get_or_create(name=VIEWERS)
    perms = Permission.objects.filter(content_type__app_label__in=_EDITED_APPS)
    editors.permissions.set(perms)
    viewers.permissions.set(perms.filter(codename__startswith="view_"))


def find_actor(name: str, country: str | None) -> Actor:
    """The stored actor this label names (by name or alias), created when the reference data lacks it.

    A label such as "KOFICE (Korea Foundation for International Cultural Exchange)" is tried whole,
    then as its short and long forms.
    """
    forms = [name]
    if "(" in name and name.endswith(")"):
        short, _, long = name[:-1].partition("(")
        forms += [short.strip(), long.strip()]
    for form in forms:
        matches = Actor.objects.filter(Q(name__iexact=form) | Q(aliases__name__iexact=form)).distinct()
        match = matches.filter(country_id=country).first() or matches.order_by("pk").first()
        if match is not None:
            return match
    slug = slugify(name)[:100] or "actor"
    actor, _ = Actor.objects.get_or_create(slug=slug, defaults={"name": name, "country_id": country})
    return actor


def _parse_label_date(value: str | None) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _source_for(publisher: dict) -> Source:
    source, _ = Source.objects.update_or_create(
        domain=publisher["domain"],
        defaults={
            "name": publisher["name"],
            "country_id": publisher.get("country"),
            "language": publisher.get("language", ""),
            "homepage": publisher.get("homepage", ""),
        },
    )
    return source


def _store_event(article: Article, label: dict, report: SeedReport) -> None:
    if EventSource.objects.filter(article=article, event__title=label["title"]).exists():
        return
    event = Event(
        title=label["title"],
        kind=label["kind"],
        date=_parse_label_date(label.get("date")),
        date_precision=label.get("date_precision") or "",
        end_date=_parse_label_date(label.get("end_date")),
        location=label.get("location") or "",
        summary=label.get("summary", ""),
        status=Event.Status.CONFIRMED,
        confidence=1.0,
        agreement_count=label.get("agreement_count"),
        editor_fields=list(EDITOR_FIELDS),  # a person's reading of the article: the machine keeps off it
    )
    event._change_reason = "seed: curated reading of the article"
    event.save()
    event.parties.set(label["parties"])
    topics = []
    for slug in label.get("topics", []):
        topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
        topics.append(topic)
    event.topics.set(topics)
    for actor_label in label.get("actors", []):
        actor = find_actor(actor_label["name"], actor_label.get("country"))
        EventActor.objects.get_or_create(event=event, actor=actor)
    evidence = label.get("evidence", "")
    start = article.text.find(evidence) if evidence else -1
    EventSource.objects.create(
        event=event,
        article=article,
        evidence=evidence,
        evidence_start=start if start >= 0 else None,
        evidence_end=start + len(evidence) if start >= 0 else None,
    )
    report.add("events")


def load_seed_articles(report: SeedReport) -> list[Article]:
    articles = []
    for rec in _read("seed_articles.json"):
        published = rec.get("published")
        published_at = (
            timezone.make_aware(datetime.combine(date.fromisoformat(published), time(12, 0)))
            if published
            else None
        )
        article, created = Article.objects.get_or_create(
            url=rec["url"],
            defaults={
                "title": rec["title"],
                "text": rec["text"],
                "language": rec["language"],
                "published_at": published_at,
                "source": _source_for(rec["publisher"]),
                "status": Article.Status.PROCESSED,
            },
        )
        report.add("articles created" if created else "articles present")
        for label in rec["events"]:
            _store_event(article, label, report)
        articles.append(article)
    return articles


def tag_seed_articles(articles: list[Article], report: SeedReport) -> None:
    """Record the pipeline's tags on the seed articles (their events are curated, not machine-built)."""
    tag_articles(articles)
    for _ in articles:
        report.add("articles tagged")


def seed(*, reference_only: bool = False) -> SeedReport:
    """Load everything: reference data, then (unless reference_only) the seed articles and events."""
    report = SeedReport()
    with transaction.atomic():
        load_countries(report)
        load_country_aliases(report)
        load_topics(report)
        load_actors(report)
        ensure_groups()
        # Bulk upserts send no signals: tell every process that the reference data moved.
        transaction.on_commit(bump_version)
        if reference_only:
            return report
        articles = load_seed_articles(report)
    tag_seed_articles(articles, report)
    return report

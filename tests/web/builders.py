"""Small builders for dashboard tests: rows created directly, so tests never depend on seed contents."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from apps.actors.models import Actor
from apps.events.models import Event, EventActor, EventSource
from apps.news.models import Article, Source

_counter = itertools.count(1)

COUNTRIES = {
    "ID": ("Indonesia", {"en": "Indonesia", "id": "Indonesia"}),
    "KR": ("South Korea", {"en": "South Korea", "id": "Korea Selatan"}),
    "CN": ("China", {"en": "China", "id": "Tiongkok"}),
    "JP": ("Japan", {"en": "Japan", "id": "Jepang"}),
    "SG": ("Singapore", {"en": "Singapore", "id": "Singapura"}),
    "US": ("United States", {"en": "United States", "id": "Amerika Serikat"}),
}


def make_actor(
    name: str, country: str | None = None, kind: str = "other", aliases: tuple[str, ...] = ()
) -> Actor:
    slug = name.lower().replace(" ", "-")
    actor = Actor.objects.create(name=name, slug=slug, kind=kind, country_id=country)
    for alias in aliases:
        actor.aliases.create(name=alias)
    return actor


def make_article(
    title: str = "", text: str = "", language: str = "id", publisher: str = "Korea.net"
) -> Article:
    n = next(_counter)
    source, _ = Source.objects.get_or_create(
        domain=f"{publisher.lower().replace(' ', '')}.example", name=publisher
    )
    return Article.objects.create(
        url=f"https://{source.domain}/news/{n}",
        title=title or f"Article {n}",
        text=text or f"Body of article {n}.",
        language=language,
        source=source,
        published_at=dt.datetime(2025, 11, 4, 9, 0, tzinfo=dt.UTC),
    )


def make_event(
    title: str = "",
    *,
    parties: tuple[str, ...] = ("ID", "KR"),
    kind: str = "agreement",
    date: dt.date | str | None = "2025-04-23",
    precision: str = "day",
    status: str = "confirmed",
    topics: tuple[str, ...] = (),
    actors: tuple[Actor, ...] = (),
    sources: int = 1,
    summary: str = "",
    location: str = "",
    evidence: str = "The two sides signed a memorandum of understanding.",
) -> Event:
    """An event with its parties (the pair index follows by signal), topics, actors and sources."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    event = Event.objects.create(
        title=title or f"Event {next(_counter)}",
        kind=kind,
        date=date,
        date_precision=precision if date else "",
        status=status,
        summary=summary,
        location=location,
        confidence=0.8,
    )
    event.parties.add(*parties)
    event.topics.add(*topics)
    for actor in actors:
        EventActor.objects.create(event=event, actor=actor, role="signatory")
    for _ in range(sources):
        EventSource.objects.create(event=event, article=make_article(), evidence=evidence)
    return event


def ids(response) -> list[int]:
    """Event ids in page order, read from the data-event-id attributes as a script would."""

    return [
        int(m)
        for m in re.findall(r'<li class="event-row[^"]*" data-event-id="(\d+)"', response.content.decode())
    ]

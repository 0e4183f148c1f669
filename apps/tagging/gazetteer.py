"""The pipeline's gazetteers: automata over country names, actors, topic keywords, event triggers
and cities, built from plain records.

`load()` builds them from the database once per process and rebuilds them when editors change a
country name, alias, actor or topic: the signals in `apps.tagging.signals` bump a version number
in the cache, and `load()` compares it on every call (one cache read). The static parts (cities,
triggers) are built once per process. `from_fixtures()` builds the same from the JSON files under
fixtures/, for the benchmark and for runs without a database.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from apps.tagging.actors import ActorInfo, actor_entries, normalize_name, org_word_entries
from apps.tagging.countries import country_entries
from apps.tagging.dates import cue_entries
from apps.tagging.kinds import trigger_entries
from apps.tagging.matcher import PhraseMatcher
from apps.tagging.orgs import field_key
from apps.tagging.places import CityGazetteer
from apps.tagging.topics import topic_entries

VERSION_KEY = "tagging:gazetteer-version"
FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


@dataclass
class Gazetteers:
    # One automaton, one pass: countries and actors (group "", payload ("c", code, weak) or ("a", index)),
    # topic keywords (group "topic", payload slug) and event triggers (group "trigger", (kind, weight)).
    entities: PhraseMatcher
    cities: CityGazetteer
    actors: list[ActorInfo]
    actor_names: dict[int, set[str]]  # normalised names and aliases of each actor (for evaluation)
    fuzzy_names: list[str]
    fuzzy_owners: list[int]
    actor_by_name: dict[str, list[int]]  # normalised name or alias -> the actors that carry it
    country_names: dict[str, str]  # code -> English name
    country_kinds: dict[str, str]
    bloc_members: dict[str, set[str]] = field(default_factory=dict)
    # (country, class, English field words) -> the actor: finds a known body named in another language
    actor_by_field: dict[tuple[str, str, frozenset[str]], int] = field(default_factory=dict)
    country_words: frozenset[str] = frozenset()  # words of country names in Latin script, lower case
    # the fuzzy names by their first word (lower case): a spelling variant is compared with those only
    fuzzy_by_word: dict[str, tuple[list[str], list[int]]] = field(default_factory=dict)
    version: int = 0


@cache
def static_parts() -> tuple[list, CityGazetteer]:
    """The trigger phrases and the city gazetteer: the same for every database."""
    return trigger_entries(), CityGazetteer()


def build(countries: list[dict], aliases: list[dict], actors: list[dict], topics: list[dict]) -> Gazetteers:
    """Gazetteers from plain records (the fixture formats; actors carry "aliases" as a list of names)."""
    trigger_entries, cities = static_parts()
    infos = [
        ActorInfo(a.get("id"), a["slug"], a["name"], a.get("kind", "other"), a.get("country")) for a in actors
    ]
    entities = PhraseMatcher(
        country_entries(countries, aliases) + actor_entries(actors),
        groups={
            "topic": topic_entries(topics),
            "trigger": trigger_entries,
            "org": org_word_entries(),
            "when": cue_entries(),
        },
    )
    fuzzy_names, fuzzy_owners = [], []
    actor_names: dict[int, set[str]] = {}
    actor_by_name: dict[str, list[int]] = {}
    for index, actor in enumerate(actors):
        names = {actor["name"], *actor.get("aliases", [])}
        actor_names[index] = {normalize_name(n) for n in names}
        for key in actor_names[index]:
            actor_by_name.setdefault(key, []).append(index)
        for name in names:
            if len(name) >= 8:  # short names and acronyms are too easy to hit by accident
                fuzzy_names.append(name)
                fuzzy_owners.append(index)
    country_words = frozenset(
        word
        for c in countries
        for name in (c["name"], *((c.get("names") or {}).values()))
        for word in name.lower().replace(",", " ").split()
        if name.isascii()
    )
    actor_by_field: dict[tuple[str, str, frozenset[str]], int] = {}
    for index, actor in enumerate(actors):
        key = field_key(actor["name"], country_words) if actor.get("country") else None
        if key:
            actor_by_field.setdefault((actor["country"], *key), index)
    fuzzy_by_word: dict[str, tuple[list[str], list[int]]] = {}
    for name, owner in zip(fuzzy_names, fuzzy_owners, strict=True):
        names, owners = fuzzy_by_word.setdefault(name.split(None, 1)[0].lower(), ([], []))
        names.append(name)
        owners.append(owner)
    return Gazetteers(
        fuzzy_by_word=fuzzy_by_word,
        actor_by_field=actor_by_field,
        country_words=country_words,
        entities=entities,
        cities=cities,
        actors=infos,
        actor_names=actor_names,
        fuzzy_names=fuzzy_names,
        fuzzy_owners=fuzzy_owners,
        actor_by_name=actor_by_name,
        country_names={c["code"]: c["name"] for c in countries},
        country_kinds={c["code"]: c.get("kind", "country") for c in countries},
        bloc_members={c["code"]: set(c.get("members") or []) for c in countries if c.get("members")},
    )


def from_fixtures(directory: Path = FIXTURES) -> Gazetteers:
    def read(name: str) -> list[dict]:
        path = directory / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []

    actors = [{**a, "aliases": [x["name"] for x in a.get("aliases", [])]} for a in read("actors.json")]
    return build(read("countries.json"), read("country_aliases.json"), actors, read("topics.json"))


def from_database() -> Gazetteers:
    # Imported here, not at the top: the pipeline imports this module's dataclasses and must run
    # without Django set up (`extract` on fixtures, the extraction benchmark).
    from apps.actors.models import Actor
    from apps.geo.models import Country, CountryAlias
    from apps.tagging.models import Topic

    countries = [
        {
            "code": c.code,
            "kind": c.kind,
            "name": c.name,
            "names": c.names,
            "members": [m.code for m in c.members.all()],
        }
        for c in Country.objects.prefetch_related("members")
    ]
    aliases = list(CountryAlias.objects.values("country", "name", "weak"))
    actors = [
        {
            "id": a.pk,
            "slug": a.slug,
            "name": a.name,
            "kind": a.kind,
            "country": a.country_id,
            "aliases": [x.name for x in a.aliases.all()],
        }
        for a in Actor.objects.prefetch_related("aliases").order_by("pk")
    ]
    topics = list(Topic.objects.values("slug", "keywords"))
    return build(countries, aliases, actors, topics)


_lock = threading.Lock()
_current: Gazetteers | None = None


def current_version() -> int:
    from django.core.cache import cache as django_cache

    try:
        return int(django_cache.get(VERSION_KEY) or 0)
    except Exception:  # noqa: BLE001 - a cache outage must not stop tagging; rebuild on next success
        return -1


def bump_version() -> None:
    """Called when reference rows change: every process rebuilds its gazetteers on its next call."""
    from django.core.cache import cache as django_cache

    try:
        django_cache.add(VERSION_KEY, 0, timeout=None)
        django_cache.incr(VERSION_KEY)
    except ValueError:
        django_cache.set(VERSION_KEY, 1, timeout=None)
    invalidate_local()


def invalidate_local() -> None:
    global _current
    with _lock:
        _current = None


def load() -> Gazetteers:
    """The gazetteers of this process, rebuilt from the database when their version moved."""
    global _current
    version = current_version()
    with _lock:
        if _current is None or (version >= 0 and _current.version != version):
            gazetteers = from_database()
            gazetteers.version = version
            _current = gazetteers
        return _current

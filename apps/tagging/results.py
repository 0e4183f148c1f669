"""What the pipeline returns: plain dataclasses, and their JSON form (the `extract` contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from apps.tagging.actors import ActorInfo, Candidate
from apps.tagging.dates import DateMention, format_date
from apps.tagging.relevance import Relevance


@dataclass
class CountryTag:
    code: str
    spans: list[tuple[int, int]]  # offsets in the article text (title mentions have none)
    is_party: bool = False


@dataclass
class ActorTag:
    index: int
    actor: ActorInfo
    spans: list[tuple[int, int]]


@dataclass
class EventResult:
    kind: str
    title: str
    date: date | None
    date_precision: str | None
    end_date: date | None = None
    location: str | None = None
    parties: list[str] = field(default_factory=list)
    actors: list[int] = field(default_factory=list)  # indexes into Gazetteers.actors
    topics: list[str] = field(default_factory=list)
    agreement_count: int | None = None
    confidence: float = 0.0
    evidence: str = ""
    evidence_span: tuple[int, int] | None = None  # offsets in the article text
    sentences: list[int] = field(default_factory=list, repr=False)  # the pipeline's sentence indexes

    @property
    def pairs(self) -> list[list[str]]:
        return [list(pair) for pair in combinations(sorted(self.parties), 2)]

    @property
    def date_text(self) -> str | None:
        return format_date(self.date, self.date_precision)


@dataclass
class Extraction:
    language: str
    title: str
    published_date: date | None
    countries: list[CountryTag]
    actors: list[ActorTag]
    topics: list[str]
    topic_spans: dict[str, list[tuple[int, int]]]
    dates: list[DateMention]  # offsets in the article text
    candidates: list[Candidate]
    events: list[EventResult]  # empty when the article is out of scope
    relevance: Relevance | None = None
    actor_infos: list[ActorInfo] = field(default_factory=list, repr=False)

    @property
    def mentioned_countries(self) -> list[str]:
        return sorted(tag.code for tag in self.countries)

    def to_json(self) -> dict:
        """The Extraction JSON of docs/contracts.md, key for key."""
        return {
            "language": self.language,
            "title": self.title,
            "published_date": self.published_date.isoformat() if self.published_date else None,
            "mentioned_countries": self.mentioned_countries,
            "actors": [
                {
                    "name": tag.actor.name,
                    "country": tag.actor.country,
                    "kind": tag.actor.kind,
                    "evidence": [list(span) for span in tag.spans],
                }
                for tag in self.actors
            ],
            "topics": self.topics,
            "relevance": self.relevance.to_json() if self.relevance else None,
            "events": [self._event_json(event) for event in self.events],
        }

    def _event_json(self, event: EventResult) -> dict:
        return {
            "kind": event.kind,
            "title": event.title,
            "date": event.date_text,
            "end_date": event.end_date.isoformat() if event.end_date else None,
            "date_precision": event.date_precision,
            "location": event.location,
            "parties": sorted(event.parties),
            "pairs": event.pairs,
            "actors": [
                {"name": self.actor_infos[i].name, "country": self.actor_infos[i].country}
                for i in event.actors
            ],
            "topics": event.topics,
            "agreement_count": event.agreement_count,
            "confidence": round(event.confidence, 2),
            "evidence": event.evidence,
        }

"""The extraction pipeline: text and gazetteers in, an `Extraction` out. No database access here.

gazetteers = gazetteer.load()            # or gazetteer.from_fixtures()
extraction = extract(title, text, gazetteers, published=date(2025, 11, 4))
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from apps.news.language import READ, detect_language
from apps.tagging import assembly, relevance
from apps.tagging.actors import recognise, with_body_offsets
from apps.tagging.countries import country_mentions
from apps.tagging.dates import DateMention, find_dates
from apps.tagging.gazetteer import Gazetteers
from apps.tagging.matcher import leftmost_longest
from apps.tagging.results import ActorTag, CountryTag, Extraction
from apps.tagging.text import Doc
from apps.tagging.topics import pick_topics, score_topics


def extract(
    title: str,
    text: str,
    gazetteers: Gazetteers,
    *,
    published: date | None = None,
    language: str | None = None,
    today: date | None = None,
    relevance_model: relevance.Model | None = None,
    in_scope: bool | None = None,
) -> Extraction:
    """Countries, actors, topics, dates and events of one article, with evidence offsets, and its
    relevance: an article out of scope (codebook section 1) keeps its tags but has no events.
    `relevance_model` defaults to the shipped artifact. `in_scope` is an editor's word on the article
    (promoted, or rejected as out of scope): it decides instead of the threshold; the score stays the
    model's."""
    doc = Doc.build(title, text)
    today = today or date.today()
    language = language or detect_language(doc.text[: doc.end], languages=READ)

    all_hits = gazetteers.entities.find_all(doc.text, doc.prepared, 0, doc.end)
    by_group: dict[str, list] = defaultdict(list)
    for hit in all_hits:
        by_group[hit.group].append(hit)
    entity_hits = leftmost_longest(by_group[""])
    # Known actors, offices and new organisations; `actor_infos` is the gazetteer's actors followed by
    # this article's new organisations (id None), which are also the candidates proposed to editors.
    found = recognise(doc, entity_hits, by_group["org"], gazetteers, language)
    actors, candidates, actor_infos = found.mentions, found.candidates, found.infos
    actor_countries = [a.country for a in actor_infos]
    countries = country_mentions(doc, entity_hits, {actor_countries[m.actor] for m in actors} - {None})

    when = by_group["when"]
    cues = (
        [h.start for h in when if h.payload == "relative"],
        [h.start for h in when if h.payload == "weekday"],
    )
    dates = find_dates(doc.text, 0, doc.end, published, today, cues)
    dates = [d for d in dates if doc.active(d.start, d.end)]
    if published is None:
        published = _published_from_text(doc, dates)
        if published:
            dates = [
                d
                for d in find_dates(doc.text, 0, doc.end, published, today, cues)
                if doc.active(d.start, d.end)
            ]

    trigger_hits = leftmost_longest(by_group["trigger"])
    sentences = assembly.build_sentences(doc, trigger_hits, dates, countries, actors)
    ctx = assembly.Context(
        doc=doc,
        sentences=sentences,
        countries=countries,
        actors=actors,
        actor_countries=actor_countries,
        published=published,
        country_names=gazetteers.country_names,
        city_gazetteer=gazetteers.cities,
        bloc_members=gazetteers.bloc_members,
    )
    kind, kind_confidence = assembly.choose_kind(assembly.score_kinds(sentences))
    events = assembly.build_events(ctx, kind, kind_confidence, doc.title)

    topic_hits = leftmost_longest(by_group["topic"])
    topic_counts = score_topics(doc, topic_hits, actors)
    topics = pick_topics(topic_counts)
    topic_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for hit in topic_hits:
        span = doc.to_body(hit.start, hit.end)
        if span and hit.payload in topics and doc.active(hit.start, hit.end):
            topic_spans[hit.payload].append(span)

    # The main event's actors: all but those only in side stories or in other events' sentences.
    elsewhere = {s.index for s in sentences if s.side} | {i for e in events[1:] for i in e.sentences}
    for event in events:
        if event is events[0]:
            event.topics = topics
            event.actors = _unique(m.actor for m in actors if doc.sentence_index(m.start) not in elsewhere)
        else:
            event.topics = _event_topics(doc, sentences, event, topic_hits, actors)

    features, ngrams = relevance.article_features(doc, countries, actors, actor_infos, candidates)
    judged = (relevance_model or relevance.default_model()).assess(features, ngrams)
    if in_scope is not None:
        judged.in_scope = in_scope
    if not judged.in_scope:
        events = []
    parties = {code for event in events[:1] for code in event.parties}
    return Extraction(
        language=language,
        title=doc.title,
        published_date=published,
        countries=_country_tags(doc, countries, parties),
        actors=_actor_tags(doc, actors, actor_infos),
        topics=topics,
        topic_spans=dict(topic_spans),
        dates=[_to_body(doc, d) for d in dates if doc.to_body(d.start, d.end)],
        candidates=with_body_offsets(doc, candidates),
        events=events,
        relevance=judged,
        actor_infos=actor_infos,
    )


def _published_from_text(doc: Doc, dates: list[DateMention]) -> date | None:
    """A reporting date ("dikutip Tagar pada Sabtu, 20 Maret 2021") stands in for missing metadata."""
    for mention in dates:
        if mention.precision == "day" and mention.explicit_year and assembly.is_publishing_date(doc, mention):
            return mention.value
    return None


def _event_topics(doc: Doc, sentences, event, topic_hits, actors) -> list[str]:
    counts: Counter = Counter()
    for index in event.sentences:
        counts.update(score_topics(doc, topic_hits, actors, sentences[index].start, sentences[index].end))
    return pick_topics(counts, minimum=1)


def _country_tags(doc: Doc, mentions, parties: set[str]) -> list[CountryTag]:
    spans: dict[str, list[tuple[int, int]]] = {code: [] for code in parties}
    for mention in mentions:
        span = doc.to_body(mention.start, mention.end)
        spans.setdefault(mention.code, [])
        if span:
            spans[mention.code].append(span)
    return [CountryTag(code, spans[code], code in parties) for code in sorted(spans)]


def _actor_tags(doc: Doc, mentions, infos) -> list[ActorTag]:
    spans: dict[int, list[tuple[int, int]]] = {}
    for mention in mentions:
        span = doc.to_body(mention.start, mention.end)
        spans.setdefault(mention.actor, [])
        if span:
            spans[mention.actor].append(span)
    return [ActorTag(index, infos[index], spans[index]) for index in spans]


def _to_body(doc: Doc, mention: DateMention) -> DateMention:
    start, end = doc.to_body(mention.start, mention.end)
    return DateMention(start, end, mention.value, mention.precision, mention.end_value, mention.explicit_year)


def _unique(values) -> list:
    seen: dict = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)

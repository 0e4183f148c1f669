"""From tagged sentences to events: the kind, the main event and its date, parties, place and count.

The rules, in the order they apply:
- Kind: trigger weights summed over the story (headline x3, lead x2); a collaboration story that
  also reports a signing is an agreement.
- Dates of events are the dates in sentences with a trigger, except reporting dates ("mengatakan
  pada 4 November", "dikutip … pada Sabtu"). Dates a few days apart are one event; the main event
  is the best-supported one, and one far from the publication date is background. Other dated
  events with an occurrence word ("digelar pada 26-27 Oktober 2024") become further events.
- Without a dated sentence the event takes the publication month ("baru-baru ini", reported on).
- Parties: countries in the headline, countries in the main event's sentences and in trigger
  sentences that also name a party, and the countries of actors there, except where a name is the
  place ("di Singapura"), inside a quotation, or a comparison ("negara seperti Amerika Serikat").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from apps.tagging.actors import ActorMention
from apps.tagging.countries import CountryMention
from apps.tagging.dates import DateMention, truncate
from apps.tagging.kinds import AGREEMENT, COLLABORATION, KINDS, OTHER, VISIT
from apps.tagging.matcher import Hit
from apps.tagging.places import DATELINE, find_location, in_location_phrase
from apps.tagging.results import EventResult
from apps.tagging.text import Doc

LEAD_SENTENCES = 4
# A date after a speech verb says when something was said ("mengungkapkan pada 4 November"): the
# event's date only when the story gives no other. After a publishing verb it is the publication.
_REPORTING = re.compile(
    r"(?:mengatakan|mengungkapkan|menyatakan|menjelaskan|menyebutkan|mengumumkan|menerangkan|diumumkan"
    r"|said|announced|stated|told|berkata|kata|ujar|ungkap|jelas)\b[^.\n]{0,40}$",
    re.IGNORECASE,
)
_PUBLISHING = re.compile(
    r"(?:dikutip|dilansir|diakses|dipublikasikan|diterbitkan|melaporkan|reported|published|quoted|updated"
    r"|diperbarui)\b[^.\n]{0,40}$",
    re.IGNORECASE,
)
_REPORTING_WORDS = ("meng", "meny", "menj", "mener", "diumum", "said", "announced", "stated", "told", "kata",
                    "ujar", "ungkap", "jelas")  # fmt: skip
_PUBLISHING_WORDS = (
    "diku", "dila", "diak", "dipu", "diter", "melap", "report", "publish", "quot", "updat", "dipe",
)  # fmt: skip
_OPINION = re.compile(
    r"^\s*(?:kolom|opini|opinion|column|editorial|analisis|commentary|tajuk)\b", re.I | re.M
)
_COMPARISON = {"seperti", "like", "selain", "than", "daripada", "dibanding", "dibandingkan", "versus", "vs"}
_SIDE_OPENERS = re.compile(
    r"\s*(?:baru-baru ini|sementara itu|di sisi lain|di tempat terpisah|secara terpisah|meanwhile|separately"
    r"|in other news|elsewhere|한편|另外|与此同时|一方)",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "lapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "十": 10,
}  # fmt: skip
_COUNT = re.compile(
    r"\b(?P<n>\d{1,3}|"
    + "|".join(k for k in _NUMBER_WORDS if k.isascii())
    + r")\s+(?:buah\s+|new\s+|dokumen\s+)?"
    r"(?:kerja\s?sama|perjanjian|kesepakatan|nota kesepahaman|memorandum|MoUs?|MOUs?|agreements?|accords?"
    r"|deals|pacts|memoranda|documents)\b"
    r"|(?P<k>\d{1,3})\s*(?:건의?|개의?)\s*(?:업무\s?)?(?:협약|양해각서|MOU|협정)"
    r"|(?P<c>\d{1,3}|[一二两三四五六七八九十]+)\s*(?:项|份|个)\s*(?:合作)?(?:协议|文件|谅解备忘录|协定)"
    r"|(?P<j>\d{1,3})\s*件の?\s*(?:協定|覚書|合意|協力文書)",
    re.IGNORECASE,
)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    in_title: bool
    side: bool = False
    triggers: list[tuple[str, float, int]] = field(default_factory=list)
    occurs: bool = False
    dates: list[DateMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)


@dataclass
class Context:
    doc: Doc
    sentences: list[Sentence]
    countries: list[CountryMention]
    actors: list[ActorMention]
    actor_countries: list[str | None]  # by actor index
    published: date | None
    country_names: dict[str, str]
    city_gazetteer: object
    bloc_members: dict[str, set[str]] = field(default_factory=dict)
    _cities: dict[int, list[Hit]] = field(default_factory=dict)
    _usable: dict[tuple[int, bool], bool] = field(default_factory=dict)

    def cities_near(self, pos: int) -> list[Hit]:
        """City names in the sentence around `pos` (matched on demand: few sentences need them)."""
        index = self.doc.sentence_index(pos)
        if index not in self._cities:
            start, end = self.doc.sentences[index] if self.doc.sentences else (0, self.doc.end)
            self._cities[index] = self.city_gazetteer.find_in(self.doc, start, end)
        return self._cities[index]


def build_sentences(
    doc: Doc,
    triggers: list[Hit],
    dates: list[DateMention],
    countries: list[CountryMention],
    actors: list[ActorMention],
) -> list[Sentence]:
    sentences = [Sentence(i, s, e, doc.in_title(s)) for i, (s, e) in enumerate(doc.sentences)]
    side_paragraphs = {
        i for i, (s, e) in enumerate(doc.paragraphs) if i >= 3 and _SIDE_OPENERS.match(doc.text, s, e)
    }
    for sentence in sentences:
        sentence.side = doc.paragraph_index(sentence.start) in side_paragraphs
    for hit in triggers:
        if not doc.active(hit.start, hit.end):
            continue
        sentence = sentences[doc.sentence_index(hit.start)]
        kind, weight = hit.payload
        if kind == "occurs":
            sentence.occurs = True
        else:
            sentence.triggers.append((kind, weight * (0.5 if doc.in_quote(hit.start) else 1.0), hit.start))
    for mention in dates:
        sentences[doc.sentence_index(mention.start)].dates.append(mention)
    for mention in countries:
        sentences[doc.sentence_index(mention.start)].countries.append(mention)
    for mention in actors:
        sentences[doc.sentence_index(mention.start)].actors.append(mention)
    return sentences


def score_kinds(sentences: list[Sentence]) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    body_seen = 0
    for sentence in sentences:
        factor = 3.0 if sentence.in_title else (2.0 if body_seen < LEAD_SENTENCES else 1.0)
        if not sentence.in_title:
            body_seen += 1
        if sentence.side:
            factor *= 0.3
        for kind, weight, _ in sentence.triggers:
            scores[kind] += weight * factor
    return scores


def choose_kind(scores: dict[str, float]) -> tuple[str, float]:
    """The kind with the most trigger weight; a collaboration that was signed is an agreement."""
    if not scores:
        return OTHER, 0.0
    kind = max(KINDS, key=lambda k: (scores.get(k, 0.0), -KINDS.index(k)))
    if kind == COLLABORATION and scores.get(AGREEMENT, 0.0) >= 3.0:
        kind = AGREEMENT
    total = sum(scores.values())
    return kind, scores[kind] / total if total else 0.0


def is_reporting_date(doc: Doc, mention: DateMention) -> bool:
    """A date that says when something was said, not when the event happened."""
    return _verb_before(doc, mention, _REPORTING, _REPORTING_WORDS)


def is_publishing_date(doc: Doc, mention: DateMention) -> bool:
    """A date that says when the story was published ("dikutip Tagar pada Sabtu, 20 Maret 2021")."""
    return _verb_before(doc, mention, _PUBLISHING, _PUBLISHING_WORDS)


def _verb_before(doc: Doc, mention: DateMention, pattern: re.Pattern, words: tuple[str, ...]) -> bool:
    start = max(0, mention.start - 60)
    window = doc.lower[start : mention.start]
    if not any(word in window for word in words):  # substring tests first: the regex is slower
        return False
    return bool(pattern.search(doc.text, start, mention.start))


def event_dates(ctx: Context) -> list[tuple[DateMention, Sentence]]:
    """Dates in trigger sentences; failing those, said-on dates and dates in the lead."""
    found, fallback = [], []
    body_seen = 0
    for sentence in ctx.sentences:
        if not sentence.in_title:
            body_seen += 1
        if sentence.side:
            continue
        for mention in sentence.dates:
            if is_publishing_date(ctx.doc, mention):
                continue
            if (sentence.triggers or sentence.occurs) and not is_reporting_date(ctx.doc, mention):
                found.append((mention, sentence))
            elif body_seen <= LEAD_SENTENCES or sentence.triggers or sentence.occurs:
                fallback.append((mention, sentence))
    return found or fallback


def cluster_dates(items: list[tuple[DateMention, Sentence]]) -> list[list[tuple[DateMention, Sentence]]]:
    clusters: list[list[tuple[DateMention, Sentence]]] = []
    for item in sorted(items, key=lambda x: x[0].value):
        mention = item[0]
        if clusters:
            last = clusters[-1][-1][0]
            close = (mention.value - (last.end_value or last.value)).days <= 3
            contained = (
                mention.precision != "day" and truncate(last.value, mention.precision) == mention.value
            )
            if close or contained:
                clusters[-1].append(item)
                continue
        clusters.append([item])
    return clusters


def cluster_score(cluster, kind: str, published: date | None) -> float:
    sentences = {s.index: s for _, s in cluster}
    score = 0.0
    for sentence in sentences.values():
        score += 1.0 + sum(w for k, w, _ in sentence.triggers if k == kind) / 3.0
        if sentence.in_title:
            score += 0.5
    best = best_mention(cluster)
    if published and abs((best.value - published).days) > 45:
        score -= 2.0
    if best.precision == "year":
        score -= 1.0
    return score


def best_mention(cluster) -> DateMention:
    order = {"day": 0, "month": 1, "year": 2}
    return min(
        (m for m, _ in cluster), key=lambda m: (order[m.precision], m.relative, m.end_value is None, m.start)
    )


def sentence_score(sentence: Sentence, kind: str, has_parties: set[str]) -> float:
    related = [w for k, w, _ in sentence.triggers if k == kind or (kind == AGREEMENT and k == COLLABORATION)]
    score = max(related, default=0.0)
    score += min(3, len(sentence.countries) + len(sentence.actors)) * 0.5
    if sentence.dates:
        score += 1.0
    if sentence.in_title:
        score -= 0.5
    return score - sentence.index * 0.01


def _related_trigger(sentence: Sentence, kind: str) -> bool:
    family = {kind, COLLABORATION, AGREEMENT} if kind in (AGREEMENT, COLLABORATION) else {kind}
    return any(k in family for k, _, _ in sentence.triggers)


def party_codes(
    ctx: Context,
    sentences: list[Sentence],
    title_sentences: list[Sentence],
    *,
    with_actors: bool = True,
    hosts: bool = False,
) -> list[str]:
    """Countries taking part; with `hosts` (a visit) the country visited counts too."""
    parties: set[str] = set()

    def usable(start: int, end: int) -> bool:
        key = (start, hosts)
        if key not in ctx._usable:
            ctx._usable[key] = _usable(ctx, start, end, hosts)
        return ctx._usable[key]

    for sentence in [*title_sentences, *sentences]:
        for mention in sentence.countries:
            if usable(mention.start, mention.end):
                parties.add(mention.code)
        for mention in sentence.actors if with_actors else ():
            country = ctx.actor_countries[mention.actor]
            if country and usable(mention.start, mention.end):
                parties.add(country)
    return sorted(parties)


def _usable(ctx: Context, start: int, end: int, hosts: bool) -> bool:
    """A name that can make a party: not a place (unless visited), not quoted, not a comparison."""
    doc = ctx.doc
    if doc.in_quote(start) or (
        not hosts and in_location_phrase(doc, start, end, lambda: ctx.cities_near(start))
    ):
        return False
    if doc.word_before(start) in _COMPARISON:
        return False
    return doc.word_before(start, 2).split()[0:1] != ["seperti"]


def count_agreements(doc: Doc, spans: list[tuple[int, int]]) -> int | None:
    for start, end in spans:
        m = _COUNT.search(doc.text, start, end)
        if m:
            raw = next(g for g in m.groups() if g)
            value = int(raw) if raw.isdigit() else _chinese_or_word(raw.lower())
            if value and 1 < value < 500:
                return value
    return None


def _chinese_or_word(raw: str) -> int | None:
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    if raw.startswith("十"):
        return 10 + _NUMBER_WORDS.get(raw[1:], 0)
    if "十" in raw:
        tens, _, ones = raw.partition("十")
        return _NUMBER_WORDS.get(tens, 1) * 10 + _NUMBER_WORDS.get(ones, 0)
    return None


def build_events(ctx: Context, kind: str, kind_confidence: float, title: str) -> list[EventResult]:
    doc = ctx.doc
    if _OPINION.match(doc.text, doc.body_offset, doc.body_offset + 200):
        return []  # a column argues; it reports no event of its own
    main_sentences = [s for s in ctx.sentences if not s.side]
    title_sentences = [s for s in main_sentences if s.in_title]
    clusters = cluster_dates(event_dates(ctx))
    main_cluster = max(clusters, key=lambda c: cluster_score(c, kind, ctx.published), default=None)

    # The evidence sentence: in the main cluster if there is one, else the best trigger sentence.
    pool = [s for _, s in main_cluster] if main_cluster else [s for s in main_sentences if s.triggers]
    body_pool = [s for s in pool if not s.in_title] or pool
    if not body_pool:
        return []
    if kind == OTHER and not main_cluster:
        return []  # no trigger and no date: nothing happened that the tracker can file
    evidence = max(body_pool, key=lambda s: sentence_score(s, kind, set()))
    core = {s.index: s for s in [evidence, *(s for _, s in main_cluster or [])]}
    parties = party_codes(ctx, list(core.values()), title_sentences, hosts=kind == VISIT)
    # Trigger sentences that name a party bring their other countries in ("… bersama Korea Selatan").
    for sentence in main_sentences:
        if sentence.index in core or sentence.in_title or not _related_trigger(sentence, kind):
            continue
        codes = {m.code for m in sentence.countries} | {
            ctx.actor_countries[a.actor] for a in sentence.actors if ctx.actor_countries[a.actor]
        }
        if codes & set(parties):
            parties = sorted(set(parties) | set(party_codes(ctx, [sentence], [], with_actors=False)))

    if main_cluster:
        mention = best_mention(main_cluster)
        event_date, precision, end_date = mention.value, mention.precision, mention.end_value
        event_date = truncate(event_date, precision)
    elif ctx.published:
        event_date, precision, end_date = date(ctx.published.year, ctx.published.month, 1), "month", None
    else:
        event_date, precision, end_date = None, None, None

    ordered = [evidence, *sorted(core.values(), key=lambda s: s.index), *title_sentences]
    location = _location(ctx, ordered) or _dateline(ctx, parties)
    if location is None:
        others = [s for s in main_sentences if (s.triggers or s.occurs) and s.index not in core]
        location = _location(ctx, others, cities_only=True)
    count_spans = [(s.start, s.end) for s in title_sentences] + [(s.start, s.end) for s in ordered]
    count_spans.append((doc.body_offset, doc.end))
    confidence = 0.35 + 0.25 * min(1.0, kind_confidence * 1.5)
    confidence += 0.2 if event_date else 0.0
    confidence += 0.2 if parties else 0.0
    main = EventResult(
        kind=kind,
        title=title,
        date=event_date,
        date_precision=precision,
        end_date=end_date,
        location=location,
        parties=parties,
        agreement_count=count_agreements(doc, count_spans) if kind == AGREEMENT else None,
        confidence=min(confidence, 0.95),
        evidence=doc.text[evidence.start : evidence.end],
        evidence_span=doc.to_body(evidence.start, evidence.end),
        sentences=sorted(core),
    )
    events = [main]
    for cluster in clusters:
        if cluster is main_cluster:
            continue
        extra = _secondary(ctx, cluster, kind, parties)
        if extra:
            events.append(extra)
    return events


def _location(ctx: Context, sentences: list[Sentence], *, cities_only: bool = False) -> str | None:
    for sentence in sentences:
        countries = [] if cities_only else [(m.start, m.end, m.code) for m in sentence.countries]
        place = find_location(
            ctx.doc,
            sentence.start,
            sentence.end,
            ctx.city_gazetteer,
            ctx.cities_near(sentence.start),
            countries,
            ctx.country_names,
        )
        if place:
            return place
    return None


def _dateline(ctx: Context, parties: list[str]) -> str | None:
    """ "YOGYAKARTA —": the dateline city, when it lies in a party (or a member of a party bloc)."""
    doc = ctx.doc
    m = DATELINE.search(doc.text, doc.body_offset, min(doc.end, doc.body_offset + 400))
    if not m:
        return None
    name = m.group(1).strip().title()
    for hit in ctx.city_gazetteer.find_in(doc, m.start(1), m.end(1)):
        if hit.start == m.start(1) or doc.text[hit.start : hit.end].lower() == name.lower():
            city = ctx.city_gazetteer.cities[hit.payload]
            members = set(parties) | {c for p in parties for c in ctx.bloc_members.get(p, ())}
            if city.country in members and hit.start >= m.start(1) and hit.end <= m.end(1) + 1:
                return city.name
    return None


def _secondary(ctx: Context, cluster, main_kind: str, main_parties: list[str]) -> EventResult | None:
    """Another dated event in the story, when a sentence says it took place."""
    mention = best_mention(cluster)
    sentences = sorted({s.index: s for _, s in cluster}.values(), key=lambda s: s.index)
    if mention.precision != "day" or not any(s.occurs for s in sentences):
        return None
    scores: dict[str, float] = defaultdict(float)
    for sentence in sentences:
        for kind, weight, _ in sentence.triggers:
            scores[kind] += weight
    kind, _ = choose_kind(scores) if scores else (main_kind, 0.0)
    parties = party_codes(ctx, sentences, []) or list(main_parties)
    evidence = sentences[0]
    return EventResult(
        kind=kind,
        title=ctx.doc.text[evidence.start : evidence.end][:200],
        date=mention.value,
        date_precision="day",
        end_date=mention.end_value,
        location=_location(ctx, sentences),
        parties=parties,
        confidence=0.5,
        evidence=ctx.doc.text[evidence.start : evidence.end],
        evidence_span=ctx.doc.to_body(evidence.start, evidence.end),
        sentences=[s.index for s in sentences],
        actors=_unique(
            a.actor
            for s in sentences
            for a in s.actors
            if not in_location_phrase(ctx.doc, a.start, a.end, lambda a=a: ctx.cities_near(a.start))
        ),
    )


def _unique(values) -> list:
    return list(dict.fromkeys(values))

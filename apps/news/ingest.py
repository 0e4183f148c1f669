"""Items → Article rows: cleaned, keyed by canonical URL, grouped with their copies, a chunk at a time
in one transaction and a few queries.

New articles are handed on (`news.process_articles`, a batch per stored chunk, handled by the pipeline)
only once their rows are committed.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from celery import current_app
from django.db import IntegrityError, OperationalError, transaction
from django.utils.dateparse import parse_datetime

from apps.news import dedupe
from apps.news.canonical import BadURL, canonicalize
from apps.news.cleaning import clean_text, clean_title, sanitise_html
from apps.news.language import detect_language
from apps.news.models import Article, ArticleBand, Feed, Source, url_hash

log = logging.getLogger(__name__)
PROCESS_BATCH = 50  # articles tagged per task
# The messages that hand stored articles on (handled by apps.pipeline.tasks).
PROCESS_ARTICLES = "news.process_articles"
PROCESS_ARTICLE = "news.process_article"


@dataclass
class ArticleInput:
    """One article as a source offered it, before any cleaning."""

    url: str
    title: str
    text: str = ""
    html: str = ""
    published_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    language: str = ""  # a language stated by the source (.jsonl); detected when empty
    language_hint: str = ""  # the feed's or page's declared language, used when detection cannot tell
    feed_id: int | None = None
    source_id: int | None = None
    canonical: bool = False  # `url` is canonical already (polling made it so to look it up)

    def to_json(self) -> dict:
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> ArticleInput:
        data = dict(data)
        when = data.get("published_at")
        data["published_at"] = parse_datetime(when) if isinstance(when, str) else None
        return cls(**data)


@dataclass
class Outcome:
    """What happened to one input; `line()` is what the `ingest` command prints."""

    status: str  # created | duplicate | failed | queued
    url: str
    article_id: int | None = None
    reason: str = ""

    def line(self) -> str:
        detail = f" #{self.article_id}" if self.article_id else ""
        reason = f": {self.reason}" if self.reason else ""
        return f"{self.status}{detail} {self.url}{reason}"


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def source_for(url: str, *, name: str = "", language: str = "") -> Source | None:
    """The publisher of a URL, created on first sight and known by its domain."""
    host = _domain(url)
    if not host:
        return None
    source, _ = Source.objects.get_or_create(
        domain=host[:255], defaults={"name": (name or host)[:255], "language": language[:8]}
    )
    return source


def known_urls(urls: list[str]) -> set[str]:
    """The canonical URLs among `urls` that are already stored (one query)."""
    hashes = {url_hash(u): u for u in urls}
    return {hashes[h] for h in Article.objects.filter(url_hash__in=hashes).values_list("url_hash", flat=True)}


def store_article(data: ArticleInput, *, enqueue: bool = True) -> Outcome:
    """Clean, key and store one article (a chunk of one: see `store_articles`)."""
    return store_articles([data], enqueue=enqueue)[0]


def store_articles(inputs: list[ArticleInput], *, enqueue: bool = True) -> list[Outcome]:
    """Clean, key, group and store a chunk of articles (upserts on their canonical URLs) in a few
    queries, whatever the chunk's size: one outcome per input, in order. Two workers storing the same
    articles at once leave one row each and both succeed. `enqueue` hands the new articles (and
    redelivered ones whose tagging never started) to tagging on commit, as one batch."""
    outcomes, queue = _store_chunk(inputs, enqueue=enqueue)
    if enqueue and queue:
        transaction.on_commit(lambda: enqueue_processing(queue))
    return outcomes


@dataclass
class _New:
    """An input that becomes a row, with what grouping needs."""

    index: int
    article: Article
    fingerprint: dedupe.Fingerprint
    group: dedupe.Group | None = None


def _store_chunk(inputs: list[ArticleInput], *, enqueue: bool) -> tuple[list[Outcome], list[int]]:
    """The outcomes, and the ids of the articles to hand to tagging once committed."""
    outcomes: list[Outcome | None] = [None] * len(inputs)
    keyed: list[tuple[int, str, str]] = []  # index, canonical URL, clean title
    for index, data in enumerate(inputs):
        try:
            url = data.url if data.canonical else canonicalize(data.url)
        except BadURL as exc:
            outcomes[index] = Outcome("failed", (data.url or "")[:200], reason=str(exc))
            continue
        title = clean_title(data.title)
        if not title:
            outcomes[index] = Outcome("failed", url, reason="no title")
            continue
        keyed.append((index, url, title))
    if not keyed:
        return outcomes, []

    existing = {
        key: (pk, status, attempts)
        for key, pk, status, attempts in Article.objects.filter(
            url_hash__in={url_hash(url) for _, url, _ in keyed}
        )
        .order_by()
        .values_list("url_hash", "id", "status", "attempts")
    }
    queue: list[int] = []
    new: list[_New] = []
    first_with_url: dict[str, _New] = {}
    same_url: list[tuple[int, _New]] = []  # a later input of the chunk with a new article's URL
    sources: dict[str, int | None] = {}  # domain → source id, for this chunk
    for index, url, title in keyed:
        key = url_hash(url)
        if key in existing:
            pk, status, attempts = existing[key]
            if enqueue and status == Article.Status.PENDING and attempts == 0 and pk not in queue:
                # A redelivered batch: this article was committed but its worker may have died before
                # queueing it. Queueing it again is harmless (processing is idempotent and serialised).
                queue.append(pk)
            outcomes[index] = Outcome("duplicate", url, pk)
        elif key in first_with_url:
            same_url.append((index, first_with_url[key]))
        else:
            item = _prepare(index, inputs[index], url, key, title, sources)
            first_with_url[key] = item
            new.append(item)
    if not new:
        return outcomes, queue

    for item, group in zip(new, dedupe.find_groups([item.fingerprint for item in new]), strict=True):
        item.group = group
        item.article.duplicate_of_id = group.article_id if group else None
    try:
        _insert(new)
    except (IntegrityError, OperationalError):
        # A concurrent writer stored one of these URLs first (the INSERT waited for its commit), or
        # two writers of overlapping chunks deadlocked: one input at a time cannot deadlock.
        if len(inputs) > 1:
            return _store_each(inputs, enqueue=enqueue)
        pk = Article.objects.filter(url_hash=new[0].article.url_hash).values_list("id", flat=True).first()
        if pk is None:
            raise
        return [Outcome("duplicate", new[0].article.url, pk)], []

    for item in new:
        article = item.article
        reason = f"copy of #{article.duplicate_of_id}" if article.duplicate_of_id else ""
        outcomes[item.index] = Outcome("created", article.url, article.pk, reason)
        queue.append(article.pk)
    for index, first in same_url:
        outcomes[index] = Outcome("duplicate", first.article.url, first.article.pk)
    return outcomes, queue


def _prepare(
    index: int, data: ArticleInput, url: str, key: str, title: str, sources: dict[str, int | None]
) -> _New:
    """The unsaved row of a new article: cleaned, its language known, fingerprinted, its source found."""
    text = clean_text(data.text)
    language = (data.language or "").lower()[:8]
    language = language or detect_language(f"{title}\n{text}", hint=data.language_hint)
    fingerprint = dedupe.Fingerprint.of(title, text)
    source_id = data.source_id
    if source_id is None and url.startswith("http"):
        domain = _domain(url)
        if domain not in sources:
            source = source_for(url, language=language)
            sources[domain] = source.pk if source else None
        source_id = sources[domain]
    article = Article(
        url=url,
        url_hash=key,
        title=title,
        text=text,
        html=sanitise_html(data.html),
        language=language,
        published_at=data.published_at,
        source_id=source_id,
        feed_id=data.feed_id,
        authors=[a for a in (clean_title(a)[:200] for a in data.authors) if a][:20],
        content_hash=fingerprint.content,
        minhash=fingerprint.signature.tobytes() if fingerprint.signature is not None else None,
    )
    return _New(index, article, fingerprint)


def _insert(new: list[_New]) -> None:
    """The rows and their bands, in one transaction. Copies of an article of the same chunk go in a
    second wave, once their first copy has its id (a first copy never points anywhere, so two waves
    suffice). Each wave is inserted in url_hash order, so that two writers of overlapping chunks take
    the unique-key locks in the same order and wait for each other instead of deadlocking."""
    first = [item for item in new if item.group is None or item.group.item is None]
    copies = [item for item in new if item.group is not None and item.group.item is not None]
    with transaction.atomic():
        Article.objects.bulk_create(sorted((item.article for item in first), key=lambda a: a.url_hash))
        for item in copies:
            item.article.duplicate_of_id = new[item.group.item].article.pk
        if copies:
            Article.objects.bulk_create(sorted((item.article for item in copies), key=lambda a: a.url_hash))
        ArticleBand.objects.bulk_create(
            [ArticleBand(article_id=item.article.pk, key=k) for item in new for k in item.fingerprint.keys]
        )


def _store_each(inputs: list[ArticleInput], *, enqueue: bool) -> tuple[list[Outcome], list[int]]:
    """The chunk stored one input at a time (after a concurrent writer got in first): each in its own
    transaction, so a URL stored meanwhile is a duplicate instead of failing the chunk."""
    outcomes: list[Outcome] = []
    queue: list[int] = []
    for data in inputs:
        [outcome], ids = _store_chunk([data], enqueue=enqueue)
        outcomes.append(outcome)
        queue += [pk for pk in ids if pk not in queue]
    return outcomes, queue


def enqueue_processing(article_ids: list[int]) -> None:
    """Announce committed articles to processing, a message per batch of PROCESS_BATCH. The message
    is sent by name: news sits below the pipeline that handles it (docs/architecture.md)."""
    for start in range(0, len(article_ids), PROCESS_BATCH):
        current_app.send_task(PROCESS_ARTICLES, args=[list(article_ids[start : start + PROCESS_BATCH])])


def feed_item_input(item, feed: Feed | None) -> ArticleInput:
    """An ArticleInput from a parsed feed item."""
    return ArticleInput(
        url=item.url,
        title=item.title,
        text=item.text,
        html=item.html if item.has_full_text else "",
        published_at=item.published_at,
        authors=item.authors,
        language_hint=item.language,
        feed_id=feed.pk if feed else None,
        source_id=feed.source_id if feed else None,
    )

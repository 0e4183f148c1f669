"""Items → Article rows: cleaned, keyed by canonical URL, grouped with their copies, one transaction each.

New articles are handed to tagging (`news.process_articles`, a batch per stored chunk) only once their
rows are committed.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.news import dedupe
from apps.news.canonical import BadURL, canonicalize
from apps.news.cleaning import clean_text, clean_title, sanitise_html
from apps.news.language import detect_language
from apps.news.models import Article, ArticleBand, Feed, Source, url_hash

log = logging.getLogger(__name__)
PROCESS_BATCH = 50  # articles tagged per task


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


def source_for(url: str, *, name: str = "", language: str = "") -> Source | None:
    """The publisher of a URL, created on first sight and known by its domain."""
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
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
    """Clean, key and store one article (upsert on its canonical URL). Two workers storing the same
    article at once leave one row and both succeed. `enqueue` hands a new article to tagging on commit."""
    try:
        url = canonicalize(data.url)
    except BadURL as exc:
        return Outcome("failed", (data.url or "")[:200], reason=str(exc))
    title = clean_title(data.title)
    text = clean_text(data.text)
    if not title:
        return Outcome("failed", url, reason="no title")
    key = url_hash(url)
    existing = Article.objects.filter(url_hash=key).values_list("id", "status", "attempts").first()
    if existing:
        if enqueue and existing[1] == Article.Status.PENDING and existing[2] == 0:
            # A redelivered batch: this article was committed but its worker may have died before
            # queueing it. Queueing it again is harmless (processing is idempotent and serialised).
            transaction.on_commit(lambda pk=existing[0]: enqueue_processing([pk]))
        return Outcome("duplicate", url, existing[0])

    language = (data.language or "").lower()[:8] or detect_language(title, text, hint=data.language_hint)
    content = dedupe.content_hash(title, text)
    signature = dedupe.minhash(text)
    keys = dedupe.band_keys(signature) if signature is not None else []
    source_id = data.source_id
    if source_id is None and url.startswith("http"):
        source = source_for(url, language=language)
        source_id = source.pk if source else None
    group = dedupe.find_group(content, signature, keys)
    try:
        # One transaction: the row and its bands. A concurrent writer of the same URL makes the INSERT
        # fail on the unique key (it waits for the other commit first), and that is a duplicate.
        with transaction.atomic():
            article = Article.objects.create(
                url=url,
                title=title,
                text=text,
                html=sanitise_html(data.html),
                language=language,
                published_at=data.published_at,
                source_id=source_id,
                feed_id=data.feed_id,
                authors=[a for a in (clean_title(a)[:200] for a in data.authors) if a][:20],
                content_hash=content,
                minhash=signature.tobytes() if signature is not None else None,
                duplicate_of_id=group,
            )
            ArticleBand.objects.bulk_create([ArticleBand(article=article, key=k) for k in keys])
            if enqueue:
                transaction.on_commit(lambda pk=article.pk: enqueue_processing([pk]))
    except IntegrityError:
        existing = Article.objects.filter(url_hash=key).values_list("id", flat=True).first()
        if existing is None:
            raise
        return Outcome("duplicate", url, existing)
    reason = f"copy of #{group}" if group else ""
    return Outcome("created", url, article.pk, reason)


def enqueue_processing(article_ids: list[int]) -> None:
    """Queue tagging for committed articles, as one batch. Without a broker (tasks in-process) the batch
    runs here; a failure parks the article instead of breaking the ingestion that stored it."""
    from apps.news.tasks import process_articles

    if not article_ids:
        return
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        process_articles.delay(list(article_ids))
        return
    process_articles_now(article_ids)


def queue_single(article_id: int) -> None:
    """Hand one article to its own task (`news.process_article`: retries, then parked with the reason)."""
    from apps.news.tasks import process_article

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        process_article.delay(article_id)
        return
    try:
        process_article_now(article_id)
    except Exception as exc:  # noqa: BLE001 - recorded on the article, which editors see
        log.warning("tagging article %s failed: %s", article_id, exc)
        park_article(article_id, f"{type(exc).__name__}: {exc}")


def park_article(article_id: int, reason: str) -> None:
    """Mark an article failed with the reason editors will see (the task gave up on it)."""
    Article.objects.filter(pk=article_id).exclude(status=Article.Status.PROCESSED).update(
        status=Article.Status.FAILED, status_reason=reason[:2000], updated_at=timezone.now()
    )


def process_article_now(article_id: int) -> str:
    """Tag a stored article and build its events (apps.tagging).

    Deliveries are counted before any work, in their own statement, so that a message that keeps
    killing its worker is parked instead of looping. The article's row is locked while it is tagged:
    a duplicate delivery waits, then finds it processed and leaves it alone.
    """
    from django.db.models import F

    from apps.tagging.service import tag_article

    Article.objects.filter(pk=article_id).exclude(status=Article.Status.PROCESSED).update(
        attempts=F("attempts") + 1
    )
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            return "missing"
        if article.status == Article.Status.PROCESSED:
            return "already processed"
        if article.attempts > settings.INGEST_MAX_ATTEMPTS:
            park_article(article_id, f"gave up after {article.attempts - 1} deliveries that did not finish")
            return "parked"
        tag_article(article)
    return "processed"


class Redelivered(Exception):
    """A batch some of whose articles were delivered before without finishing."""


def process_articles_now(article_ids: list[int]) -> list[str]:
    """Tag a batch of stored articles and build their events, in one transaction (each article with
    its tags; the batch shares the queries that one article at a time would repeat).

    Deliveries are counted first, as for one article. A batch that fails, or that was delivered before
    without finishing (its worker died), is split: every article goes on as its own task, so one poison
    article is parked by the redelivery cap instead of taking its neighbours with it.
    """
    from django.db.models import F

    from apps.tagging.service import tag_articles

    ids = sorted(set(article_ids))
    pending = Article.objects.filter(pk__in=ids).exclude(status=Article.Status.PROCESSED)
    pending.update(attempts=F("attempts") + 1)
    try:
        with transaction.atomic():
            articles = list(pending.select_for_update().order_by("pk"))
            if any(article.attempts > 1 for article in articles):
                raise Redelivered("delivered before without finishing")
            tag_articles(articles)
    except Exception as exc:  # noqa: BLE001 - each article is retried on its own, then parked
        log.warning("batch of %d articles split (%s: %s)", len(ids), type(exc).__name__, exc)
        for article_id in ids:
            queue_single(article_id)
        return ["split"]
    return ["processed"] * len(articles)


def requeue_lost_articles(*, older_than_minutes: int = 60, limit: int = 1000) -> int:
    """Queue tagging again for articles stored long ago that no delivery ever started (their message
    was lost, e.g. the worker died between the commit and the enqueue). Duplicates are harmless."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    ids = list(
        Article.objects.filter(status=Article.Status.PENDING, attempts=0, fetched_at__lt=cutoff)
        .order_by("fetched_at")
        .values_list("id", flat=True)[:limit]
    )
    for start in range(0, len(ids), PROCESS_BATCH):
        enqueue_processing(ids[start : start + PROCESS_BATCH])
    return len(ids)


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

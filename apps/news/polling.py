"""Feed polling: claim, fetch (conditionally), parse, hand items on, and keep each feed's health.

A feed is claimed with a conditional UPDATE (idle → in progress) so that two beats or overlapping ticks
never fetch it twice; whatever happens, the poll ends by setting it idle again with its next poll time.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.news.canonical import BadURL, canonicalize
from apps.news.feeds import FULL_TEXT_MIN_CHARS, FeedError, parse_fetched_feed
from apps.news.fetching import FetchError, FetchResult, Refused, TooLarge, fetch
from apps.news.ingest import ArticleInput, Outcome, feed_item_input, known_urls, store_article, store_articles
from apps.news.models import Article, Feed, url_hash
from apps.news.pages import decode_html, extract_page

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_BACKOFF = timedelta(days=1)
STORE_CHUNK = 50


@dataclass
class PollResult:
    status: str  # new | unchanged | not_modified | failed | retired | skipped
    new_items: int = 0
    queued_pages: int = 0
    detail: str = ""


def _jitter(delta: timedelta, spread: float = 0.2) -> timedelta:
    return delta * random.uniform(1 - spread, 1 + spread)


def claim_feed(feed_id: int) -> bool:
    """Take the feed for one poll; False when another worker holds it (conditional UPDATE)."""
    return bool(
        Feed.objects.filter(pk=feed_id, state=Feed.State.IDLE).update(
            state=Feed.State.IN_PROGRESS, claimed_at=timezone.now()
        )
    )


def claim_due_feeds(*, include_not_due: bool = False, limit: int = 500) -> list[int]:
    """Claim the feeds that are due (or all enabled ones) in one transaction; locked rows are skipped."""
    with transaction.atomic():
        queryset = Feed.objects.pollable() if include_not_due else Feed.objects.due()
        ids = list(
            queryset.select_for_update(skip_locked=True)
            .order_by("next_poll_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            return []
        Feed.objects.filter(pk__in=ids, state=Feed.State.IDLE).update(
            state=Feed.State.IN_PROGRESS, claimed_at=timezone.now()
        )
    return ids


def reap_stuck_feeds() -> int:
    """Free the feeds whose poll never ended (their worker was killed); they are polled again soon."""
    older_than = timezone.now() - timedelta(minutes=settings.INGEST_STUCK_MINUTES)
    return Feed.objects.stuck(older_than).update(
        state=Feed.State.IDLE,
        claimed_at=None,
        last_error="poll did not finish (worker lost); freed by the reaper",
    )


def _release(feed: Feed, fields: dict) -> None:
    Feed.objects.filter(pk=feed.pk).update(
        state=Feed.State.IDLE, claimed_at=None, last_polled_at=timezone.now(), **fields
    )


def _failure(
    feed: Feed, reason: str, *, retry_after: float | None = None, not_found: bool = False
) -> PollResult:
    failures = feed.consecutive_failures + 1
    if retry_after is not None:
        wait = timedelta(seconds=retry_after) + timedelta(seconds=random.uniform(0, 60))
    else:
        wait = min(timedelta(minutes=feed.poll_interval_minutes) * (2 ** min(failures, 10)), MAX_BACKOFF)
        wait = _jitter(wait)
    fields = {
        "consecutive_failures": failures,
        "last_error": reason[:2000],
        "last_error_at": timezone.now(),
        "next_poll_at": timezone.now() + min(wait, MAX_BACKOFF + timedelta(minutes=1)),
        "consecutive_not_found": F("consecutive_not_found") + 1 if not_found else 0,
    }
    _release(feed, fields)
    return PollResult("failed", detail=reason)


def _retire(feed: Feed, reason: str) -> PollResult:
    _release(
        feed,
        {
            "enabled": False,
            "retired_reason": reason[:255],
            "last_error": reason,
            "last_error_at": timezone.now(),
        },
    )
    return PollResult("retired", detail=reason)


def _redirect_fields(feed: Feed, result: FetchResult) -> dict:
    """A permanent redirect moves the feed only after it was seen on several polls in a row."""
    target = result.permanent_redirect
    if not target or len(target) > Feed._meta.get_field("url").max_length:
        return {"redirect_target": "", "redirect_seen": 0}
    seen = feed.redirect_seen + 1 if feed.redirect_target == target else 1
    if (
        seen >= settings.INGEST_FEED_REDIRECT_CONFIRMATIONS
        and not Feed.objects.filter(url_hash=url_hash(target)).exists()
    ):
        return {"url": target, "url_hash": url_hash(target), "redirect_target": "", "redirect_seen": 0}
    return {"redirect_target": target[:2000], "redirect_seen": seen}


def poll_feed(feed_id: int, *, sync: bool = False, force: bool = False) -> PollResult:
    """Poll a feed this worker has claimed. New items with full text are stored (in chunks, as tasks
    unless `sync`); teasers get their page fetched. `force` ignores ETag, Last-Modified and body hash."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return PollResult("skipped", detail="no such feed")
    if feed.state != Feed.State.IN_PROGRESS:
        # Only a claimed feed is polled: a redelivered message for a poll that already ended does nothing.
        return PollResult("skipped", detail="not claimed")
    try:
        return _poll(feed, sync=sync, force=force)
    except Exception as exc:  # noqa: BLE001 - a poll must always release its feed and record why it failed
        log.exception("poll of feed %s failed", feed.pk)
        return _failure(feed, f"{type(exc).__name__}: {exc}")


def _poll(feed: Feed, *, sync: bool, force: bool) -> PollResult:
    try:
        result = fetch(
            feed.url,
            etag="" if force else feed.etag,
            last_modified="" if force else feed.last_modified,
            accept=FEED_ACCEPT,
        )
    except FetchError as exc:
        return _failure(feed, exc.reason)
    if result.status == 410:
        return _retire(feed, "feed is gone (HTTP 410)")
    if result.status == 404:
        if feed.consecutive_not_found + 1 >= settings.INGEST_FEED_NOT_FOUND_LIMIT:
            return _retire(
                feed, f"feed not found (HTTP 404) on {feed.consecutive_not_found + 1} polls in a row"
            )
        return _failure(feed, "HTTP 404", not_found=True)
    if result.status in (429, 503):
        return _failure(feed, f"HTTP {result.status}", retry_after=result.retry_after() or None)
    if not (result.ok or result.not_modified):
        return _failure(feed, f"HTTP {result.status}")

    now = timezone.now()
    healthy = {
        "consecutive_failures": 0,
        "consecutive_not_found": 0,
        "last_error": "",
        "last_success_at": now,
        "next_poll_at": now + _jitter(timedelta(minutes=feed.poll_interval_minutes), 0.1),
        **_redirect_fields(feed, result),
    }
    if result.not_modified:
        _release(feed, healthy)
        return PollResult("not_modified")
    if not force and result.body_hash == feed.body_hash:
        _release(feed, healthy)
        return PollResult("unchanged")
    try:
        parsed = parse_fetched_feed(result)
    except FeedError as exc:
        return _failure(feed, str(exc))
    outcome = hand_on_items(feed, parsed.items, sync=sync)
    healthy.update(etag=result.etag, last_modified=result.last_modified, body_hash=result.body_hash)
    if outcome.new_items:
        healthy.update(last_new_item_at=now, items_total=F("items_total") + outcome.new_items)
    if parsed.problem:
        healthy["last_error"] = f"feed partly malformed (kept {len(parsed.items)} items): {parsed.problem}"[
            :2000
        ]
    _release(feed, healthy)
    return outcome


def hand_on_items(feed: Feed | None, items: list, *, sync: bool) -> PollResult:
    """Store the items that are not stored yet: full-text items in chunks, teasers via their page."""
    inputs: list[ArticleInput] = []
    for item in items:
        data = feed_item_input(item, feed)
        try:
            data.url = canonicalize(item.url)
        except BadURL:
            continue
        inputs.append(data)
    stored = known_urls([d.url for d in inputs])
    fresh = [d for d in inputs if d.url not in stored]
    full: list[ArticleInput] = []
    teasers: list[ArticleInput] = []
    for data in fresh:
        # Offline items (no http URL) and items with the whole text are stored as they are.
        (
            full if len(data.text) >= FULL_TEXT_MIN_CHARS or not data.url.startswith("http") else teasers
        ).append(data)
    from apps.news import tasks

    new = 0
    for start in range(0, len(full), STORE_CHUNK):
        chunk = full[start : start + STORE_CHUNK]
        if sync:
            new += sum(o.status == "created" for o in store_articles(chunk, enqueue=False))
        else:
            tasks.store_items.delay([d.to_json() for d in chunk])
            new += len(chunk)
    for data in teasers:
        if sync:
            new += fetch_and_store_page(data.url, fallback=data, enqueue=False).status == "created"
        else:
            tasks.ingest_url.delay(data.url, data.to_json())
    return PollResult(
        "new" if fresh else "unchanged", new_items=new, queued_pages=0 if sync else len(teasers)
    )


def fetch_and_store_page(url: str, *, fallback: ArticleInput | None = None, enqueue: bool = True) -> Outcome:
    """Fetch an article page, extract it and store it. When the page cannot be read, a feed item's
    own summary is stored instead (marked by its shorter text) so that nothing is lost."""
    try:
        key = canonicalize(url)
    except BadURL as exc:
        return Outcome("failed", url[:200], reason=str(exc))
    if known_urls([key]):
        return Outcome(
            "duplicate",
            key,
            Article.objects.filter(url_hash=url_hash(key)).values_list("id", flat=True).first(),
        )
    try:
        result = fetch(url, accept=PAGE_ACCEPT)
        if not result.ok:
            raise FetchError(f"HTTP {result.status}")
        page = extract_page(decode_html(result.body, result.charset), result.url)
        if page is None:
            raise FetchError("no article text found on the page")
    except (Refused, TooLarge) as exc:
        return Outcome("failed", url, reason=exc.reason)
    except FetchError as exc:
        if fallback is not None:
            return store_article(fallback, enqueue=enqueue)
        return Outcome("failed", url, reason=exc.reason)
    data = fallback or ArticleInput(url=url, title="")
    data.url = page.canonical_url or canonicalize(result.url)
    data.title = page.title or data.title
    data.text = page.text
    data.html = ""
    data.published_at = data.published_at or page.published_at
    data.authors = data.authors or page.authors
    data.language_hint = page.language_hint or data.language_hint
    outcome = store_article(data, enqueue=enqueue)
    outcome.url = outcome.url or url
    return outcome


def refetch_article(article_id: int) -> Outcome:
    """Fetch a stored article's page again, replace its text and hand it to tagging again."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return Outcome("failed", f"#{article_id}", reason="no such article")
    if not article.url.startswith(("http://", "https://")):
        return Outcome("failed", article.url, article.pk, reason="not fetched from the web")
    try:
        result = fetch(article.url, accept=PAGE_ACCEPT)
        if not result.ok:
            raise FetchError(f"HTTP {result.status}")
        page = extract_page(decode_html(result.body, result.charset), result.url)
        if page is None:
            raise FetchError("no article text found on the page")
    except FetchError as exc:
        return Outcome("failed", article.url, article.pk, reason=exc.reason)
    from apps.news import dedupe
    from apps.news.ingest import enqueue_processing

    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            title=page.title or article.title,
            text=page.text,
            content_hash=dedupe.content_hash(page.title or article.title, page.text),
            status=Article.Status.PENDING,
            status_reason="",
            attempts=0,
            updated_at=timezone.now(),
        )
        transaction.on_commit(lambda: enqueue_processing([article.pk]))
    return Outcome("created", article.url, article.pk, reason="re-fetched")

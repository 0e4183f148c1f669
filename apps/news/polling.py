"""Feed polling: claim, fetch (conditionally), parse, hand items on, and keep each feed's health.

A feed is claimed with a conditional UPDATE (idle → in progress) so that two beats or overlapping ticks
never fetch it twice; whatever happens, the poll ends by setting it idle again with its next poll time.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.news import dedupe
from apps.news.canonical import BadURL, canonicalize
from apps.news.feeds import FULL_TEXT_MIN_CHARS, FeedError, parse_fetched_feed
from apps.news.fetching import FetchError, FetchResult, Refused, TooLarge, fetch
from apps.news.ingest import (
    ArticleInput,
    Outcome,
    enqueue_processing,
    feed_item_input,
    known_urls,
    store_article,
    store_articles,
)
from apps.news.models import Article, Feed, url_hash
from apps.news.pages import decode_html, extract_page

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_BACKOFF = timedelta(days=1)
STORE_CHUNK = 50
# An item handed on this many times and never seen stored is given up (docs/ingestion.md, "Lost work").
MAX_OFFERS = 3
# Feeds looked at per run of the lost-work sweep.
SWEEP_FEEDS = 50


@dataclass
class PollResult:
    status: str  # new | unchanged | not_modified | failed | retired | skipped
    new_items: int = 0
    queued_pages: int = 0
    detail: str = ""
    bad_links: int = 0  # items dropped: their link is not a usable URL
    teasers: int = 0  # items whose page was fetched (or queued to be) because they carry a summary only
    # Url hash -> times handed on, of the items handed on and not seen stored yet; the items given up.
    pending: dict[str, int] = field(default_factory=dict)
    given_up: list[str] = field(default_factory=list)


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
    # An item counts as seen only once it is stored: while items handed on before are not stored yet
    # (their messages may have been lost with the broker), the feed's validators are not trusted, so
    # this poll reads the whole feed and offers those items again.
    waiting = still_pending(feed.pending_items)
    trusted = not force and not waiting
    try:
        result = fetch(
            feed.url,
            etag=feed.etag if trusted else "",
            last_modified=feed.last_modified if trusted else "",
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
        "pending_items": waiting,
        **_redirect_fields(feed, result),
    }
    if result.not_modified:
        _release(feed, healthy)
        return PollResult("not_modified")
    if trusted and result.body_hash == feed.body_hash:
        _release(feed, healthy)
        return PollResult("unchanged")
    try:
        parsed = parse_fetched_feed(result)
    except FeedError as exc:
        return _failure(feed, str(exc))
    given_up = set(feed.given_up_items)
    outcome = hand_on_items(feed, parsed.items, sync=sync, offered=waiting, given_up=given_up)
    healthy.update(
        etag=result.etag,
        last_modified=result.last_modified,
        body_hash=result.body_hash,
        pending_items=outcome.pending,
        given_up_items=outcome.given_up,
    )
    if newly_given_up := set(outcome.given_up) - given_up:
        healthy["last_error"] = (
            f"{len(newly_given_up)} item(s) handed on {MAX_OFFERS} times were never stored; "
            "they are not offered again while the feed lists them"
        )
    if outcome.new_items:
        healthy.update(last_new_item_at=now, items_total=F("items_total") + outcome.new_items)
    if outcome.bad_links:
        healthy["items_bad_link"] = F("items_bad_link") + outcome.bad_links
    if outcome.teasers:
        healthy["items_teaser"] = F("items_teaser") + outcome.teasers
    if parsed.problem:
        healthy["last_error"] = f"feed partly malformed (kept {len(parsed.items)} items): {parsed.problem}"[
            :2000
        ]
    _release(feed, healthy)
    return outcome


def hand_on_items(
    feed: Feed | None,
    items: list,
    *,
    sync: bool,
    offered: dict[str, int] | None = None,
    given_up: set[str] | frozenset[str] = frozenset(),
) -> PollResult:
    """Store the items that are not stored yet: full-text items in chunks, teasers via their page.
    Items whose link is no usable URL are dropped, and counted in the result (feed health shows them).

    `offered` counts how often each item was handed on before without being seen stored; an item
    handed on MAX_OFFERS times (or in `given_up`) is given up rather than offered again. The result's
    `pending` holds what was handed on and is not stored yet (under `sync`, what failed to store)."""
    inputs: list[ArticleInput] = []
    bad_links = 0
    for item in items:
        data = feed_item_input(item, feed)
        try:
            data.url, data.canonical = canonicalize(item.url), True
        except BadURL:
            bad_links += 1
            continue
        inputs.append(data)
    if bad_links:
        log.warning("feed %s: %d item(s) dropped, link not a usable URL", feed and feed.pk, bad_links)
    stored = known_urls([d.url for d in inputs])
    fresh = [d for d in inputs if d.url not in stored]
    offered = offered or {}
    handed: dict[str, ArticleInput] = {}
    abandoned: list[ArticleInput] = []
    for data in fresh:
        key = url_hash(data.url)
        if key in given_up or offered.get(key, 0) >= MAX_OFFERS:
            abandoned.append(data)
        else:
            handed[key] = data
    if newly := [d.url for d in abandoned if url_hash(d.url) not in given_up]:
        log.warning("feed %s: given up on %d item(s) never stored: %s", feed and feed.pk, len(newly), newly)
    full: list[ArticleInput] = []
    teasers: list[ArticleInput] = []
    for data in handed.values():
        # Offline items (no http URL) and items with the whole text are stored as they are.
        (
            full if len(data.text) >= FULL_TEXT_MIN_CHARS or not data.url.startswith("http") else teasers
        ).append(data)
    from apps.news import tasks  # tasks.py imports this module; the tasks are needed only here

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
    if sync:  # what was handed on here and is still not stored is offered again by the next poll
        done = known_urls([d.url for d in handed.values()])
        handed = {key: data for key, data in handed.items() if data.url not in done}
    return PollResult(
        "new" if fresh else "unchanged",
        new_items=new,
        queued_pages=0 if sync else len(teasers),
        bad_links=bad_links,
        teasers=len(teasers),
        pending={key: offered.get(key, 0) + 1 for key in handed},
        given_up=sorted(url_hash(d.url) for d in abandoned),
    )


def still_pending(pending: dict[str, int]) -> dict[str, int]:
    """The items among `pending` (url hash -> times handed on) that are not stored yet (one query)."""
    if not pending:
        return {}
    stored = set(Article.objects.filter(url_hash__in=list(pending)).values_list("url_hash", flat=True))
    return {key: count for key, count in pending.items() if key not in stored}


def claim_feeds_with_lost_items(*, older_than: float | None = None, limit: int = SWEEP_FEEDS) -> list[int]:
    """The lost-work sweep of feeds (beat): claim the feeds whose items, handed on by a poll that ended
    more than `older_than` seconds ago (default INGEST_LOST_AFTER_SECONDS), are still not stored, so
    that they are polled again and offer those items again. A feed whose items are all stored by now
    is simply cleared: its validators are trusted again.

    The sweep's own message expires after INGEST_SWEEP_SECONDS and the queue is first in, first out:
    when it runs, every message queued before it has been taken by a worker, so an item handed on
    longer ago than that (plus a task's time limit, for work still running) and not stored was lost.
    """
    seconds = settings.INGEST_LOST_AFTER_SECONDS if older_than is None else older_than
    cutoff = timezone.now() - timedelta(seconds=seconds)
    feeds = Feed.objects.awaiting_items(cutoff).values_list("pk", "pending_items", "last_polled_at")
    claimed: list[int] = []
    for pk, pending, polled_at in feeds[:limit]:
        if not still_pending(pending):
            Feed.objects.filter(pk=pk, last_polled_at=polled_at).update(pending_items={})
        elif claim_feed(pk):
            claimed.append(pk)
    return claimed


def _count_unreadable_teaser(fallback: ArticleInput | None) -> None:
    """A feed's teaser whose page could not be read: counted on the feed (its health shows it)."""
    if fallback is not None and fallback.feed_id:
        unreadable = F("items_teaser_unreadable") + 1
        Feed.objects.filter(pk=fallback.feed_id).update(items_teaser_unreadable=unreadable)


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
        _count_unreadable_teaser(fallback)
        return Outcome("failed", url, reason=exc.reason)
    except FetchError as exc:
        _count_unreadable_teaser(fallback)
        if fallback is not None:
            return store_article(fallback, enqueue=enqueue)
        return Outcome("failed", url, reason=exc.reason)
    data = fallback or ArticleInput(url=url, title="")
    data.url, data.canonical = page.canonical_url or canonicalize(result.url), True
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

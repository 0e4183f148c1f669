"""Admin for editors: sources, feeds with their health ("poll now", re-enable) and articles ("re-fetch")."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.news import polling
from apps.news.ingest import enqueue_processing, source_for
from apps.news.models import Article, Feed, Source
from apps.news.tasks import poll_feed, refetch_article


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "country", "language"]
    search_fields = ["name", "domain"]
    list_filter = ["language"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "__str__", "source", "enabled", "state", "last_success_at", "consecutive_failures",
        "next_poll_at", "items_bad_link", "items_teaser_unreadable", "retired_reason", "short_error",
    ]  # fmt: skip
    list_filter = ["enabled", "state"]
    search_fields = ["url", "name", "source__domain"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    readonly_fields = [
        "state", "claimed_at", "etag", "last_modified", "body_hash", "last_polled_at", "last_success_at",
        "last_new_item_at", "last_error", "last_error_at", "consecutive_failures", "consecutive_not_found",
        "redirect_target", "redirect_seen", "items_total", "items_bad_link", "items_teaser",
        "items_teaser_unreadable", "pending_items", "given_up_items", "created_at",
    ]  # fmt: skip
    actions = ["poll_now", "reenable"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="last error")
    def short_error(self, feed: Feed) -> str:
        return feed.last_error[:80]

    def get_form(self, request, obj=None, change=False, **kwargs):  # noqa: ANN001, ANN201 - Django's signature
        form = super().get_form(request, obj, change=change, **kwargs)
        # A new feed's publisher is found from its domain when the editor leaves it empty.
        form.base_fields["source"].required = False
        return form

    def save_model(self, request: HttpRequest, obj: Feed, form, change: bool) -> None:  # noqa: ANN001
        if not obj.source_id:
            obj.source = source_for(obj.url, name=obj.name)
        super().save_model(request, obj, form, change)

    @admin.action(description="Poll now")
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        claimed = [feed.pk for feed in queryset if polling.claim_feed(feed.pk)]
        for feed_id in claimed:
            poll_feed.delay(feed_id, force=True)
        busy = queryset.count() - len(claimed)
        self.message_user(
            request, f"Queued {len(claimed)} feed(s); {busy} already being polled.", messages.INFO
        )

    @admin.action(description="Re-enable (clear retirement and failures)")
    def reenable(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        count = queryset.update(
            enabled=True,
            retired_reason="",
            consecutive_failures=0,
            consecutive_not_found=0,
            next_poll_at=None,
        )
        self.message_user(request, f"Re-enabled {count} feed(s).", messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "language", "published_at", "status", "duplicate_of", "fetched_at"]
    list_filter = ["status", "language", "source"]
    search_fields = ["title", "url"]
    list_select_related = ["source"]
    raw_id_fields = ["duplicate_of", "feed"]
    readonly_fields = [
        "url_hash",
        "content_hash",
        "attempts",
        "fetched_at",
        "updated_at",
        "tagged_at",
    ]
    exclude = ["minhash"]
    actions = ["refetch", "reprocess"]

    @admin.action(description="Re-fetch the page and re-tag")
    def refetch(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for pk in queryset.values_list("pk", flat=True):
            refetch_article.delay(pk)
        self.message_user(request, f"Queued {queryset.count()} article(s) for re-fetching.", messages.INFO)

    @admin.action(description="Re-tag (process again)")
    def reprocess(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).update(status=Article.Status.PENDING, status_reason="", attempts=0)
        enqueue_processing(ids)
        self.message_user(request, f"Queued {len(ids)} article(s) for tagging.", messages.INFO)

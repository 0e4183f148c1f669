from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from apps.events.models import Agreement, Event, EventActor, EventPair, EventSource, Topic
from apps.events.review import set_status


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ["actor"]


class EventSourceInline(admin.StackedInline):
    model = EventSource
    extra = 0
    raw_id_fields = ["article"]
    fields = ["article", "evidence", ("evidence_start", "evidence_end")]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "date_shown",
        "party_codes",
        "location",
        "status",
        "confidence",
        "source_count",
    ]
    list_filter = [
        "status",
        "kind",
        ("parties", admin.RelatedOnlyFieldListFilter),
        "topics",
        "date_precision",
    ]
    date_hierarchy = "date"
    search_fields = ["title", "summary", "location", "parties__code", "parties__name", "actors__name"]
    autocomplete_fields = ["parties"]
    filter_horizontal = ["topics"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [EventActorInline, EventSourceInline]
    actions = ["confirm", "reject"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "kind", "status", "confidence"]}),
        ("When and where", {"fields": [("date", "date_precision", "end_date"), "location"]}),
        ("Who and what", {"fields": ["parties", "topics", "agreement_count", "summary"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("parties")
            .annotate(n_sources=Count("sources", distinct=True))
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates

    @admin.display(description="date", ordering="date")
    def date_shown(self, obj: Event) -> str:
        return obj.date_display or "—"

    @admin.display(description="parties")
    def party_codes(self, obj: Event) -> str:
        return " – ".join(sorted(c.code for c in obj.parties.all()))

    @admin.display(description="sources", ordering="n_sources")
    def source_count(self, obj: Event) -> int:
        return obj.n_sources

    def _set_status(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        changed = sum(set_status(event, status) for event in queryset)
        self.message_user(request, f"{changed} event(s) marked {status}.", messages.SUCCESS)

    @admin.action(description="Confirm selected events", permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, Event.Status.CONFIRMED)

    @admin.action(description="Reject selected events", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, Event.Status.REJECTED)


@admin.register(Agreement)
class AgreementAdmin(EventAdmin):
    """Cooperation agreements: the same editing as events, limited to kind `agreement`."""

    list_filter = [f for f in EventAdmin.list_filter if f != "kind"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "keyword_count"]
    search_fields = ["slug", "name", "names", "keywords"]

    @admin.display(description="keywords")
    def keyword_count(self, obj: Topic) -> int:
        return sum(len(words) for words in obj.keywords.values())


@admin.register(EventPair)
class EventPairAdmin(admin.ModelAdmin):
    """The pair index is derived from event parties: editors look, they never edit it."""

    list_display = ["event", "a", "b"]
    list_filter = ["a", "b"]
    list_select_related = ["event", "a", "b"]
    search_fields = ["event__title", "a__code", "b__code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(EventSource)
class EventSourceAdmin(admin.ModelAdmin):
    list_display = ["event", "article", "added_at"]
    list_select_related = ["event", "article"]
    raw_id_fields = ["event", "article"]
    search_fields = ["event__title", "article__title", "evidence"]

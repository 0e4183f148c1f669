from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from apps.events.editing import lock_events, record_edit
from apps.events.models import Agreement, Event, EventActor, EventPair, EventSource
from apps.events.review import Decision, decide


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
    readonly_fields = ["created_at", "updated_at", "set_by_editors"]
    inlines = [EventActorInline, EventSourceInline]
    actions = ["confirm", "reject", "reject_out_of_scope"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "kind", "status", "confidence"]}),
        ("When and where", {"fields": [("date", "date_precision", "end_date"), "location"]}),
        ("Who and what", {"fields": ["parties", "topics", "agreement_count", "summary"]}),
        ("Record", {"fields": ["set_by_editors", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    # Every save records what the editor set (apps/events/editing.py), so the machine keeps off it.
    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        lock_events()  # before anything is written: the builder waits, never the other way round
        record_edit(obj, form.changed_data)
        super().save_model(request, obj, form, change)
        # A status set in the form is a decision too; a plain "rejected" means a wrong reading, as the
        # queue's "Reject" (out of scope has its own action).
        decision = {Event.Status.CONFIRMED: Decision.CONFIRM, Event.Status.REJECTED: Decision.REJECT_WRONG}
        if change and "status" in form.changed_data and obj.status in decision:
            decide(obj, decision[obj.status], request.user)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is EventActor and formset.has_changed():
            record_edit(form.instance, ["actors"])
        if formset.model is not EventSource:
            super().save_formset(request, form, formset, change)
            return
        for source in formset.save(commit=False):  # added or corrected by an editor: theirs
            source.by_editor = True
            source.save()
        for source in formset.deleted_objects:
            source.delete()

    @admin.display(description="set by editors")
    def set_by_editors(self, obj: Event) -> str:
        return ", ".join(obj.editor_fields) or "—"

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

    def _decide(self, request: HttpRequest, queryset: QuerySet, decision: str, done: str) -> None:
        changed = sum(decide(event, decision, request.user) for event in queryset)
        self.message_user(request, f"{changed} event(s) {done}.", messages.SUCCESS)

    @admin.action(description="Confirm selected events", permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, Decision.CONFIRM, "marked confirmed")

    @admin.action(description="Reject selected events (wrong reading)", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, Decision.REJECT_WRONG, "marked rejected")

    @admin.action(description="Reject selected events as out of scope", permissions=["change"])
    def reject_out_of_scope(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, Decision.REJECT_OUT_OF_SCOPE, "rejected as out of scope")


@admin.register(Agreement)
class AgreementAdmin(EventAdmin):
    """Cooperation agreements: the same editing as events, limited to kind `agreement`."""

    list_filter = [f for f in EventAdmin.list_filter if f != "kind"]


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
    list_display = ["event", "article", "added_at", "by_editor"]
    list_select_related = ["event", "article"]
    raw_id_fields = ["event", "article"]
    search_fields = ["event__title", "article__title", "evidence"]

    def save_model(self, request: HttpRequest, obj: EventSource, form, change: bool) -> None:
        obj.by_editor = True  # re-tagging never withdraws a source an editor added or corrected
        super().save_model(request, obj, form, change)

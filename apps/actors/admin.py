from django.contrib import admin, messages
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from apps.actors.merging import merge_actors
from apps.actors.models import Actor, ActorAlias


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "event_count", "wikidata_id"]
    list_filter = ["kind", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "aliases__name", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [ActorAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country").annotate(n_events=Count("events"))

    @admin.display(description="events", ordering="n_events")
    def event_count(self, obj: Actor) -> int:
        return obj.n_events

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates

    @admin.action(description="Merge selected actors into the one with most events", permissions=["change"])
    def merge_selected(self, request, queryset) -> None:
        actors = list(queryset.order_by("-n_events", "pk"))
        if len(actors) < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return
        survivor = merge_actors(actors[0], actors[1:])
        self.message_user(
            request, f"Merged {len(actors) - 1} actor(s) into “{survivor.name}”.", messages.SUCCESS
        )


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "actor", "language"]
    list_filter = ["language"]
    search_fields = ["name", "actor__name"]
    autocomplete_fields = ["actor"]

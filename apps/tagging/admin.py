from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify

from apps.actors.models import Actor, ActorAlias
from apps.tagging.models import ActorCandidate, ArticleActor, ArticleCountry, ArticleTopic, Topic


@admin.register(ActorCandidate)
class ActorCandidateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "mention_count", "status", "actor"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "normalized"]
    autocomplete_fields = ["country", "actor"]
    raw_id_fields = ["example_article"]
    actions = ["accept", "dismiss"]

    @admin.action(description="Accept as new actors", permissions=["change"])
    def accept(self, request: HttpRequest, queryset) -> None:
        accepted = 0
        with transaction.atomic():
            for cand in queryset.filter(status=ActorCandidate.Status.PROPOSED):
                base = slugify(cand.name)[:100] or "actor"
                slug, n = base, 1
                while Actor.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                actor = Actor.objects.create(
                    name=cand.name,
                    slug=slug,
                    kind=cand.kind if cand.kind in Actor.Kind.values else Actor.Kind.OTHER,
                    country=cand.country,
                )
                if cand.normalized and cand.normalized != cand.name:
                    ActorAlias.objects.get_or_create(actor=actor, name=cand.normalized)
                cand.status = ActorCandidate.Status.ACCEPTED
                cand.actor = actor
                cand.save(update_fields=["status", "actor"])
                accepted += 1
        self.message_user(request, f"{accepted} actor(s) created.", messages.SUCCESS)

    @admin.action(description="Dismiss", permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset) -> None:
        n = queryset.update(status=ActorCandidate.Status.DISMISSED)
        self.message_user(request, f"{n} candidate(s) dismissed.", messages.SUCCESS)


class _ArticleTagAdmin(admin.ModelAdmin):
    raw_id_fields = ["article"]
    list_select_related = True


@admin.register(ArticleCountry)
class ArticleCountryAdmin(_ArticleTagAdmin):
    list_display = ["article", "country", "is_party"]
    list_filter = ["is_party", ("country", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["country"]


@admin.register(ArticleActor)
class ArticleActorAdmin(_ArticleTagAdmin):
    list_display = ["article", "actor"]
    autocomplete_fields = ["actor"]


@admin.register(ArticleTopic)
class ArticleTopicAdmin(_ArticleTagAdmin):
    list_display = ["article", "topic"]
    list_filter = ["topic"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "keyword_count"]
    search_fields = ["slug", "name", "names", "keywords"]

    @admin.display(description="keywords")
    def keyword_count(self, obj: Topic) -> int:
        return sum(len(words) for words in obj.keywords.values())

"""Editing reference data re-tags affected articles through a real Celery worker."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from apps.actors.models import Actor, ActorAlias
from apps.news.models import Article
from apps.pipeline.processing import process_batch
from apps.tagging.models import ArticleActor
from tests.workers import wait_for

pytestmark = [pytest.mark.worker]


def test_new_alias_retags_the_articles_that_use_it(worker):
    call_command("seed", "--reference-only", verbosity=0)
    article = Article.objects.create(
        url="https://example.id/kemenbudpar",
        title="Kemenbudpar Korea gelar forum AI",
        text="Kemenbudpar Korea menggelar forum budaya dan kecerdasan buatan di Seoul pada 8 November 2025.",
    )
    unrelated = Article.objects.create(
        url="https://example.id/lain", title="Cuaca", text="Hujan turun di Bogor."
    )
    process_batch([article])
    process_batch([unrelated])
    mcst = Actor.objects.get(slug="mcst-korea")
    assert not ArticleActor.objects.filter(article=article, actor=mcst).exists()
    unrelated_tagged_at = Article.objects.get(pk=unrelated.pk).tagged_at

    ActorAlias.objects.create(actor=mcst, name="Kemenbudpar Korea", language="id")  # commits at once

    wait_for(
        lambda: ArticleActor.objects.filter(article=article, actor=mcst).exists(),
        message="the worker re-tags the article that names the new alias",
    )
    assert Article.objects.get(pk=unrelated.pk).tagged_at == unrelated_tagged_at
    event = article.event_sources.get().event
    assert "KR" in set(event.parties.values_list("code", flat=True))

"""A real Celery worker re-tags and tags articles after editors corrected their events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from apps.actors.models import Actor, ActorAlias
from apps.news.models import Article
from tests.events.conftest import event_of, ingest, url
from tests.events.test_editors_rule import assert_corrections_kept, correct_all
from tests.workers import Worker, purge_broker, start_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(transactional_db) -> Iterator[Worker]:
    purge_broker()
    worker = start_worker("events")
    yield worker
    worker.kill()
    purge_broker()


def test_the_worker_retags_and_tags_reports_without_undoing_an_editor(
    machine_events, editor_client, worker, tmp_path
):
    correct_all(editor_client, machine_events)
    # An editor names the Indonesian ministry as the articles do: the worker re-tags every article
    # that names it (the corrected ID-KR and ID-JP events rest on two of them).
    naming = {key: Article.objects.get(url=url(key)) for key in ("kr-id", "jp-id")}
    ActorAlias.objects.create(
        actor=Actor.objects.get(slug="ekraf"), name="Indonesia's Ministry of Creative Economy"
    )
    wait_for(
        lambda: all(Article.objects.get(pk=a.pk).tagged_at > a.tagged_at for a in naming.values()),
        message="the worker re-tags the articles that name the new alias",
    )
    # Later reports of the machine's first reading arrive, and the worker tags them.
    ingest(tmp_path, ["kr-id", "vn-id"], later=True, sync=False)
    wait_for(
        lambda: (
            Article.objects.filter(
                url__in=[url("kr-id", True), url("vn-id", True)], tagged_at__isnull=False
            ).count()
            == 2
        ),
        message="the worker tags the later reports",
    )
    assert_corrections_kept(machine_events)
    assert event_of("kr-id", later=True) == machine_events["kr-id"]
    assert event_of("vn-id", later=True) == machine_events["vn-id"]
    assert machine_events["kr-id"].actors.filter(slug="ekraf").exists()

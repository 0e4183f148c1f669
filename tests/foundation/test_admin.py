"""Editors edit every record in the admin, viewers only look, and history records who changed what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from apps.actors.models import Actor, ActorAlias
from apps.events.models import Event, EventActor, EventPair
from tests.events.conftest import change_form

pytestmark = pytest.mark.django_db


def test_editor_changing_parties_updates_the_pair_index_and_history(seeded, editor_client, editor):
    event = Event.objects.get(kind="agreement", parties__code="CN")
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor_client.post(url, change_form(event, parties=["CN", "KR", "ID"]))
    assert response.status_code == 302, response.content[:2000]
    pairs = set(EventPair.objects.filter(event=event).values_list("a_id", "b_id"))
    assert pairs == {("CN", "ID"), ("CN", "KR"), ("ID", "KR")}
    assert Event.objects.with_any_pair([("ID", "CN")]).get() == event

    response = editor_client.post(url, change_form(event, parties=["ID", "KR"]))
    assert response.status_code == 302
    assert set(EventPair.objects.filter(event=event).values_list("a_id", "b_id")) == {("ID", "KR")}
    assert not Event.objects.with_any_pair([("CN", "KR")]).filter(pk=event.pk).exists()

    latest = event.history.latest()
    assert latest.history_user == editor
    assert sorted(p.country_id for p in latest.parties.all()) == ["ID", "KR"]


def test_editor_date_change_is_recorded_with_its_author(seeded, editor_client, editor):
    event = Event.objects.get(title__startswith="6th")
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor_client.post(url, change_form(event, date="2025-11-09"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.date.isoformat() == "2025-11-09"
    record = event.history.latest()
    assert record.history_user == editor
    assert record.diff_against(record.prev_record).changed_fields == ["date"]


def test_viewer_sees_but_cannot_change(seeded, viewer_client):
    event = Event.objects.get(title__startswith="6th")
    url = reverse("admin:events_event_change", args=[event.pk])
    assert viewer_client.get(url).status_code == 200
    response = viewer_client.post(url, change_form(event, title="Vandalised"))
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title.startswith("6th")
    assert viewer_client.get(reverse("admin:events_event_add")).status_code == 403
    assert viewer_client.get(reverse("admin:actors_actor_add")).status_code == 403


def test_outsider_without_staff_rights_is_sent_to_login(seeded, client):
    # force_login: the login throttle (django-axes) needs the request that `client.login` does not pass.
    client.force_login(User.objects.create_user("outsider", password="pw-outsider"))
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_confirm_and_reject_actions_record_history(seeded, editor_client, editor):
    event = Event.objects.get(title__startswith="5th")
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PROPOSED)
    url = reverse("admin:events_event_changelist")
    editor_client.post(url, {"action": "reject", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == Event.Status.REJECTED
    assert event.history.latest().history_user == editor
    editor_client.post(url, {"action": "confirm", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == Event.Status.CONFIRMED


def test_viewer_cannot_run_the_confirm_action(seeded, viewer_client):
    event = Event.objects.get(title__startswith="5th")
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PROPOSED)
    viewer_client.post(
        reverse("admin:events_event_changelist"), {"action": "confirm", "_selected_action": [event.pk]}
    )
    event.refresh_from_db()
    assert event.status == Event.Status.PROPOSED


def test_merging_duplicate_actors_keeps_events_and_names(seeded, editor_client):
    kaist = Actor.objects.get(events__title__startswith="SM Entertainment", name__icontains="KAIST")
    duplicate = Actor.objects.create(name="Korea Advanced Inst. of Science & Tech", slug="kaist-dup")
    other = Event.objects.get(title__startswith="6th")
    EventActor.objects.create(event=other, actor=duplicate)
    response = editor_client.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "merge_selected", "_selected_action": [kaist.pk, duplicate.pk]},
    )
    assert response.status_code == 302
    assert not Actor.objects.filter(pk=duplicate.pk).exists()
    assert other.actors.filter(pk=kaist.pk).exists()
    assert ActorAlias.objects.filter(actor=kaist, name="Korea Advanced Inst. of Science & Tech").exists()


def test_agreements_have_their_own_admin_section(seeded, editor_client):
    response = editor_client.get(reverse("admin:events_agreement_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cooperation agreements" in body
    assert "SM Entertainment and KAIST" in body
    assert "China summons" not in body


@pytest.mark.parametrize(
    "name",
    [
        "geo_country",
        "geo_countryalias",
        "actors_actor",
        "actors_actoralias",
        "events_event",
        "events_agreement",
        "tagging_topic",
        "events_eventsource",
        "events_eventpair",
        "tagging_actorcandidate",
    ],
)
def test_every_admin_list_and_search_answers(seeded, editor_client, name):
    url = reverse(f"admin:{name.replace('_', '_', 1)}_changelist")
    assert editor_client.get(url).status_code == 200
    assert editor_client.get(url, {"q": "Korea"}).status_code == 200


def test_country_autocomplete_finds_indonesian_names(seeded, editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "Korea Selatan", "app_label": "events", "model_name": "event", "field_name": "parties"},
    )
    assert response.status_code == 200
    assert "KR" in {r["id"] for r in response.json()["results"]}

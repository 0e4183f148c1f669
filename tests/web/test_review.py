"""The review queue: editors confirm, reject or merge proposed events; others cannot."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from apps.events.models import Event, EventPair
from tests.web.builders import make_actor, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_event"))
    return user


@pytest.fixture
def staff_without_permission(db) -> User:
    return User.objects.create_user("viewer", password="pw", is_staff=True)


@pytest.fixture
def queue(world):
    kofice = make_actor("KOFICE", "KR")
    confirmed = make_event("Forum 2025", parties=("ASEAN", "KR"), kind="forum", date="2025-11-08")
    duplicate = make_event(
        "ASEAN Korea culture forum in Singapore",
        parties=("ASEAN", "KR", "SG"),
        kind="forum",
        date="2025-11-08",
        status="proposed",
        actors=(kofice,),
        topics=("culture",),
    )
    other = make_event("Proposed visit", parties=("JP", "US"), kind="visit", status="proposed")
    return {"confirmed": confirmed, "duplicate": duplicate, "other": other}  # fmt: skip


def test_queue_needs_the_change_event_permission(client, queue, staff_without_permission):
    assert client.get("/review/").status_code in (302, 403)
    client.force_login(staff_without_permission)
    assert client.get("/review/").status_code == 403
    response = client.post(f"/review/{queue['other'].pk}/", {"action": "confirm"})
    assert response.status_code == 403
    assert Event.objects.get(pk=queue["other"].pk).status == "proposed"


def test_queue_lists_proposed_events_with_evidence_and_merge_candidates(client, queue, editor):
    client.force_login(editor)
    html = client.get("/review/").content.decode()
    assert (
        f'data-event-id="{queue["duplicate"].pk}"' in html and f'data-event-id="{queue["other"].pk}"' in html
    )
    assert f'data-event-id="{queue["confirmed"].pk}"' not in html
    assert "The two sides signed a memorandum" in html
    assert f'name="target" value="{queue["confirmed"].pk}"' in html


def test_confirm_and_reject_in_one_click(client, queue, editor):
    client.force_login(editor)
    response = client.post(f"/review/{queue['other'].pk}/", {"action": "confirm"})
    assert response.status_code == 302
    assert Event.objects.get(pk=queue["other"].pk).status == "confirmed"
    client.post(f"/review/{queue['duplicate'].pk}/", {"action": "reject"})
    assert Event.objects.get(pk=queue["duplicate"].pk).status == "rejected"


def test_merge_moves_sources_actors_topics_and_parties_then_removes_the_duplicate(client, queue, editor):
    client.force_login(editor)
    target, duplicate = queue["confirmed"], queue["duplicate"]
    response = client.post(f"/review/{duplicate.pk}/", {"action": "merge", "target": target.pk})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=duplicate.pk).exists()
    target.refresh_from_db()
    assert target.sources.count() == 2
    assert list(target.actors.values_list("slug", flat=True)) == ["kofice"]
    assert list(target.topics.values_list("slug", flat=True)) == ["culture"]
    pairs = set(EventPair.objects.filter(event=target).values_list("a_id", "b_id"))
    assert pairs == {("ASEAN", "KR"), ("ASEAN", "SG"), ("KR", "SG")}


def test_bad_actions_answer_400(client, queue, editor):
    client.force_login(editor)
    pk = queue["other"].pk
    assert client.post(f"/review/{pk}/", {"action": "delete"}).status_code == 400
    assert client.post(f"/review/{pk}/", {"action": "merge", "target": "x"}).status_code == 400
    assert client.post(f"/review/{pk}/", {"action": "merge", "target": pk}).status_code == 400
    assert client.get(f"/review/{pk}/").status_code == 405

"""Fixtures shared by the whole suite, and the rule that CI fails when a test is skipped."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from apps.events.seeding import EDITORS, VIEWERS
from apps.geo.models import Country
from apps.tagging.models import Topic
from tests.web.builders import COUNTRIES


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With FAIL_ON_SKIP set (CI), a skipped test fails the run: a missing service must not pass."""
    if os.environ.get("FAIL_ON_SKIP", "").lower() not in {"1", "true", "yes"}:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(f"FAIL_ON_SKIP: {skipped} test(s) were skipped", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def fresh_gazetteers() -> None:
    """Each test has its own database rows, so no test may reuse another's gazetteers."""
    from apps.tagging.gazetteer import invalidate_local

    invalidate_local()


@pytest.fixture
def seeded(db) -> None:
    """The full seed data: countries, blocs, topics, actors, five articles, six events."""
    call_command("seed", verbosity=0)


@pytest.fixture
def reference_data(db) -> None:
    call_command("seed", "--reference-only", verbosity=0)


def _staff(username: str, group: str) -> User:
    call_command("seed", "--reference-only", verbosity=0)
    user = User.objects.create_user(username, password="pw-" + username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db) -> User:
    return _staff("editor", EDITORS)


@pytest.fixture
def viewer(db) -> User:
    return _staff("viewer", VIEWERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def world(db) -> dict[str, Country]:
    """A handful of countries, the ASEAN bloc and three topics."""
    made = {
        code: Country.objects.create(code=code, name=name, names=names)
        for code, (name, names) in COUNTRIES.items()
    }
    asean = Country.objects.create(
        code="ASEAN", kind="bloc", name="ASEAN", names={"en": "ASEAN", "id": "ASEAN"}
    )
    asean.members.add(made["ID"], made["SG"])
    made["ASEAN"] = asean
    for slug, name, name_id in (
        ("ai", "AI", "AI"),
        ("culture", "Culture", "Budaya"),
        ("music", "Music", "Musik"),
    ):
        Topic.objects.create(slug=slug, name=name, names={"en": name, "id": name_id})
    return made

"""Admin login throttling (django-axes, database handler): repeated failures lock a username out from
an address for a cool-off time, the right password included; every failure is logged and recorded."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture(autouse=True)
def editor(settings) -> User:
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, password: str, address: str = ATTACKER):
    return client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": password}, REMOTE_ADDR=address
    )


def test_repeated_failures_lock_the_username_out_from_that_address(client, caplog):
    caplog.set_level(logging.WARNING, logger="axes")
    for _ in range(2):
        response = log_in(client, "guess")
        assert (
            response.status_code == 200 and "Please enter the correct username" in response.content.decode()
        )
    assert log_in(client, "guess").status_code == 429  # the third failure locks out
    locked = log_in(client, PASSWORD)
    assert locked.status_code == 429 and "too many login attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    # The same editor from another address is not locked out.
    assert log_in(client, PASSWORD, address=OFFICE).status_code == 302

    attempt = AccessAttempt.objects.get(username="editor", ip_address=ATTACKER)
    assert attempt.failures_since_start >= 3
    failures = [r for r in caplog.records if "login failure" in r.getMessage()]
    assert len(failures) >= 3 and all(r.levelno == logging.WARNING for r in failures)
    assert any(ATTACKER in r.getMessage() for r in failures)
    assert all(PASSWORD not in r.getMessage() and "guess" not in r.getMessage() for r in caplog.records)
    assert any("Locking out" in r.getMessage() for r in caplog.records)


def test_the_lockout_ends_after_the_cool_off(client):
    for _ in range(3):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = log_in(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_successful_login_resets_the_count(client):
    log_in(client, "guess")
    log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    log_in(client, "guess")
    log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 302  # two failures since the success: not locked

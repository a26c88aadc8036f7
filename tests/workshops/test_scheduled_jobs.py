"""Scheduled jobs: reminders 2 days before, with the joining link, never twice."""

import signal
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE, SIGNAL_LOCKED

from workshops import services
from workshops.models import Feedback, Registration, Workshop
from workshops.tasks import request_feedback_job, send_reminders_job

pytestmark = pytest.mark.django_db


def test_reminders_go_two_days_before_once_with_the_joining_link(make_workshop, make_user, network):
    soon = make_workshop(
        title="Online soon",
        start=timezone.now() + timedelta(days=1, hours=12),
        is_online=True,
        venue_name="",
        joining_link="https://meet.example.org/room",
        capacity=1,
    )
    later = make_workshop(title="Later", start=timezone.now() + timedelta(days=5))
    person, waiting = make_user(), make_user()
    services.register(workshop=soon, member=person)
    services.register(workshop=soon, member=waiting)
    services.register(workshop=later, member=person)
    mail.outbox.clear()

    send_reminders_job.call_local()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Online soon" in message.subject
    assert "https://meet.example.org/room" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert Registration.objects.get(workshop=soon, member=person).reminder_sent_at is not None

    send_reminders_job.call_local()
    assert len(mail.outbox) == 1  # never twice


def test_members_who_turned_off_workshop_emails_get_no_reminder_but_are_not_retried(
    make_workshop, make_user, network
):
    workshop = make_workshop(start=timezone.now() + timedelta(days=1))
    person = make_user(notify_workshops=False)
    services.register(workshop=workshop, member=person)
    mail.outbox.clear()
    send_reminders_job.call_local()
    assert mail.outbox == []
    assert Registration.objects.get().reminder_sent_at is not None


@pytest.fixture
def two_workers():
    """Two consumers, as two `manage.py run_huey` processes would be (each with two worker
    threads), on the real queue (a SQLite file here; Redis in production with REDIS_URL)."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    # Each job closes its worker thread's connection when done (so the test database can be
    # dropped afterwards), rather than keeping it for the next job as production does.
    kept_for = connections.settings["default"]["CONN_MAX_AGE"]
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    HUEY.immediate = False
    HUEY.flush()
    consumers = [
        HUEY.create_consumer(
            workers=2, worker_type="thread", initial_delay=0.05, max_delay=0.2, periodic=False
        )
        for _ in range(2)
    ]
    for consumer in consumers:
        consumer.start()
    yield consumers
    for consumer in consumers:
        consumer.stop(graceful=True)
    HUEY.flush()
    HUEY.immediate = True
    connections.settings["default"]["CONN_MAX_AGE"] = kept_for
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_the_reminder_job_started_by_two_workers_at_once_reminds_each_person_once(
    make_workshop, make_user, network, two_workers
):
    workshop = make_workshop(start=timezone.now() + timedelta(days=1))
    people = [make_user() for _ in range(3)]
    for person in people:
        services.register(workshop=workshop, member=person)
    mail.outbox.clear()

    # Both workers' schedulers fire the job in the same minute, and again later.
    finished = []  # (what happened, task id), as the workers report it

    def record(signal_name, task, exc=None):
        finished.append((signal_name, task.id))

    HUEY.signal(SIGNAL_COMPLETE, SIGNAL_LOCKED)(record)
    try:
        runs = [send_reminders_job() for _ in range(4)]
        deadline = time.monotonic() + 20
        while len(finished) < len(runs) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        HUEY.disconnect_signal(record)
    assert len(finished) == len(runs)
    # Each run either did the job or was locked out while another did it...
    assert {what for what, _ in finished} <= {SIGNAL_COMPLETE, SIGNAL_LOCKED}
    assert [what for what, _ in finished].count(SIGNAL_COMPLETE) >= 1
    # ...and, however the four runs met, each person got exactly one reminder.
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        person.email for person in people
    )
    assert HUEY.pending_count() == 0
    assert Registration.objects.filter(reminder_sent_at__isnull=True).count() == 0


def test_every_scheduled_job_is_on_the_worker_s_timetable():
    autodiscover_modules("tasks")  # as `manage.py run_huey` does: each app's tasks.py
    periodic = {task.name for task in HUEY._registry.periodic_tasks}
    assert {
        "send_reminders_job",
        "request_feedback_job",
        "purge_access_needs_job",
        "reinstate_expired_suspensions_job",
        "deliver_mail_every_minute",
        "flush_view_counts_job",
        "retry_deferred_mail_job",
        "purge_mail_log_job",
    } <= periodic


def test_attendees_of_a_completed_workshop_are_asked_for_feedback_once(
    make_workshop, make_user, network
):
    workshop = make_workshop(title="Listening well", start=timezone.now() + timedelta(days=1))
    came, absent, gave = make_user(), make_user(), make_user()
    for person in (came, absent, gave):
        services.register(workshop=workshop, member=person)
    ended = timezone.now() - timedelta(hours=2)
    Workshop.objects.filter(pk=workshop.pk).update(
        start=ended - timedelta(hours=3), end=ended, status=Workshop.Status.COMPLETED
    )
    Registration.objects.filter(member__in=[came, gave]).update(attended=True)
    Feedback.objects.create(workshop=workshop, member=gave, usefulness=5)
    mail.outbox.clear()

    request_feedback_job.call_local()
    request_feedback_job.call_local()  # the next hour: nobody is asked twice

    [message] = mail.outbox
    assert message.to == [came.email]
    assert message.subject == 'How was "Listening well"?'
    assert f"{workshop.get_absolute_url()}feedback/" in message.body
    assert "certificate.pdf" in message.body

"""Changes reach people: a new time or a cancellation, confirmed in the admin first, is
e-mailed to everyone registered or waiting with a calendar file that updates (same UID,
higher SEQUENCE) or removes (METHOD:CANCEL) their entry. The files are read with vobject,
not with icalendar, which wrote them."""

from datetime import timedelta

import pytest
import vobject
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse

from tests.conftest import client_for
from tests.faults.formscrape import form_fields
from workshops import services
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def calendar_of(message):
    [(filename, content, mimetype)] = message.attachments
    assert filename == "workshop.ics"
    assert mimetype.startswith("text/calendar")
    return vobject.readOne(content.decode() if isinstance(content, bytes) else content)


@pytest.fixture
def full_workshop(make_workshop, make_user, network):
    """One confirmed participant and one on the waiting list."""
    workshop = make_workshop(title="Communicating about change", capacity=1)
    confirmed, waiting = make_user(), make_user()
    services.register(workshop=workshop, member=confirmed)
    services.register(workshop=workshop, member=waiting)
    mail.outbox.clear()
    return workshop, confirmed, waiting


def change_form(client, workshop):
    page = client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    return form_fields(page.content.decode(), "workshop_form")


def test_a_new_time_asks_first_then_reaches_registered_and_waiting_people_with_an_updated_ics(
    full_workshop, organiser
):
    workshop, confirmed, waiting = full_workshop
    client = client_for(organiser)
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    data = change_form(client, workshop)
    old_hour = data["start_1"][0]
    data["start_1"] = ["18:30:00"]
    data["end_1"] = ["21:30:00"]

    confirm = client.post(url, data)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "tell 2 people" in page
    assert "Starts" in page and "18:30" in page
    workshop.refresh_from_db()
    assert workshop.start.astimezone(services.calendars.LONDON).strftime("%H:%M:%S") == old_hour
    assert mail.outbox == []  # nothing saved or sent before the organiser confirms

    client.post(url, {**data, "_confirm_notify": "1", "notify_message": "The room is free later."})

    workshop.refresh_from_db()
    assert workshop.start.astimezone(services.calendars.LONDON).strftime("%H:%M") == "18:30"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])
    for message in mail.outbox:
        assert message.subject == "Changed: Communicating about change"
        assert "→" in message.body and "18:30" in message.body
        assert "The room is free later." in message.body
        calendar = calendar_of(message)
        assert calendar.method.value == "REQUEST"
        event = calendar.vevent
        assert event.uid.value == f"workshop-{workshop.pk}@testserver"
        assert int(event.sequence.value) == 1
        assert event.dtstart.value.strftime("%H:%M") == "18:30"
        assert event.dtstart.value.tzinfo is not None
    assert "You are on its waiting list" in next(
        m.body for m in mail.outbox if m.to == [waiting.email]
    )
    assert LogEntry.objects.filter(
        object_id=str(workshop.pk), change_message__contains="Told 2 people"
    ).exists()


def test_a_change_nobody_is_told_about_saves_without_asking(full_workshop, organiser):
    workshop, *_ = full_workshop
    client = client_for(organiser)
    data = change_form(client, workshop)
    data["summary"] = ["A new summary."]
    response = client.post(reverse("admin:workshops_workshop_change", args=[workshop.pk]), data)
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.summary, workshop.sequence) == ("A new summary.", 0)
    assert mail.outbox == []


def test_cancelling_asks_for_confirmation_and_a_reason_then_sends_a_calendar_cancellation(
    full_workshop, owner, make_user
):
    workshop, confirmed, waiting = full_workshop
    client = client_for(owner)
    changelist = reverse("admin:workshops_workshop_changelist")

    ask = client.post(changelist, {"action": "cancel_workshops", "_selected_action": [workshop.pk]})
    page = ask.content.decode()
    assert ask.status_code == 200
    assert "2 people registered or waiting will be e-mailed" in page
    assert 'name="notify_message"' in page
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.SCHEDULED
    assert mail.outbox == []

    client.post(
        changelist,
        {
            "action": "cancel_workshops",
            "_selected_action": [workshop.pk],
            "apply": "1",
            "notify_message": "Our facilitator is ill; we will set a new date.",
        },
    )
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])
    for message in mail.outbox:
        assert message.subject == "Cancelled: Communicating about change"
        assert "Our facilitator is ill; we will set a new date." in message.body
        calendar = calendar_of(message)
        assert calendar.method.value == "CANCEL"
        assert calendar.vevent.status.value == "CANCELLED"
        assert calendar.vevent.uid.value == f"workshop-{workshop.pk}@testserver"
        assert int(calendar.vevent.sequence.value) == 1
    assert LogEntry.objects.filter(
        object_id=str(workshop.pk), change_message__contains="Our facilitator is ill"
    ).exists()


def test_the_participant_page_and_feeds_say_cancelled(full_workshop):
    workshop, confirmed, _ = full_workshop
    services.cancel_workshop(workshop=workshop, message="Sorry.")
    page = client_for(confirmed).get(workshop.get_absolute_url()).content.decode()
    assert "This workshop has been cancelled." in page
    assert "You're registered" not in page
    assert "your place ended when this workshop was cancelled" in page
    feed = client_for(confirmed).get(reverse("workshops:ics", args=[workshop.slug]))
    event = vobject.readOne(feed.content.decode()).vevent
    assert event.summary.value == "Cancelled: Communicating about change"
    assert event.status.value == "CANCELLED"


def test_a_moved_workshop_keeps_its_uid_and_raises_the_sequence_each_time(full_workshop):
    workshop, *_ = full_workshop
    for expected in (1, 2):
        workshop.refresh_from_db()
        before = Workshop.objects.get(pk=workshop.pk)
        workshop.start += timedelta(days=1)
        workshop.end += timedelta(days=1)
        workshop.save()
        assert services.notify_change(workshop=workshop, before=before) == 2
        assert int(calendar_of(mail.outbox[-1]).vevent.sequence.value) == expected


def test_a_change_saved_outside_the_admin_reaches_people_too(make_workshop, make_user, network):
    workshop = make_workshop(title="Saved by a script")
    for person in (make_user(), make_user()):
        services.register(workshop=workshop, member=person)
    mail.outbox.clear()
    workshop.start += timedelta(hours=1)
    workshop.end += timedelta(hours=1)
    assert services.save_workshop(workshop=workshop, message="Room change.") == ("changed", 2)
    assert len(mail.outbox) == 2
    assert "Room change." in mail.outbox[0].body

    workshop.status = Workshop.Status.CANCELLED
    assert services.save_workshop(workshop=workshop) == ("cancelled", 2)
    assert len(mail.outbox) == 4
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED

"""What changes a person's plans reaches their notification centre as well as their
inbox, at once, and is never repeated in a digest."""

from datetime import timedelta

import pytest

from members import digests
from network.models import Notification
from workshops import services

pytestmark = pytest.mark.django_db


def test_a_moved_workshop_and_a_place_offered_appear_in_the_centre_already_emailed(
    make_workshop, make_user, mailoutbox
):
    workshop = make_workshop(capacity=1)
    first, second = make_user(), make_user()
    taken = services.register(workshop=workshop, member=first)
    services.register(workshop=workshop, member=second)
    before = type(workshop).objects.get(pk=workshop.pk)
    workshop.start += timedelta(hours=2)
    workshop.end += timedelta(hours=2)
    workshop.save()
    assert services.notify_change(workshop=workshop, before=before) == 2
    for person in (first, second):
        note = person.notifications.get(kind=Notification.Kind.WORKSHOP)
        assert note.text.startswith(f"{workshop.title} has changed (")
        assert note.url == workshop.get_absolute_url()
        assert note.emailed_at is not None  # e-mailed at once, so no digest repeats it

    services.cancel(registration=taken)
    offer = second.notifications.get(kind=Notification.Kind.PLACE)
    assert offer.text == f"A place at {workshop.title} is yours"
    mailoutbox.clear()
    for hour in range(24):
        digests.send_due_digests(offer.created_at + timedelta(hours=hour + 1))
    assert mailoutbox == []


def test_a_cancelled_workshop_tells_the_centre(make_workshop, make_user):
    workshop = make_workshop()
    person = make_user()
    services.register(workshop=workshop, member=person)
    services.cancel_workshop(workshop=workshop)
    assert person.notifications.get().text == f"{workshop.title} is cancelled"


def test_an_approved_application_is_a_decision_in_the_centre(network, owner, pending):
    from members import moderation

    moderation.approve(actor=owner, profile=pending.profile)
    note = pending.notifications.get()
    assert note.kind == Notification.Kind.DECISION
    assert "approved" in note.text

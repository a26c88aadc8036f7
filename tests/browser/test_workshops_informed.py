"""Keeping participants informed, in real Chromium with axe on every page: a hybrid workshop
as a visitor, a waiting member and a confirmed member see it; an organiser writes to the
participants and cancels with a confirmation and a reason."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD
from workshops import services
from workshops.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "https://meet.example.org/hybrid-room"


def _hybrid():
    start = timezone.now() + timedelta(days=12)
    return Workshop.objects.create(
        title="Hybrid panel",
        summary="Come to the room or join online.",
        start=start,
        end=start + timedelta(hours=2),
        attendance=Workshop.Attendance.HYBRID,
        venue_name="Oxford House",
        venue_address="Derbyshire Street, London E2 6HG",
        joining_link=LINK,
        capacity=1,
    )


def test_a_hybrid_workshop_as_a_visitor_a_waiting_and_a_confirmed_member_see_it(
    page, browser, live_server, network, make_user
):
    workshop = _hybrid()
    confirmed, waiting = make_user(), make_user()
    services.register(workshop=workshop, member=confirmed)
    services.register(workshop=workshop, member=waiting)
    url = f"{live_server.url}{workshop.get_absolute_url()}"

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(url)
    assert page.get_by_text("Hybrid: come in person or join online.").is_visible()
    assert page.get_by_text("In person: Oxford House").is_visible()
    assert page.get_by_role("link", name="join the workshop").count() == 0
    assert_accessible(page)
    assert_fits_width(page)

    for person, sees_link in ((waiting, False), (confirmed, True)):
        context = browser.new_context()
        other = context.new_page()
        sign_in(other, live_server, person.email, PASSWORD)
        other.goto(url)
        assert other.get_by_text("In person: Oxford House").is_visible()
        links = other.get_by_role("link", name="join the workshop")
        assert links.count() == (1 if sees_link else 0)
        if sees_link:
            assert links.get_attribute("href") == LINK
        else:
            assert other.get_by_text("You're number 1 on the waiting list").is_visible()
        assert_accessible(other)
        context.close()


def test_an_organiser_writes_to_participants_then_cancels_with_a_reason(
    page, live_server, network, make_user, organiser
):
    workshop = _hybrid()
    confirmed, waiting = make_user(), make_user()
    services.register(workshop=workshop, member=confirmed)
    services.register(workshop=workshop, member=waiting)
    sign_in(page, live_server, organiser.email, PASSWORD)
    mail.outbox.clear()  # the registrations' confirmations and the sign-in's own e-mails

    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("link", name="Write to the participants").click()
    assert_accessible(page)
    page.get_by_label("Everyone registered or waiting").check()
    page.get_by_label("Subject").fill("Room change")
    page.get_by_label("Message").fill("We meet in the garden room.")
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_text("2 people").first.is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send to 2 people").click()
    page.get_by_text("Your message is queued for 2 people.").wait_for()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])

    mail.outbox.clear()
    page.goto(f"{live_server.url}/admin/workshops/workshop/")
    page.get_by_role("checkbox", name="Select this object for an action - Hybrid panel").check()
    page.locator("select[name=action]").select_option("cancel_workshops")
    page.get_by_role("button", name="Go").click()
    assert page.get_by_text("2 people registered or waiting will be e-mailed").is_visible()
    assert_accessible(page)
    assert mail.outbox == []
    page.get_by_label("Message to include (optional)").fill("The facilitator is ill.")
    page.get_by_role("button", name="Cancel and e-mail 2 people").click()
    page.get_by_text("Cancelled; 2 e-mail(s) queued.").wait_for()
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED
    assert all("The facilitator is ill." in m.body for m in mail.outbox)
    assert len(mail.outbox) == 2


def test_a_member_chooses_one_session_of_a_series_and_leaves_it_on_a_phone(
    page, live_server, network, member, make_user
):
    from workshops.models import Session, SessionPlace

    start = timezone.now() + timedelta(days=12)
    panel = Workshop.objects.create(
        title="Standing panel",
        summary="Six fortnightly sessions.",
        format=Workshop.Format.SERIES,
        series_registration=Workshop.SeriesRegistration.PER_SESSION,
        start=start,
        end=start + timedelta(weeks=2, hours=2),
        attendance=Workshop.Attendance.ONLINE,
        joining_link=LINK,
        capacity=1,
    )
    first = Session.objects.create(workshop=panel, start=start, end=start + timedelta(hours=2))
    second_start = start + timedelta(weeks=2)
    Session.objects.create(
        workshop=panel, start=second_start, end=second_start + timedelta(hours=2)
    )
    services.register_for_session(session=first, member=make_user())  # the first is full
    mail.outbox.clear()

    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}{panel.get_absolute_url()}")
    assert page.get_by_text("Full — join the waiting list").is_visible()
    assert_accessible(page)
    assert_fits_width(page)

    page.get_by_role("link", name="Join the waiting list for").click()
    page.get_by_role("button", name="Join the waiting list").click()
    page.wait_for_url(f"**{panel.get_absolute_url()}#sessions-title")
    assert page.get_by_text("you're number 1 on its waiting list").is_visible()
    assert page.get_by_text("You're number 1 on this session's waiting list.").is_visible()
    page.get_by_role("link", name="Register for the session on").click()
    page.get_by_role("button", name="Register for this session").click()
    page.wait_for_url(f"**{panel.get_absolute_url()}#sessions-title")
    assert page.get_by_text("You have a place at this session.").is_visible()
    assert_accessible(page)
    assert [m.subject.split(" (")[0] for m in mail.outbox] == [
        "Waiting list: Standing panel",
        "You're registered: Standing panel",
    ]

    page.get_by_role("button", name="Cancel my place").click()
    page.wait_for_url(f"**{panel.get_absolute_url()}#sessions-title")
    assert page.get_by_text("Your place at that session is cancelled.").is_visible()
    assert SessionPlace.objects.active().filter(member=member).count() == 1  # still waiting

"""Workshops in real Chromium: find, register with access needs, cancel, join a
waiting list, propose and support a theme. Every page is checked with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Area
from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD
from workshops import services
from workshops.models import Registration, ThemeProposal, ThemeSupport, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _workshop(**fields):
    start = fields.pop("start", timezone.now() + timedelta(days=12))
    defaults = {
        "title": "Communicating about change",
        "summary": "A live case study about leaving hospital.",
        "description": "We use **theatre**.",
        "start": start,
        "end": start + timedelta(hours=3),
        "venue_name": "Oxford House",
        "venue_address": "Derbyshire Street, London E2 6HG",
        "borough": Area.TOWER_HAMLETS,
        "step_free_access": True,
        "capacity": 10,
    }
    defaults.update(fields)
    return Workshop.objects.create(**defaults)


def test_member_finds_a_workshop_registers_with_access_needs_and_cancels(
    page, live_server, network, member
):
    _workshop()
    _workshop(title="Online catch-up", is_online=True, venue_name="", borough="")
    sign_in(page, live_server, member.email, PASSWORD)

    page.goto(f"{live_server.url}/workshops/")
    assert_accessible(page)
    page.get_by_label("Online or in person").select_option("no")
    page.get_by_role("button", name="Show workshops").click()
    assert page.get_by_role("link", name="Online catch-up").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="Communicating about change").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Communicating about change"
    assert page.get_by_text("10 places left").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Register").click()
    assert_accessible(page)
    page.get_by_label("Step-free access").check()
    page.get_by_label("Other", exact=True).check()
    page.get_by_role("button", name="Register").click()
    # "Other" without words: the form comes back with the error by the field.
    assert page.get_by_text("Tell us what the other access need is.").first.is_visible()
    assert page.get_by_label("Step-free access").is_checked()
    assert_accessible(page)
    page.get_by_label("Tell us more about your access needs").fill("I lip-read: please face me")
    page.get_by_role("button", name="Register").click()

    assert page.get_by_text("You're registered", exact=False).first.is_visible()
    assert_accessible(page)
    assert_fits_width_at_phone(page)
    registration = Registration.objects.get(member=member)
    assert registration.access_needs == ["step_free", "other"]
    assert registration.access_needs_other == "I lip-read: please face me"

    page.get_by_role("button", name="Cancel my place").click()
    assert page.get_by_text("Your place is cancelled").is_visible()
    assert_accessible(page)
    assert Registration.objects.get(member=member).status == Registration.Status.CANCELLED


def assert_fits_width_at_phone(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert_fits_width(page, 360)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_member_joins_the_waiting_list_of_a_full_workshop_and_leaves_it(
    page, live_server, network, member, make_user
):
    workshop = _workshop(capacity=1)
    services.register(workshop=workshop, member=make_user())
    sign_in(page, live_server, member.email, PASSWORD)

    page.goto(f"{live_server.url}/workshops/")
    assert page.get_by_text("Full — join the waiting list").is_visible()
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("link", name="Join the waiting list").click()
    page.get_by_role("button", name="Join the waiting list").click()
    assert (
        page.get_by_role("complementary")
        .get_by_text("You're number 1 on the waiting list")
        .is_visible()
    )
    assert_accessible(page)
    assert Registration.objects.get(member=member).status == Registration.Status.WAITING

    page.get_by_role("button", name="Leave the waiting list").click()
    assert page.get_by_text("You have left the waiting list.").is_visible()
    assert Registration.objects.get(member=member).status == Registration.Status.CANCELLED


def test_participants_propose_and_support_a_case_study_theme(
    page, live_server, network, member, make_user
):
    workshop = _workshop()
    other = make_user(display_name="Tom Whitfield")
    services.register(workshop=workshop, member=member)
    services.register(workshop=workshop, member=other)
    ThemeProposal.objects.create(
        workshop=workshop, author=other, text="A care-plan review where nobody asked me"
    )
    sign_in(page, live_server, member.email, PASSWORD)

    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("link", name="Propose or support case-study themes").click()
    assert_accessible(page)
    page.get_by_label("Theme or situation").fill("A discharge conversation that went wrong")
    page.get_by_role("button", name="Propose this theme").click()
    assert page.get_by_text("your theme has been added").is_visible()
    page.get_by_role("button", name="Support “A care-plan review where nobody asked me”").click()
    assert page.get_by_text("You support this theme.").first.is_visible()
    assert page.get_by_text("1 supporter").is_visible()
    assert_accessible(page)
    assert ThemeProposal.objects.filter(author=member).count() == 1
    assert ThemeSupport.objects.filter(member=member).count() == 1


def test_past_workshops_and_feedback_pages_are_accessible(page, live_server, network, member):
    workshop = _workshop(
        start=timezone.now() - timedelta(days=3),
        status=Workshop.Status.COMPLETED,
        outcomes="We built a model of good communication.",
    )
    Registration.objects.create(
        workshop=workshop, member=member, status="confirmed", queue_number=1, attended=True
    )
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/workshops/past/")
    assert_accessible(page)
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("link", name="Give feedback").click()
    assert_accessible(page)
    page.get_by_label("5 – very useful").check()
    page.get_by_label("A quote we may publish (optional)").fill("The role-play was helpful.")
    page.get_by_role("button", name="Send my feedback").click()
    assert page.get_by_text("Tick the box to let us publish your quote").first.is_visible()
    assert_accessible(page)
    page.get_by_label("I agree that this quote may be published").check()
    page.get_by_label("My kind of expertise only").check()
    page.get_by_role("button", name="Send my feedback").click()
    assert page.get_by_text("Thank you for your feedback.").is_visible()
    page.goto(f"{live_server.url}/workshops/my-calendar/")
    assert_accessible(page)

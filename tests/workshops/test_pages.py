"""What people see on the workshop pages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from members.models import Area
from tests.conftest import client_for
from workshops import services
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db


def test_list_shows_upcoming_soonest_first_with_date_format_venue_and_places(
    make_workshop, client, network, professional
):
    later = make_workshop(title="Later one", start=timezone.now() + timedelta(days=30))
    soon = make_workshop(title="Soon one", start=timezone.now() + timedelta(days=3), capacity=3)
    make_workshop(title="Online one", is_online=True, venue_name="", capacity=1)
    make_workshop(title="Gone one", start=timezone.now() - timedelta(days=3))
    make_workshop(title="Cancelled one", status=Workshop.Status.CANCELLED)
    services.register(workshop=Workshop.objects.get(title="Online one"), member=professional())
    html = client.get(reverse("workshops:list")).content.decode()
    assert html.index("Soon one") < html.index("Later one")
    assert "3 places left" in html
    assert "Full — join the waiting list" in html
    assert "Online" in html
    assert "Oxford House, Tower Hamlets" in html
    assert "Short session" in html
    assert "Gone one" not in html and "Cancelled one" not in html
    assert soon.start.strftime("%Y") in html and later.title in html


def test_list_filters_by_format_area_and_online(make_workshop, client, network):
    make_workshop(title="Long in Newham", format=Workshop.Format.LONG, borough=Area.NEWHAM)
    make_workshop(title="Short in Hackney", borough=Area.HACKNEY)
    make_workshop(title="On the web", is_online=True, venue_name="")
    url = reverse("workshops:list")
    assert _titles(client.get(url, {"format": "long"})) == ["Long in Newham"]
    assert _titles(client.get(url, {"area": "hackney"})) == ["Short in Hackney"]
    assert _titles(client.get(url, {"online": "yes"})) == ["On the web"]
    assert sorted(_titles(client.get(url, {"online": "no"}))) == [
        "Long in Newham",
        "Short in Hackney",
    ]


def _titles(response):
    return [w.title for w in response.context["page"].object_list]


def test_list_has_twelve_per_page(make_workshop, client, network):
    for n in range(13):
        make_workshop(start=timezone.now() + timedelta(days=n + 1))
    first = client.get(reverse("workshops:list"))
    second = client.get(reverse("workshops:list"), {"page": 2})
    assert len(first.context["page"].object_list) == 12
    assert len(second.context["page"].object_list) == 1


def test_past_page_shows_completed_workshops_with_outcomes(make_workshop, client, network):
    make_workshop(
        title="Pilot one",
        start=timezone.now() - timedelta(days=40),
        status=Workshop.Status.COMPLETED,
        outcomes="We built a **model of good communication**.",
    )
    make_workshop(title="Still to come")
    html = client.get(reverse("workshops:past")).content.decode()
    assert "Pilot one" in html
    assert "<strong>model of good communication</strong>" in html
    assert "Still to come" not in html


def test_description_markdown_is_rendered_and_sanitised_on_save(make_workshop):
    workshop = make_workshop(description="**Bold** <script>alert(1)</script> [x](javascript:evil)")
    assert "<strong>Bold</strong>" in workshop.description_html
    assert "<script" not in workshop.description_html
    assert "javascript:" not in workshop.description_html


def test_workshop_page_shows_facilitators_partners_accessibility_and_calendar_link(
    make_workshop, organiser, client, network
):
    workshop = make_workshop(
        guest_facilitators="Hament (OCP Ltd)",
        partners="Involve\nOCP Ltd",
        step_free_access=True,
        hearing_loop=True,
        accessibility_notes="Lift to the first floor.",
    )
    workshop.facilitators.add(organiser)
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert reverse("members:profile", args=[organiser.pk]) in html
    assert "Hament (OCP Ltd)" in html
    assert "OCP Ltd" in html and "Involve" in html
    assert "Step-free access" in html and "Hearing loop" in html
    assert "Lift to the first floor." in html
    assert reverse("workshops:ics", args=[workshop.slug]) in html
    assert "Join the network to register" in html


def test_times_are_shown_in_london_time(make_workshop, client, network):
    start = datetime(2030, 7, 1, 9, 0, tzinfo=UTC)  # 10:00 BST
    workshop = make_workshop(start=start, end=start + timedelta(hours=2))
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert "Monday 1 July 2030, 10:00" in html
    assert "12:00" in html


def test_registration_panel_fits_the_viewer(make_workshop, make_user, pending, network):
    workshop = make_workshop(capacity=1)
    url = workshop.get_absolute_url()
    first, second, third = make_user(), make_user(), make_user()

    assert "Register" in client_for(first).get(url).content.decode()
    client_for(first).post(reverse("workshops:register", args=[workshop.slug]))
    assert "You're registered" in client_for(first).get(url).content.decode()
    assert "Cancel my place" in client_for(first).get(url).content.decode()

    assert "Join the waiting list" in client_for(second).get(url).content.decode()
    client_for(second).post(reverse("workshops:register", args=[workshop.slug]))
    client_for(third).post(reverse("workshops:register", args=[workshop.slug]))
    html = client_for(third).get(url).content.decode()
    assert "You're number 2 on the waiting list" in html
    assert "Leave the waiting list" in html

    assert "waiting for an organiser" in client_for(pending).get(url).content.decode()


def test_register_page_tells_the_member_who_sees_access_needs_and_when_they_go(
    workshop, member_client
):
    html = member_client.get(reverse("workshops:register", args=[workshop.slug])).content.decode()
    assert "Only the organisers of this workshop see these" in html
    assert "deleted automatically 30 days after the workshop ends" in html
    assert "BSL or other interpreter" in html


def test_register_form_with_other_need_but_no_text_redisplays_with_error(workshop, member_client):
    response = member_client.post(
        reverse("workshops:register", args=[workshop.slug]), {"access_needs": ["other"]}
    )
    assert response.status_code == 200
    assert "Tell us what the other access need is." in response.content.decode()
    assert response.context["form"]["access_needs"].value() == ["other"]
    assert not Registration.objects.exists()


def test_registering_on_a_closed_workshop_says_so_without_registering(
    make_workshop, member_client, network
):
    workshop = make_workshop(registration_closes_at=timezone.now() - timedelta(hours=1))
    response = member_client.post(reverse("workshops:register", args=[workshop.slug]))
    assert response.status_code == 200
    assert "not open" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelling_through_the_page_frees_the_place_for_the_waiting_list(
    make_workshop, make_user, network
):
    workshop = make_workshop(capacity=1)
    holder, waiting = make_user(), make_user()
    services.register(workshop=workshop, member=holder)
    services.register(workshop=workshop, member=waiting)
    response = client_for(holder).post(reverse("workshops:cancel", args=[workshop.slug]))
    assert response.status_code == 302
    assert Registration.objects.get(member=waiting).status == Registration.Status.CONFIRMED
    assert (
        "You're registered" in client_for(waiting).get(workshop.get_absolute_url()).content.decode()
    )


def test_joining_link_is_shown_only_to_registered_participants(
    make_workshop, make_user, organiser, client, network
):
    workshop = make_workshop(
        is_online=True,
        venue_name="",
        joining_link="https://meet.example.org/secret-room",
        capacity=1,
    )
    registered, waiting = make_user(), make_user()
    services.register(workshop=workshop, member=registered)
    services.register(workshop=workshop, member=waiting)
    link = "https://meet.example.org/secret-room"
    assert link in client_for(registered).get(workshop.get_absolute_url()).content.decode()
    assert link in client_for(organiser).get(workshop.get_absolute_url()).content.decode()
    assert link not in client_for(waiting).get(workshop.get_absolute_url()).content.decode()
    assert link not in client.get(workshop.get_absolute_url()).content.decode()
    assert link not in client.get(reverse("workshops:ics", args=[workshop.slug])).content.decode()


def test_balanced_workshop_page_shows_places_left_in_each_pool(
    make_workshop, lived, professional, client, network
):
    workshop = make_workshop(capacity=15, reserved_places=5)
    services.register(workshop=workshop, member=lived())
    services.register(workshop=workshop, member=professional())
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert "13 places left" in html
    assert "4 left of 5" in html
    assert "Other places: 9 left" in html


def test_home_page_shows_upcoming_workshops(make_workshop, client, network):
    make_workshop(title="Coming to the home page")
    html = client.get(reverse("home")).content.decode()
    assert "Coming to the home page" in html
    assert "10 places left" in html


def test_organiser_removing_through_admin_action_asks_then_promotes_waiting_and_records(
    make_workshop, make_user, organiser, network, mailoutbox
):
    workshop = make_workshop(capacity=1)
    removed = services.register(workshop=workshop, member=make_user())
    waiting = services.register(workshop=workshop, member=make_user())
    mailoutbox.clear()
    client = client_for(organiser)
    changelist = reverse("admin:workshops_registration_changelist")
    chosen = {"action": "remove_places", "_selected_action": [removed.pk]}
    asked = client.post(changelist, chosen)
    assert asked.status_code == 200
    assert "Remove 1 person from the workshop?" in asked.content.decode()
    assert Registration.objects.get(pk=removed.pk).status == Registration.Status.CONFIRMED
    assert mailoutbox == []

    response = client.post(changelist, {**chosen, "apply": "1"})
    assert response.status_code == 302
    assert Registration.objects.get(pk=removed.pk).status == Registration.Status.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
    told = {m.to[0] for m in mailoutbox}
    assert {removed.member.email, waiting.member.email} <= told
    assert LogEntry.objects.filter(object_id=str(removed.pk), user=organiser).exists()


def test_organiser_marks_attendance_in_the_admin(make_workshop, make_user, organiser, network):
    workshop = make_workshop()
    registration = services.register(workshop=workshop, member=make_user())
    client_for(organiser).post(
        reverse("admin:workshops_registration_changelist"),
        {"action": "mark_attended", "_selected_action": [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.attended is True


def test_admin_list_shows_counts_and_filters(make_workshop, make_user, organiser, network):
    workshop = make_workshop(capacity=1)
    services.register(workshop=workshop, member=make_user())
    services.register(workshop=workshop, member=make_user())
    client = client_for(organiser)
    response = client.get(reverse("admin:workshops_workshop_changelist"), {"status": "scheduled"})
    assert response.status_code == 200
    assert workshop.title in response.content.decode()
    change = client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    assert "1 confirmed (0 in reserved places), 1 waiting, 0 cancelled, 0 attended" in (
        change.content.decode()
    )


def test_a_workshop_page_shows_an_edit_and_a_new_facilitator_at_once(
    make_workshop, client, network, organiser
):
    workshop = make_workshop(title="Old title")
    url = workshop.get_absolute_url()
    assert "Old title" in client.get(url).content.decode()  # now a cached fragment
    workshop.title = "New title"
    workshop.save()
    workshop.facilitators.add(organiser)
    html = client.get(url).content.decode()
    assert "<h1>New title</h1>" in html
    assert f'href="/members/{organiser.pk}/"' in html

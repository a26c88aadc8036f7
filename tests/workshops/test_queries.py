"""Fixed numbers of queries whatever the data size (1 and N items)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from workshops import services
from workshops.models import Feedback, Registration

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("how_many", [1, 12])
def test_list_runs_a_fixed_number_of_queries(
    page_cache_off,
    how_many,
    make_workshop,
    member,
    professional,
    network,
    django_assert_num_queries,
):
    for n in range(how_many):
        workshop = make_workshop(start=timezone.now() + timedelta(days=n + 1))
        services.register(workshop=workshop, member=professional())
    client = client_for(member)
    client.get(reverse("workshops:list"))  # warm the network cache
    # session, user with profile, paginator count, the page of workshops with
    # counts annotated (the organiser check is cached after the first request)
    with django_assert_num_queries(4):
        response = client.get(reverse("workshops:list"))
    assert len(response.context["page"].object_list) == how_many


@pytest.mark.parametrize("how_many", [1, 50])
def test_workshop_page_runs_a_fixed_number_of_queries(
    how_many,
    page_cache_off,
    make_workshop,
    member,
    organiser,
    professional,
    network,
    django_assert_num_queries,
):
    workshop = make_workshop(capacity=1)
    workshop.facilitators.add(organiser)
    people = [professional() for _ in range(how_many)]
    for person in people:
        services.register(workshop=workshop, member=person)
    Feedback.objects.create(
        workshop=workshop,
        member=people[0],
        usefulness=5,
        quote="Helpful",
        quote_consent=True,
        quote_approved_at=timezone.now(),
    )
    viewer = professional()
    services.register(workshop=workshop, member=viewer)  # on the waiting list
    client = client_for(viewer)
    client.get(workshop.get_absolute_url())
    # session, user with profile, the workshop with counts, facilitators with
    # profiles, the viewer's registration, their waiting position, published
    # quotes, chosen themes, the sessions of a series, and the library's one query
    # (has the workshop any resources, partners or outcomes? none here) (the organiser
    # check and the Terms acceptance are cached after the first request)
    with django_assert_num_queries(10):
        client.get(workshop.get_absolute_url())
    assert Registration.objects.get(member=viewer).status == "waiting"


def test_home_partial_queries_do_not_grow_with_workshops(
    page_cache_off, make_workshop, client, network
):
    make_workshop()
    client.get(reverse("home"))
    one = _count(client, reverse("home"))
    for n in range(5):
        make_workshop(start=timezone.now() + timedelta(days=n + 2))
    assert _count(client, reverse("home")) == one


@pytest.mark.parametrize("how_many", [1, 12])
def test_past_list_runs_a_fixed_number_of_queries(
    how_many, make_workshop, client, network, django_assert_num_queries
):
    from workshops.models import Workshop

    for n in range(how_many):
        make_workshop(
            start=timezone.now() - timedelta(days=n + 2), status=Workshop.Status.COMPLETED
        )
    client.get(reverse("workshops:past"))
    # paginator count, the page, the published quotes of the page
    with django_assert_num_queries(3):
        client.get(reverse("workshops:past"))


def test_workshop_page_reads_the_workshop_from_the_cache_until_it_changes(
    make_workshop, organiser, professional, network, django_assert_num_queries
):
    workshop = make_workshop(capacity=1, title="Kept")
    workshop.facilitators.add(organiser)
    viewer = professional()
    client = client_for(viewer)
    client.get(workshop.get_absolute_url())
    # session, user with profile, the viewer's registration (none): the workshop
    # with its counts, facilitators and quotes, and the library's section (resources,
    # partners, outcomes) come from the cache
    with django_assert_num_queries(3):
        html = client.get(workshop.get_absolute_url()).content.decode()
    assert "Register</a>" in html and "Join the waiting list" not in html
    services.register(workshop=workshop, member=professional())
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert "Join the waiting list" in html

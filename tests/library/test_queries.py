"""Every library page runs a fixed number of queries, with 1 item and with many more
than the demo has (4 resources, 3 partners, 1 outcome)."""

import pytest
from django.urls import reverse

from library import services
from library.models import Outcome, Partner, PartnerMembership, Resource
from members.models import Visibility
from tests.conftest import client_for
from tests.library.conftest import pdf_bytes, upload
from workshops.models import Feedback


@pytest.fixture
def many(make_resource, make_workshop, make_user, topic):
    def make(n):
        partners = [Partner.objects.create(name=f"Partner {i}") for i in range(n)]
        workshops = [make_workshop() for _ in range(n)]
        for i in range(n):
            resource = make_resource(
                topics=[topic], workshops=workshops, partners=partners, audiences=["carers"]
            )
            services.add_file_version(
                resource=resource,
                upload=upload("easy.pdf", pdf_bytes()),
                kind="pdf",
                easy_read=True,
            )
            person = make_user()
            PartnerMembership.objects.create(
                member=person, partner=partners[i], visibility=Visibility.EVERYONE
            )
            outcome = Outcome.objects.create(
                title=f"Outcome {i}", you_said="x", we_did="y", workshop=workshops[i]
            )
            outcome.feedback.add(
                Feedback.objects.create(workshop=workshops[i], member=person, usefulness=4)
            )
            partners[i].posts.set([])
        return workshops, Resource.objects.first()

    return make


@pytest.mark.parametrize("how_many", [1, 25])
def test_the_resources_page_runs_a_fixed_number_of_queries(
    how_many, many, member, network, topic, page_cache_off, django_assert_num_queries
):
    many(how_many)
    client = client_for(member)
    client.get(reverse("library:list"))  # warm the network cache
    # session, user with profile, topics for the filter, count, the page of
    # resources, their topics, their files
    with django_assert_num_queries(7):
        response = client.get(reverse("library:list"), {"topic": topic.slug, "audience": "carers"})
    assert len(response.context["page"].object_list) == min(how_many, 20)


@pytest.mark.parametrize("how_many", [1, 25])
def test_a_resource_page_runs_a_fixed_number_of_queries(
    how_many, many, member, network, page_cache_off, django_assert_num_queries
):
    _, resource = many(how_many)
    client = client_for(member)
    client.get(resource.get_absolute_url())
    # session, user with profile, the resource, its topics, files, partners,
    # workshops, posts, outcomes
    with django_assert_num_queries(9):
        client.get(resource.get_absolute_url())


@pytest.mark.parametrize("how_many", [1, 25])
def test_the_partners_page_runs_a_fixed_number_of_queries(
    how_many, many, member, network, page_cache_off, django_assert_num_queries
):
    many(how_many)
    client = client_for(member)
    client.get(reverse("library:partners"))
    # session, user with profile, partners with counts, their workshops, resources,
    # posts, the members shown, and the member's own partner for the form
    with django_assert_num_queries(8):
        response = client.get(reverse("library:partners"))
    assert len(response.context["partners"]) == how_many


@pytest.mark.parametrize("how_many", [1, 25])
def test_the_outcomes_page_runs_a_fixed_number_of_queries(
    how_many, many, client, network, page_cache_off, django_assert_num_queries
):
    many(how_many)
    client.get(reverse("library:outcomes"))
    # count, the page of outcomes with their workshop, post and number of voices
    with django_assert_num_queries(2):
        client.get(reverse("library:outcomes"))


@pytest.mark.parametrize("how_many", [1, 25])
def test_a_workshop_page_library_section_runs_a_fixed_number_of_queries(
    how_many, many, client, network, page_cache_off, django_assert_max_num_queries
):
    workshops, _ = many(how_many)
    client.get(workshops[0].get_absolute_url())
    with django_assert_max_num_queries(12):
        page = client.get(workshops[0].get_absolute_url()).content.decode()
    assert page.count('class="outcome"') == 1

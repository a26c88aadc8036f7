"""One vocabulary of topics: the ones a member chooses on their profile are the ones the
library files resources under, and a member's topic leads to the resources on it."""

import pytest
from django.urls import reverse

from library.models import Resource
from members.models import Profile
from network.models import Topic
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _profile_form(member, **changes):
    return {
        "display_name": str(member),
        "pronouns": "",
        "expertise": ["carer"],
        "expertise_visibility": "members",
        "organisation": "",
        "organisation_visibility": "members",
        "area": "",
        "area_visibility": "members",
        "topics": "young carers",
        "bio": "Hello",
        "bio_visibility": "members",
        "website": "",
        "website_visibility": "members",
        **changes,
    }


def test_a_member_chooses_topics_and_they_lead_to_the_resources_on_them(
    network, member, make_user, make_resource, topic
):
    other = Topic.objects.create(name="Hospital discharge")
    make_resource(title="Talking about mental health at work", topics=[topic])
    make_resource(title="Leaving hospital well", topics=[other])

    edit = client_for(member).get(reverse("members:edit_profile")).content.decode()
    assert "Topics you care about" in edit and "Mental health" in edit
    response = client_for(member).post(
        reverse("members:edit_profile"), _profile_form(member, interests=[topic.pk])
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert list(profile.interests.all()) == [topic]
    assert profile.topics == "young carers"  # their own words are kept beside

    reader = make_user()
    page = client_for(reader).get(reverse("members:profile", args=[member.pk])).content.decode()
    link = f"{reverse('library:list')}?topic={topic.slug}"
    assert f'href="{link}"' in page

    listing = client_for(reader).get(link).content.decode()
    assert "Talking about mental health at work" in listing
    assert "Leaving hospital well" not in listing


def test_the_topic_follows_the_about_text_visibility(network, member, make_user, topic, client):
    member.profile.interests.add(topic)
    Profile.objects.filter(user=member).update(bio="Hello", bio_visibility="members")
    visitor_page = client.get(reverse("members:profile", args=[member.pk])).content.decode()
    assert "Mental health" not in visitor_page
    Profile.objects.filter(user=member).update(bio_visibility="everyone")
    member.profile.interests.add(Topic.objects.create(name="Carers"))  # a change: fresh page
    visitor_page = client.get(reverse("members:profile", args=[member.pk])).content.decode()
    assert "Mental health" in visitor_page


def test_the_library_offers_the_same_topics_members_choose(network, make_resource, topic):
    make_resource(topics=[topic])
    assert Resource.topics.field.related_model is Topic
    page = client_for(None).get(reverse("library:list")).content.decode()
    assert f'value="{topic.slug}"' in page

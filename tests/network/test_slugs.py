"""Names that differ only in punctuation or case still get their own web address."""

import pytest

from network.blog.models import Tag
from network.models import Topic

pytestmark = pytest.mark.django_db


def test_two_topics_whose_names_read_alike_each_get_their_own_address(network):
    first = Topic.objects.create(name="Mental health")
    second = Topic.objects.create(name="Mental-health")

    assert (first.slug, second.slug) == ("mental-health", "mental-health-2")


def test_two_tags_whose_names_read_alike_each_list_their_own_posts(network):
    first = Tag.objects.create(name="Carers")
    second = Tag.objects.create(name="carers!")

    assert first.get_absolute_url() != second.get_absolute_url()
    assert second.get_absolute_url().endswith("?tag=carers-2")


def test_a_long_topic_name_leaves_room_for_the_number_that_keeps_it_apart(network):
    name = "Co-production with people who use services and their carers in London"[:60]
    Topic.objects.create(name=name)
    second = Topic.objects.create(name=name[:-1] + "?")  # the longest a name may be

    assert second.slug.endswith("-2")
    assert len(second.slug) <= 60

"""The values every page reads from the shared cache are read once, when the request
starts (network.caching.requestcache): a change made during the request must still be seen by
the rest of it, and the next request must see changes made elsewhere."""

import pytest
from django.http import HttpResponse

from network.caching import generations
from network.caching.requestcache import RequestCacheMiddleware
from network.models import Network

pytestmark = pytest.mark.django_db


def test_a_network_renamed_during_a_request_shows_its_new_name_for_the_rest_of_it(network, rf):
    names = []

    def view(request):
        names.append(Network.objects.current().name)
        renamed = Network.objects.get(pk=network.pk)
        renamed.name = "London co-production network"
        renamed.save()
        names.append(Network.objects.current().name)
        return HttpResponse()

    RequestCacheMiddleware(view)(rf.get("/"))
    assert names == [network.name, "London co-production network"]


def test_data_changed_during_a_request_retires_the_fragments_the_rest_of_it_reads(network, rf):
    tokens = []

    def view(request):
        tokens.append(generations.generations("posts", "people"))
        generations.bump("posts")
        tokens.append(generations.generations("posts", "people"))
        return HttpResponse()

    RequestCacheMiddleware(view)(rf.get("/"))
    (posts_before, people_before), (posts_after, people_after) = (t.split(".") for t in tokens)
    assert posts_after != posts_before and people_after == people_before


def test_the_next_request_sees_a_change_made_elsewhere_after_this_one_started(network, client):
    assert network.name in client.get("/").content.decode()
    renamed = Network.objects.get(pk=network.pk)
    renamed.name = "London co-production network"
    renamed.save()
    assert "London co-production network" in client.get("/").content.decode()

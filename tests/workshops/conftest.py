"""Workshop fixtures: a workshop maker and people with and without lived experience."""

import pytest
from django.core.cache import cache

from members.models import Expertise


@pytest.fixture
def workshop(make_workshop, network):
    cache.clear()
    return make_workshop(title="Communicating about change")


@pytest.fixture
def lived(make_user):
    """make lived-experience members (service users / carers)."""

    def make(**kwargs):
        return make_user(expertise=[Expertise.CARER], **kwargs)

    return make


@pytest.fixture
def professional(make_user):
    def make(**kwargs):
        return make_user(expertise=[Expertise.HEALTH_PROFESSIONAL], **kwargs)

    return make

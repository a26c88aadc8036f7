"""Workshop fixtures: a workshop maker and people with and without lived experience."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from members.models import Area, Expertise
from workshops.models import Workshop


@pytest.fixture
def make_workshop(db):
    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        start = fields.pop("start", timezone.now() + timedelta(days=14))
        defaults = {
            "title": f"Workshop {counter['n']}",
            "summary": "Learning together through a live case study.",
            "description": "We use **theatre**.",
            "format": Workshop.Format.SHORT,
            "start": start,
            "end": start + timedelta(hours=3),
            "venue_name": "Oxford House",
            "venue_address": "Derbyshire Street, London E2 6HG",
            "borough": Area.TOWER_HAMLETS,
            "capacity": 10,
        }
        defaults.update(fields)
        return Workshop.objects.create(**defaults)

    return make


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

"""The accessibility statement follows the UK model statement's structure."""

import re

import pytest

SECTIONS = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


@pytest.fixture
def statement(client, network):
    network.contact_email = "hello@coproduction.example"
    network.save()
    return client.get("/accessibility/").content.decode()


def test_every_section_of_the_model_statement_is_there(statement):
    headings = [
        re.sub(r"<[^>]+>", "", h).replace("&#x27;", "'").strip()
        for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", statement, re.S)
    ]
    for section in SECTIONS:
        assert section in headings, section


def test_it_states_compliance_failures_enforcement_and_when_it_was_tested(statement):
    assert "partially compliant with the" in statement
    assert "WCAG 2.2" in statement and "1.1.1" in statement  # known failures with criteria
    assert "Equality Advisory and Support Service" in statement
    assert "last tested on" in statement and "360 pixels" in statement


def test_the_feedback_route_reaches_the_network(statement):
    assert 'href="/report/"' in statement
    assert "mailto:hello@coproduction.example" in statement

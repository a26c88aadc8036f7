"""The demo network, made from the page this network grew from.

Each app adds its part in its own `demo.py`; `manage.py seed_demo` runs them in
order. Every step is idempotent: running it again changes nothing.
"""

from django.utils import timezone

from network.models import Network, TermsVersion

DEMO_PASSWORD = "co-produce-2026"  # noqa: S105 (printed for the local demo only)


ABOUT = """\
Co-production as an approach has experienced a massive upswing in interest in the last few \
years from a range of different stakeholders, with public service organisations playing a \
vital part.

As an ‘asset-based approach’ co-production assumes that we all bring a set of valuable \
experiences, expertise and skills which can be developed and built upon to help improve our \
health, and the health of others. Co-production recognises all forms of expertise: including \
the expertise earned through the experience of living with a health condition or spending time \
in a neighbourhood, as well as more academic and professional based expertise.

## Our aims

- To establish a wider network of partners interested in co-productive learning approaches to \
health and social care.
- To work with several active partners to pilot co-productive learning workshops in London.
- To work with the wider network of partners to review and reflect upon emerging evidence and \
information from workshops, drawing on the work of others.
- To develop an ongoing on-line resources and support for service users, professionals and \
other practitioners - involving workshop participants and others such as ‘expert patients’ and \
also health activists including voluntary organisations, in capturing wider ‘community voice.’
- To also look at more broadly at ways of supporting strategic health policy and practice \
through developing and improving approaches to communication and dialogue in ways that will \
facilitate professionals, service users and communities to work for better health outcomes and \
well-being.

## Who the network is for

We welcome contact with any individual or organisation within London interested in finding out \
more about developing and using co-productive learning. This could include service users, \
carers, health professionals, community and voluntary organisations including social \
enterprises, policy makers, health activists and academics.

The project is currently operating in East London and is seeking to extend its work and reach \
to others elsewhere in London.
"""

TERMS = """\
## Taking part

This network brings together people who bring different kinds of expertise: lived experience \
of health conditions and of caring, professional practice, community work, policy and research. \
Every kind of expertise is valued equally here.

1. Be respectful. Disagree with ideas, not people. No harassment, discrimination \
or personal attacks.
2. Protect privacy. Do not share anyone's personal health information, including your own \
unless you are comfortable with every member reading it.
3. Keep it relevant. Posts and comments should be about co-production, health, care and the \
network's work. No advertising or spam.
4. Look out for each other. If you are worried that someone may be at risk, use Report an Issue \
and choose "Someone may be at risk". In an emergency call 999.
5. Organisers may remove content or suspend members who break these terms, and will tell you why.

## Your content

You keep the rights to what you write. By posting it you allow the network to show it to the \
people who can see that part of the site.

## Your data

See the Privacy notice for what we hold about you and your rights.
"""


def seed_network(stdout, users) -> None:
    network = Network.objects.order_by("pk").first() or Network()
    network.name = "Co-production practitioners network"
    network.tagline = "A network for co-production practitioners"
    network.about = ABOUT
    network.owner = users["owner"]
    network.contact_email = "Edward@involve.org.uk"
    if not network.pk:
        network.join_policy = Network.JoinPolicy.APPROVAL
        network.visibility = Network.Visibility.PUBLIC
    # The safeguarding lead is a demo person: a demo report that someone may be
    # at risk must never reach a real inbox, even with SMTP configured.
    network.safeguarding_lead_name = str(users["organiser"])
    network.safeguarding_lead_email = users["organiser"].email
    network.save()
    TermsVersion.objects.get_or_create(
        version="1.0",
        defaults={"text": TERMS, "published_at": timezone.now() - timezone.timedelta(days=365)},
    )
    stdout.write(f"Network: {network.name} ({network.get_join_policy_display()})")

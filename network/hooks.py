"""What the core asks of the apps built on it.

Each hook is a dotted path in settings, so the core imports none of those apps (the
import check in `make test` holds it to that, docs/architecture.md). The viewer's
standing, the other thing the core needs from them, arrives on the request
(network.access).
"""

import functools

from django.conf import settings
from django.utils.module_loading import import_string


@functools.cache
def _load(path: str):
    return import_string(path)


def member_count() -> int:
    """Active members, for the badges (settings.MEMBER_COUNT)."""
    return _load(settings.MEMBER_COUNT)()


def search_sections() -> list:
    """[(kind, find(query, viewer), snippet(item, query) or None)] in the order results
    are shown (settings.SEARCH_SECTIONS)."""
    return [
        (kind, _load(find), _load(snippet) if snippet else None)
        for kind, find, snippet in settings.SEARCH_SECTIONS
    ]


def upload_access(folder: str):
    """The check for files stored in `folder`: `check(request, name)` returns a
    network.files.Grant when the viewer may have the file, else None
    (settings.UPLOAD_ACCESS). None for a folder no app owns."""
    path = settings.UPLOAD_ACCESS.get(folder)
    return _load(path) if path else None


def demo_seeders() -> list:
    """[(name, seed(stdout, users) -> dict of users or None)] in order (settings.DEMO_SEEDERS)."""
    return [(name, _load(path)) for name, path in settings.DEMO_SEEDERS]


def demo_sign_in_note(user) -> str:
    """What a person needs besides the password to sign in as this demo person, or ""
    (settings.DEMO_SIGN_IN_NOTE: the demo staff accounts' second factor)."""
    return _load(settings.DEMO_SIGN_IN_NOTE)(user)


def organiser_emails() -> list[str]:
    """The e-mail addresses of the network's active organisers (settings.ORGANISER_EMAILS):
    who is told of spam and abuse reports."""
    return _load(settings.ORGANISER_EMAILS)()


def reported_content(issues) -> dict:
    """{issue pk: ReportedContent} for the reports about a piece of content, from the app
    that owns it (settings.REPORTED_CONTENT: paths of functions, each taking the issues and
    answering for the ones it knows; one or two queries each, whatever the number)."""
    found = {}
    for path in settings.REPORTED_CONTENT:
        found.update(_load(path)(issues))
    return found


def blocked_standing(user, here: str):
    """What stops a signed-in person taking part, as a network.access.Blocked with their
    next step (which brings them back to `here`), or None (settings.BLOCKED_STANDING)."""
    return _load(settings.BLOCKED_STANDING)(user, here)


def overview_charts() -> list:
    """Every app's figures for the owner's view of the network (/network/overview/), as
    network.charts.Chart, in order (settings.OVERVIEW_SECTIONS: paths of functions taking
    nothing, each reading its figures in a fixed number of queries, whatever the data)."""
    charts = []
    for path in settings.OVERVIEW_SECTIONS:
        charts.extend(_load(path)())
    return charts


def contribution_sections(user, *, is_self: bool) -> list:
    """What a member did, from each app that knows (settings.CONTRIBUTION_SECTIONS: paths
    of functions `record(user, *, is_self)` answering members.contributions.Section lists,
    each in a fixed number of queries). `is_self`: the member is looking, so parts they
    published anonymously may show."""
    sections = []
    for path in settings.CONTRIBUTION_SECTIONS:
        sections.extend(_load(path)(user, is_self=is_self))
    return sections

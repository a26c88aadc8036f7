from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from members import signals  # noqa: F401
        from network.caching.generations import track

        # A change shows at once on every cached page (docs/caching.md). Signed-in
        # users are cached with "accepted the current Terms?" (members.backends).
        for label in ("members.User", "members.Profile", "members.TermsAcceptance"):
            track(label, "people")
        track("members.User.groups", "people")
        track("members.Profile.interests", "people")
        track("network.Topic", "people")

from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = "Workshops"

    def ready(self):
        from network.caching.generations import track

        # A change shows at once on every cached page (docs/caching.md).
        for label in (
            "workshops.Workshop",
            "workshops.Registration",
            "workshops.Feedback",
            "workshops.ThemeProposal",
            "workshops.Session",
            "workshops.SessionPlace",
            "workshops.Workshop.facilitators",
        ):
            track(label, "workshops")

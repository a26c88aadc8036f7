from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Resources, partners and outcomes"

    def ready(self):
        from network.caching.generations import track

        # Resources, partners and outcomes show on workshop and post pages (cached
        # fragments included): a change shows at once (docs/caching.md).
        for label in ("library.Resource", "library.ResourceFile", "library.Partner"):
            track(label, "workshops", "posts")
        track("library.Outcome", "workshops", "posts")

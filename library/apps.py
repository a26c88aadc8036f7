from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Resources, partners and outcomes"

    def ready(self):
        from network.caching.generations import track

        # Resources, partners and outcomes show on workshop and post pages (cached
        # fragments included): a change shows at once (docs/caching.md).
        for label in (
            "library.Resource",
            "library.ResourceFile",
            "library.Partner",
            "library.Outcome",
            "library.Resource.topics",
            "library.Resource.workshops",
            "library.Resource.posts",
            "library.Resource.partners",
            "library.Partner.workshops",
            "library.Partner.posts",
        ):
            track(label, "workshops", "posts")

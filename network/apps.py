from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network"

    def ready(self):
        from network import signals  # noqa: F401
        from network.caching.generations import track

        # A change shows at once on every cached page (docs/caching.md).
        track("network.Network", "network")

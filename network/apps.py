from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network"

    def ready(self):
        from network import signals  # noqa: F401

from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development only: the scale dataset, the benchmark and the load test.

    Installed by devtools.settings (the benchmark's server) and by the test settings;
    production settings never install it, and no product module imports it."""

    name = "devtools"
    verbose_name = "Development tools"

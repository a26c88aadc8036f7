from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "network.blog"
    label = "blog"
    verbose_name = "Blog"

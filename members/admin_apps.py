"""The admin app, with the network's site: in INSTALLED_APPS in place of
"django.contrib.admin", so `django.contrib.admin.site` is members.admin_site's
NetworkAdminSite (open only to staff who are active members and have passed their
second factor). A module of its own: INSTALLED_APPS imports it before any model."""

from django.contrib.admin.apps import AdminConfig


class NetworkAdminConfig(AdminConfig):
    default_site = "members.admin_site.NetworkAdminSite"

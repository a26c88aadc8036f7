from django.urls import path

from library import feeds, views

app_name = "library"

urlpatterns = [
    path("resources/", views.resource_list, name="list"),
    path("resources/feed/", feeds.LatestResources(), name="feed"),
    path("resources/suggest/", views.suggest, name="suggest"),
    path("resources/<slug:slug>/", views.resource_detail, name="detail"),
    path("partners/", views.partner_list, name="partners"),
    path("partners/mine/", views.my_partner, name="my_partner"),
    path("outcomes/", views.outcome_list, name="outcomes"),
]

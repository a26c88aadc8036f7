from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("<int:user_id>/", views.profile, name="profile"),
]
urlpatterns += [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.my_page, name="me"),
    path("me/edit/", views.edit_profile, name="edit_profile"),
    path("me/picture/", views.edit_avatar, name="edit_avatar"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/membership/", views.status, name="status"),
    path("me/terms/", views.accept_terms, name="accept_terms"),
    path("ask-for-an-invitation/", views.ask_for_invitation, name="ask_for_invitation"),
    path("me/data/", views.your_data, name="your_data"),
    path("me/data/download/", views.download_data, name="download_data"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("me/leave/", views.leave_network, name="leave"),
    path("invite/", views.invite, name="invite"),
    path("join/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("pending/", views.pending_members, name="pending"),
    path("pending/<int:user_id>/approve/", views.approve_member, name="approve"),
    path("pending/<int:user_id>/decline/", views.decline_member, name="decline"),
    path("broadcast/", views.broadcast, name="broadcast"),
    path("<int:user_id>/", views.profile, name="profile"),
    path("<int:user_id>/contributions/", views.contribution_record, name="contributions"),
    path(
        "<int:user_id>/contributions.csv", views.contribution_record_csv, name="contributions_csv"
    ),
    path("<int:user_id>/moderate/", views.moderate_member, name="moderate"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

from django.urls import path

from workshops import (
    sitemaps,  # noqa: F401 (adds the workshops' sections to SITEMAPS)
    views,
)

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("past/", views.past_workshops, name="past"),
    path("calendar.ics", views.upcoming_ics, name="upcoming_ics"),
    path("my-calendar/", views.my_calendar, name="my_calendar"),
    path("my-calendar/<str:token>.ics", views.private_feed, name="private_feed"),
    path("<slug:slug>/", views.workshop_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel_registration, name="cancel"),
    path(
        "<slug:slug>/sessions/<int:session_id>/register/",
        views.register_for_session,
        name="register_session",
    ),
    path(
        "<slug:slug>/sessions/<int:session_id>/leave/",
        views.leave_session,
        name="leave_session",
    ),
    path("<slug:slug>/calendar.ics", views.workshop_ics, name="ics"),
    path("<slug:slug>/themes/", views.themes, name="themes"),
    path(
        "<slug:slug>/themes/<int:proposal_id>/support/", views.support_theme, name="support_theme"
    ),
    path("<slug:slug>/themes/<int:proposal_id>/choose/", views.choose_theme, name="choose_theme"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("<slug:slug>/feedback/summary/", views.feedback_summary, name="feedback_summary"),
    path("<slug:slug>/certificate.pdf", views.certificate, name="certificate"),
    path("<slug:slug>/feedback/withdraw-quote/", views.withdraw_quote, name="withdraw_quote"),
    path("<slug:slug>/attendees/", views.attendees, name="attendees"),
    path("<slug:slug>/message/", views.message_participants, name="message"),
    path("<slug:slug>/attendees.csv", views.attendees_csv, name="attendees_csv"),
    path("<slug:slug>/attendees.xlsx", views.attendees_xlsx, name="attendees_xlsx"),
]

from django.urls import path

from involvement import views

app_name = "involvement"

urlpatterns = [
    path("claims/", views.claims, name="claims"),
    path("claims/offers/<int:offer_id>/", views.make_claim, name="make_claim"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("claims/<int:pk>/choice/", views.change_choice, name="change_choice"),
    path("claims/<int:pk>/expenses/", views.add_expense, name="add_expense"),
    path(
        "claims/<int:pk>/expenses/<int:expense_id>/remove/",
        views.remove_expense,
        name="remove_expense",
    ),
    path("claims/<int:pk>/answer/", views.answer, name="answer"),
    path("receipts/<int:expense_id>/", views.receipt, name="receipt"),
]

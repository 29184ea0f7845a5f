from django.urls import path

from staff_security import views

app_name = "staff_security"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("turn-off/", views.turn_off, name="turn_off"),
    path("reset/<int:user_id>/", views.reset, name="reset"),
]

"""bench/api.py's URLs: the site's, plus a trivial JSON view as the yardstick (not in the site)."""

from django.http import JsonResponse
from django.urls import path

from website.urls import urlpatterns as site_urlpatterns


def trivial_json(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/json", trivial_json), *site_urlpatterns]

"""The page django-axes shows a staff member whose sign-in is locked."""

from axes.helpers import get_cool_off
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    """A translated page in the admin's look, with 429 Too Many Requests."""
    cool_off = get_cool_off(request)
    now = timezone.now()
    # Each attempt while locked starts the cool-off again, so it ends this long from now.
    context = {"now": now, "unlocks_at": now + cool_off if cool_off else None}
    response = render(request, "website/admin/lockout.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response

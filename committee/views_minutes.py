"""A finished session's minutes in the admin: the stored Arabic PDF (the committee's members, the secretary and
administrators, through core.private_files), the English rendering drawn on demand, each attending member's
confirmation, and making them again when they failed.

The session is reached within the association of the admin's host: another association's session is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committee import minutes_making
from committee.models import MinutesConfirmation, SessionMinutes
from committee.permissions import RECORD, SEE
from committee.views_session import session_or_404, session_url
from core import private_files
from forms.records import private_storage

PDF = "application/pdf"


def _filename(session, suffix="") -> str:
    return f"minutes-{session.year}-{session.number}{suffix}.pdf"


def _made_minutes(session) -> SessionMinutes:
    minutes = SessionMinutes.objects.filter(session=session).first()
    if minutes is None or not minutes.is_made:
        raise Http404
    return minutes


def download(request, pk):
    session = session_or_404(request, pk, SEE)
    minutes = _made_minutes(session)
    return private_files.download_response(private_storage(), minutes.stored_file.name, _filename(session), PDF)


def english(request, pk):
    """The English rendering, drawn now from the same data and marked as a translation; never stored."""
    session = session_or_404(request, pk, SEE)
    if not session.is_finished:
        raise Http404
    response = HttpResponse(minutes_making.english_pdf(session), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{_filename(session, "-en")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def confirm(request, pk):
    """A member who attended confirms the minutes, once."""
    session = session_or_404(request, pk, SEE)
    minutes = _made_minutes(session)
    if not session.attendance.filter(member=request.user, present=True).exists():
        raise PermissionDenied
    try:
        with transaction.atomic():
            MinutesConfirmation.objects.create(minutes=minutes, member=request.user)
    except IntegrityError:
        messages.error(request, _("You have already confirmed these minutes."))
    else:
        messages.success(request, _("You confirmed the minutes."))
    return redirect(session_url(session))


@require_POST
def make_again(request, pk):
    session = session_or_404(request, pk, RECORD)
    try:
        minutes = minutes_making.make_again(session)
    except minutes_making.MinutesError as error:
        messages.error(request, str(error))
    else:
        if minutes.is_made:
            messages.success(request, _("The minutes were made."))
        elif minutes.has_failed:
            messages.error(request, _("The minutes could not be made again. Try later, or tell the administrator."))
        else:
            messages.success(request, _("The minutes are being made."))
    return redirect(session_url(session))


urlpatterns = [
    path("<int:pk>/minutes/", download, name="minutes"),
    path("<int:pk>/minutes/english/", english, name="minutes_english"),
    path("<int:pk>/minutes/confirm/", confirm, name="minutes_confirm"),
    path("<int:pk>/minutes/make/", make_again, name="minutes_make"),
]

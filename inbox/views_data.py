"""Admin views for exports of the listing and for requests about one applicant's data (PDPL).

The PDPL views are for administrators only (`roles.can_manage_personal_data`);
everyone else gets a 403 page (a response, not PermissionDenied, which
Wagtail's admin would turn into a redirect). The applicant being looked at
is kept in the session, never in a URL, so national IDs and mobile numbers
stay out of addresses, browser history and server logs. Every change is a
POST with a CSRF token; erasure asks for confirmation first.

`urlpatterns` is included by the inbox's admin URLs; the views reverse their
siblings within whatever namespace that gives them.
"""

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from inbox import exports, personal_data, roles
from inbox.filters import filtered_cases
from organisation.associations import working_site_id

SESSION_KEY = "inbox_personal_data_subject"


# --- export of the listing -------------------------------------------------------------------
def export_view(request):
    """`?format=csv|xlsx` of the listing as filtered in the same query string."""
    if not roles.can_export(request.user):
        return _denied(request)
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponse(_("Unknown export format."), status=400, content_type="text/plain; charset=utf-8")
    try:
        return exports.export_response(request, filtered_cases(request), fmt)
    except PermissionDenied:
        return _denied(request)


# --- PDPL requests ---------------------------------------------------------------------------
class SearchForm(django_forms.Form):
    identifier = django_forms.CharField(
        label=_("National ID, Iqama or mobile number"),
        max_length=40,
        help_text=_("Any digits (Arabic or Western), with or without +966, 00966 or the leading 0."),
        widget=django_forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_identifier(self):
        return personal_data.parse_identifier(self.cleaned_data["identifier"])


class CorrectionForm(django_forms.Form):
    request = django_forms.ChoiceField(label=_("Request"))
    field = django_forms.ChoiceField(label=_("Field to correct"))
    value = django_forms.CharField(
        label=_("Correct value"), max_length=2000, widget=django_forms.Textarea(attrs={"rows": 2})
    )
    reason = django_forms.CharField(
        label=_("Reason for the correction"), max_length=1000, widget=django_forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, submissions=(), held_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = [("", _("Every request found"))] + [
            (str(s.pk), s.reference) for s in submissions
        ]
        self.fields["request"].required = False
        self.fields["request"].help_text = _("Fields of a family file are corrected on every file found.")
        choices = personal_data.correctable_fields(submissions) if submissions else []
        if held_fields and choices:
            choices = [(_("Requests"), choices)]
        self.fields["field"].choices = choices + list(held_fields)


def _denied(request):
    return TemplateResponse(request, "inbox/personal_data/denied.html", {}, status=403)


def _url(request, name, *args):
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    return reverse(f"{namespace}:{name}" if namespace else name, args=args)


def administrators_only(view):
    def wrapped(request, *args, **kwargs):
        if not roles.can_manage_personal_data(request.user):
            return _denied(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _subject(request):
    """Who is asked about, within the association worked in (every holder keeps to its rows)."""
    identifier = personal_data.Identifier.from_session(request.session.get(SESSION_KEY))
    if identifier is not None:
        identifier.site_id = working_site_id(request)
    return identifier


@administrators_only
@require_http_methods(["GET", "POST"])
def search(request):
    form = SearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        identifier.site_id = working_site_id(request)
        count = personal_data.find(identifier, request.user).count()
        personal_data.log_search(identifier, count, request.user, held=len(personal_data.find_held(identifier)))
        request.session[SESSION_KEY] = identifier.as_session()
        return redirect(_url(request, "personal_data_results"))
    return TemplateResponse(request, "inbox/personal_data/search.html", {"form": form})


def _results_context(request, identifier, correction_form=None):
    submissions = list(personal_data.find(identifier, request.user))
    held_fields = personal_data.held_fields(identifier)
    return {
        "identifier": identifier,
        "submissions": submissions,
        "held": personal_data.find_held(identifier),
        "correction_form": correction_form or CorrectionForm(submissions=submissions, held_fields=held_fields),
        "pd_search_url": _url(request, "personal_data"),
        "pd_export_url": _url(request, "personal_data_export"),
        "pd_correct_url": _url(request, "personal_data_correct"),
        "pd_erase_url": _url(request, "personal_data_erase"),
    }


@administrators_only
@require_http_methods(["GET"])
def results(request):
    identifier = _subject(request)
    if identifier is None:
        return redirect(_url(request, "personal_data"))
    return TemplateResponse(request, "inbox/personal_data/results.html", _results_context(request, identifier))


@administrators_only
@require_POST
def export(request):
    identifier = _subject(request)
    if identifier is None:
        return redirect(_url(request, "personal_data"))
    content = personal_data.export_for_applicant(identifier, request.user)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@administrators_only
@require_POST
def correct(request):
    identifier = _subject(request)
    if identifier is None:
        return redirect(_url(request, "personal_data"))
    submissions = list(personal_data.find(identifier, request.user))
    form = CorrectionForm(request.POST, submissions=submissions, held_fields=personal_data.held_fields(identifier))
    if form.is_valid() and form.cleaned_data["field"].startswith(personal_data.HELD_PREFIX):
        try:
            changed, fresh = personal_data.correct_held(
                identifier, form.cleaned_data["field"], form.cleaned_data["value"], form.cleaned_data["reason"],
                request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("value", error)
        else:
            messages.success(
                request,
                ngettext("%(count)s record corrected.", "%(count)s records corrected.", changed) % {"count": changed},
            )
            if fresh is not None:
                request.session[SESSION_KEY] = fresh.as_session()
            return redirect(_url(request, "personal_data_results"))
    elif form.is_valid():
        chosen = form.cleaned_data["request"]
        targets = [s for s in submissions if not chosen or str(s.pk) == chosen]
        field = form.cleaned_data["field"]
        try:
            changed = personal_data.correct(
                targets, field, form.cleaned_data["value"], form.cleaned_data["reason"], request.user
            )
        except ValidationError as error:
            form.add_error("value", error)
        else:
            messages.success(
                request,
                ngettext("%(count)s request corrected.", "%(count)s requests corrected.", changed) % {"count": changed},
            )
            # A corrected identifier is what the applicant is found by from now on.
            searched_role = "role:" + identifier.by
            if field == searched_role and not chosen:
                fresh = personal_data.parse_identifier(form.cleaned_data["value"])
                request.session[SESSION_KEY] = fresh.as_session()
            return redirect(_url(request, "personal_data_results"))
    context = _results_context(request, identifier, correction_form=form)
    return TemplateResponse(request, "inbox/personal_data/results.html", context, status=400)


@administrators_only
@require_http_methods(["GET", "POST"])
def erase(request):
    """GET: what would be erased, and a confirmation form. POST: erase those requests."""
    identifier = _subject(request)
    if identifier is None:
        return redirect(_url(request, "personal_data"))
    submissions = list(personal_data.find(identifier, request.user))
    held = personal_data.find_held(identifier)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect(_url(request, "personal_data_erase"))
        # Only the requests shown on the confirmation page, if they are still found.
        try:
            confirmed = {int(pk) for pk in request.POST.getlist("submission")}
        except ValueError:
            confirmed = set()
        ids = [s.pk for s in submissions if s.pk in confirmed]
        confirmed_held = set(request.POST.getlist("held"))
        held_keys = [item.key for item in held if item.key in confirmed_held]
        if not ids and not held_keys:
            messages.error(request, _("Nothing was erased: no request was confirmed."))
            return redirect(_url(request, "personal_data_results"))
        erased, held_erased, failed = personal_data.erase_all(
            identifier, request.user, only_ids=ids, held_keys=held_keys
        )
        if failed:
            messages.error(
                request,
                _(
                    "These requests could not be erased (a storage or database error) and were kept: %(refs)s. "
                    "Try again later."
                )
                % {"refs": ", ".join(failed)},
            )
        if erased:
            messages.success(
                request,
                ngettext(
                    "%(count)s request erased; an anonymous row was kept for statistics.",
                    "%(count)s requests erased; anonymous rows were kept for statistics.",
                    erased,
                )
                % {"count": erased},
            )
        if held_erased:
            messages.success(
                request,
                ngettext(
                    "%(count)s family file or household member erased.",
                    "%(count)s family files or household members erased.",
                    held_erased,
                )
                % {"count": held_erased},
            )
        if not failed:
            request.session.pop(SESSION_KEY, None)
            return redirect(_url(request, "personal_data"))
        return redirect(_url(request, "personal_data_results"))
    context = {
        "submissions": submissions,
        "held": held,
        "pd_erase_url": _url(request, "personal_data_erase"),
        "pd_results_url": _url(request, "personal_data_results"),
    }
    return TemplateResponse(request, "inbox/personal_data/erase_confirm.html", context)


urlpatterns = [
    path("personal-data/", search, name="personal_data"),
    path("personal-data/results/", results, name="personal_data_results"),
    path("personal-data/export/", export, name="personal_data_export"),
    path("personal-data/correct/", correct, name="personal_data_correct"),
    path("personal-data/erase/", erase, name="personal_data_erase"),
]

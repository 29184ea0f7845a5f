"""Staff record a request that came by phone, letter or at a branch, on the applicant's behalf:
the same form and the same way in (`forms.intake.submit`) as the website, marked with the
channel and who entered it."""

import uuid

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms import intake
from forms.kinds import STAFF_CHANNELS, Channel, FormKind
from forms.models import FormPage


class ChooseForm(django_forms.Form):
    page = django_forms.TypedChoiceField(label=gettext_lazy("Form"), coerce=int)
    channel = django_forms.ChoiceField(
        label=gettext_lazy("How the request came"),
        choices=[(value, label) for value, label in Channel.choices if value in STAFF_CHANNELS],
    )

    def __init__(self, *args, site_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        pages = FormPage.objects.live().exclude(kind=FormKind.SURVEY).select_related("locale").order_by("title")
        # The forms of the association worked in (`site_id`; None: every form, as outside a request).
        self.fields["page"].choices = [
            (page.pk, f"{page.title} ({page.locale.language_code})")
            for page in pages
            if site_id is None or site_id in page.site_ids()
        ]


def _allowed(request):
    if not intake.may_enter_for_applicants(request.user):
        raise PermissionDenied


def choose(request):
    _allowed(request)
    form = ChooseForm(request.GET or None, site_id=getattr(request.user, "working_site_id", None))
    if form.is_valid():
        url = reverse("inbox:enter", args=[form.cleaned_data["page"]])
        return redirect(f"{url}?channel={form.cleaned_data['channel']}")
    return TemplateResponse(request, "inbox/entry_choose.html", {"form": form})


def enter(request, page_id):
    _allowed(request)
    channel = request.POST.get("channel") or request.GET.get("channel")
    if channel not in STAFF_CHANNELS:
        return redirect("inbox:new")
    entry = intake.Entry.staff(request, channel=channel)
    page, refusal = intake.open_page(page_id, entry)
    if refusal:
        messages.error(request, refusal.message)
        return redirect("inbox:new")
    if request.method == "POST":
        result = intake.submit(page, request.POST, request.FILES, entry)
        if result.stored:
            messages.success(request, _("Request %(reference)s recorded.") % {"reference": result.submission.reference})
            return redirect("inbox:detail", result.submission.pk)
        if result.refusal:
            messages.error(request, result.refusal.message)
        form = result.form
    else:
        form = page.get_form(page=page, user=request.user, captcha=False, initial={"submission_token": uuid.uuid4()})
    context = {"page": page, "form": form, "channel": channel, "channel_label": Channel(channel).label}
    return TemplateResponse(request, "inbox/entry_form.html", context)

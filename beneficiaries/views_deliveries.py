"""The deliveries in the admin (سجل الصرف): the file's page with what the family received and what is due,
recording a delivery (also from a due one), its receipt and confirmation code, scheduling a plan for an accepted
request, and the due deliveries of the association per service and month, each skippable with a reason.

Every view reaches a delivery or a due row through its file (or the association's files): an id of another
file's row is a 404.
"""

import datetime
import logging
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Site

from beneficiaries import deliveries
from beneficiaries.delivery_forms import ConfirmCodeForm, DeliveryForm, PlanForm, SkipForm
from beneficiaries.models import BeneficiaryFile, Delivery, ScheduledDelivery, ScheduleStatus, localize_names
from core import calendars, private_files, reports
from forms.records import private_storage
from organisation.associations import pages_of, working_site, working_site_id
from services.models.service_page import ServicePage

logger = logging.getLogger(__name__)

VIEW = "beneficiaries.view_delivery"
RECORD = "beneficiaries.add_delivery"
CONFIRM = "beneficiaries.change_delivery"
PLAN = "beneficiaries.add_deliveryplan"
SKIP = "beneficiaries.change_scheduleddelivery"
VIEW_FILES = "beneficiaries.view_beneficiaryfile"


def require(user, *permissions):
    if not all(user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def site_of(request) -> Site:
    """The association the staff member works in (organisation.associations.working_site)."""
    return working_site(request)


def file_or_404(request, file_pk) -> BeneficiaryFile:
    require(request.user, VIEW_FILES)
    return get_object_or_404(BeneficiaryFile, pk=file_pk, site_id=working_site_id(request))


def file_page(file) -> str:
    return reverse("beneficiaries:inspect", args=[file.pk])


# --- the file's page ------------------------------------------------------------------------------------------
def deliveries_context(file, user) -> dict:
    """What the family's page shows of its deliveries: what it received and what is due (to those who may see)."""
    context = {"may_record": user.has_perm(RECORD), "may_plan": user.has_perm(PLAN), "may_skip": user.has_perm(SKIP)}
    if user.has_perm(VIEW):
        context["deliveries"] = delivery_rows(file.deliveries.select_related("fund", "service", "delivered_by"))
        context["due"] = list(
            ScheduledDelivery.objects.filter(plan__file=file, status=ScheduleStatus.DUE).select_related(
                "plan__service", "plan__fund"
            )
        )
        localize_names([*context["deliveries"], *(row.plan for row in context["due"])])
    return context


def delivery_rows(queryset, limit=None):
    language = translation.get_language() or "ar"
    rows = list(queryset[:limit] if limit else queryset)
    for delivery in rows:
        delivery.hijri = delivery.hijri_display(language)
    return rows


# --- recording a delivery -------------------------------------------------------------------------------------
def record_delivery(request, file_pk):
    require(request.user, RECORD)
    file = file_or_404(request, file_pk)
    scheduled = None
    due_pk = request.GET.get("due") or request.POST.get("due")
    if due_pk:
        scheduled = get_object_or_404(
            ScheduledDelivery.objects.select_related("plan"), pk=due_pk, plan__file=file, status=ScheduleStatus.DUE
        )
    initial = {}
    if scheduled is not None:
        plan = scheduled.plan
        initial = {
            field: getattr(plan, field) for field in ("service", "kind", "amount", "quantity", "unit", "fund", "case")
        }
    form = DeliveryForm(request.POST or None, request.FILES or None, file=file, scheduled=scheduled, initial=initial)
    form.initial.setdefault("delivered_by", request.user.pk)
    if request.method == "POST" and form.is_valid():
        delivery = form.save(commit=False)
        stored = store_receipt(delivery, form.checked_receipt())
        try:
            deliveries.record(
                delivery,
                user=request.user,
                send_code=form.cleaned_data["send_code"],
                invite=form.cleaned_data["invite_to_survey"],
                scheduled=scheduled,
            )
        except deliveries.ScheduleChanged:
            remove_receipt(stored)
            messages.error(request, _("This due delivery was recorded or skipped meanwhile: nothing was saved."))
            return redirect(file_page(file))
        except Exception:
            remove_receipt(stored)
            raise
        messages.success(request, _("The delivery was recorded."))
        if delivery.code_sent_at:
            messages.info(request, _("A confirmation code was sent to the family's mobile."))
        elif form.cleaned_data["send_code"]:
            messages.warning(request, _("No confirmation code could be sent: upload a signed receipt instead."))
        return redirect(file_page(file))
    return TemplateResponse(
        request,
        "beneficiaries/delivery_form.html",
        {
            "file": file,
            "form": form,
            "scheduled": scheduled,
            "repeat": form.repeat if form.is_bound else None,
            "verification_lapsed": file.verification_lapsed(),
            "file_url": file_page(file),
        },
    )


def store_receipt(delivery, checked) -> str:
    """Store a checked receipt in the private storage under a random name; returns its name (or "")."""
    if checked is None:
        return ""
    target = f"deliveries/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{checked.extension}"
    checked.upload.seek(0)
    saved = private_storage().save(target, checked.upload)
    delivery.receipt.name = saved
    delivery.receipt_name = checked.display_name
    delivery.receipt_content_type = checked.content_type
    return saved


def remove_receipt(name: str):
    if name:
        try:
            private_storage().delete(name)
        except Exception:
            logger.exception("A receipt left behind by a failed delivery could not be removed")


def delivery_of(request, file_pk, pk) -> Delivery:
    file = file_or_404(request, file_pk)
    return get_object_or_404(Delivery, pk=pk, file=file)


def download_receipt(request, file_pk, pk):
    """A delivery's receipt, streamed from local storage or through a signed URL of at most five minutes."""
    require(request.user, VIEW)
    delivery = delivery_of(request, file_pk, pk)
    if not delivery.receipt:
        raise Http404
    return private_files.download_response(
        private_storage(), delivery.receipt.name, delivery.receipt_name, delivery.receipt_content_type
    )


def confirm_delivery(request, file_pk, pk):
    """Staff type the code the family read back: the delivery is confirmed (five attempts)."""
    require(request.user, CONFIRM)
    delivery = delivery_of(request, file_pk, pk)
    form = ConfirmCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = deliveries.confirm_code(delivery, form.cleaned_data["code"])
        if outcome:
            messages.success(request, _("The family confirmed the delivery."))
            return redirect(file_page(delivery.file))
        if outcome is None:
            form.add_error("code", _("Too many wrong codes: upload a signed receipt instead."))
        else:
            form.add_error("code", _("This is not the code that was sent."))
    return TemplateResponse(
        request,
        "beneficiaries/delivery_confirm.html",
        {"file": delivery.file, "delivery": delivery, "form": form, "file_url": file_page(delivery.file)},
    )


# --- plans and due deliveries ----------------------------------------------------------------------------------
def schedule_plan(request, file_pk):
    """Schedule deliveries for an accepted request of the family (a food basket monthly for six months)."""
    require(request.user, PLAN)
    file = file_or_404(request, file_pk)
    initial = {}
    if request.GET.get("case", "").isdigit():
        initial["case"] = int(request.GET["case"])
    form = PlanForm(request.POST or None, file=file, initial=initial)
    if request.method == "POST" and form.is_valid():
        rows = deliveries.schedule(form.save(commit=False), user=request.user)
        messages.success(request, _("%(count)s deliveries were scheduled.") % {"count": len(rows)})
        return redirect(file_page(file))
    return TemplateResponse(
        request,
        "beneficiaries/plan_form.html",
        {"file": file, "form": form, "verification_lapsed": file.verification_lapsed(), "file_url": file_page(file)},
    )


def skip_due(request, pk):
    require(request.user, SKIP)
    scheduled = get_object_or_404(
        ScheduledDelivery.objects.select_related("plan__file", "plan__service"),
        pk=pk,
        plan__site=site_of(request),
    )
    if scheduled.status != ScheduleStatus.DUE:
        messages.error(request, _("This delivery is no longer due."))
        return redirect(file_page(scheduled.plan.file))
    form = SkipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if deliveries.skip(scheduled, form.cleaned_data["reason"], user=request.user):
            messages.success(request, _("The delivery was skipped."))
        else:
            messages.error(request, _("This delivery is no longer due."))
        return redirect(
            request.POST.get("next") if is_ours(request.POST.get("next")) else file_page(scheduled.plan.file)
        )
    return TemplateResponse(
        request,
        "beneficiaries/due_skip.html",
        {"scheduled": scheduled, "form": form, "file": scheduled.plan.file, "next": request.GET.get("next", "")},
    )


def is_ours(url) -> bool:
    return bool(url) and url.startswith("/admin/") and "//" not in url


class DueFilterForm(reports.PeriodForm):
    service = reports.django_forms.ModelChoiceField(
        label=gettext_lazy("service"), required=False, queryset=ServicePage.objects.none()
    )

    def __init__(self, *args, site_id, **kwargs):
        super().__init__(*args, **kwargs)
        # Plans point at the Arabic (source) pages of their services: the association's own.
        services = ServicePage.objects.filter(locale=Locale.get_default()).order_by("title")
        self.fields["service"].queryset = pages_of(site_id, services)
        self.fields["service"].label_from_instance = lambda page: page.localized.title


def this_month(today=None) -> dict:
    today = today or timezone.localdate()
    key = reports.month_key(calendars.HIJRI, today)
    return {"calendar": calendars.HIJRI, "first": key, "last": key}


def due_listing(request):
    """Due deliveries of the association per service and month (and those overdue before the period)."""
    require(request.user, VIEW)
    site = site_of(request)
    form = DueFilterForm(request.GET if "calendar" in request.GET else this_month(), site_id=site.pk)
    groups, overdue, period = [], [], None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        service = form.cleaned_data.get("service")
        calendar = form.cleaned_data["calendar"]
        language = translation.get_language() or "ar"
        rows = list(deliveries.due_rows(site.pk, start, end, service))
        localize_names([row.plan for row in rows])
        by_service = {}
        for row in rows:
            name = row.plan.service_name
            month = reports.month_key(calendar, row.due_on)
            by_service.setdefault(name, {}).setdefault(month, []).append(row)
            row.hijri = calendars.hijri_display(row.due_on, language)
            row.lapsed = row.plan.file.verification_lapsed()
        groups = [
            {
                "service": name,
                "months": [
                    {"label": reports.month_label(calendar, key, language), "rows": month_rows}
                    for key, month_rows in sorted(months.items())
                ],
                "count": sum(len(month_rows) for month_rows in months.values()),
            }
            for name, months in sorted(by_service.items())
        ]
        if start <= timezone.localdate():
            overdue = list(deliveries.due_rows(site.pk, None, min(start, timezone.localdate()), service))
            localize_names([row.plan for row in overdue])
            for row in overdue:
                row.hijri = calendars.hijri_display(row.due_on, language)
                row.lapsed = row.plan.file.verification_lapsed()
        period = (start, end - datetime.timedelta(days=1))
    return TemplateResponse(
        request,
        "beneficiaries/due_list.html",
        {
            "form": form,
            "groups": groups,
            "overdue": overdue,
            "period": period,
            "may_record": request.user.has_perm(RECORD),
            "may_skip": request.user.has_perm(SKIP),
            "here": request.get_full_path(),
        },
    )

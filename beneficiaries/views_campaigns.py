"""Distribution-day campaigns in the admin: the association's campaigns, a campaign's form, choosing its families
(the files listing's filters, or one file), and the distribution day (the list with a search, a box per family,
one button for the ticked families).

A campaign is reached only through the association of the admin's host (another's is a 404), and a family only
through its campaign. Who may: view_campaign to see; add/change_campaign to make and edit a campaign and choose
its families; change_campaign with add_delivery to record the day's deliveries.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beneficiaries import campaigns
from beneficiaries.campaign_forms import AddFamiliesForm, CampaignForm, DistributionForm
from beneficiaries.models import BeneficiaryFile, Campaign, CampaignFamily, CampaignStatus
from beneficiaries.views_deliveries import RECORD, require, site_of

VIEW = "beneficiaries.view_campaign"
ADD = "beneficiaries.add_campaign"
CHANGE = "beneficiaries.change_campaign"


def campaign_or_404(request, pk) -> Campaign:
    require(request.user, VIEW)
    return get_object_or_404(Campaign.objects.select_related("service", "fund"), pk=pk, site=site_of(request))


def campaign_url(campaign) -> str:
    return reverse("beneficiaries:campaign", args=[campaign.pk])


def may_record(user) -> bool:
    return user.has_perm(CHANGE) and user.has_perm(RECORD)


def campaign_list(request):
    require(request.user, VIEW)
    language = translation.get_language() or "ar"
    rows = list(campaigns.campaigns_of(site_of(request).pk))
    for campaign in rows:
        campaign.shown_dates = campaign.dates(language)
    return TemplateResponse(
        request, "beneficiaries/campaign_list.html", {"campaigns": rows, "may_add": request.user.has_perm(ADD)}
    )


def campaign_form(request, pk=None):
    """A new campaign (add_campaign) or a campaign's details (change_campaign)."""
    if pk is None:
        require(request.user, VIEW, ADD)
        campaign = Campaign(site=site_of(request), created_by=request.user)
    else:
        require(request.user, CHANGE)
        campaign = campaign_or_404(request, pk)
    form = CampaignForm(request.POST or None, instance=campaign, site_id=campaign.site_id)
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, _("The campaign was saved."))
        return redirect(campaign_url(campaign))
    return TemplateResponse(request, "beneficiaries/campaign_form.html", {"form": form, "campaign": campaign})


def choose_families(request, pk):
    """Add every file matching the filters (or one file by its number), or take a family off the list."""
    require(request.user, CHANGE)
    campaign = campaign_or_404(request, pk)
    form = AddFamiliesForm(request.POST if request.POST.get("action") == "add" else None, site_id=campaign.site_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add" and form.is_valid():
            files = campaigns.files_matching(
                campaign.site_id, status=form.cleaned_data["status"], group=form.cleaned_data["group"],
                city=form.cleaned_data["city"], query=form.cleaned_data["q"],
            )  # fmt: skip
            added = campaigns.add_families(campaign, files, user=request.user)
            messages.success(request, ngettext("%(n)d family was added.", "%(n)d families were added.", added)
                             % {"n": added})  # fmt: skip
            return redirect(reverse("beneficiaries:campaign_families", args=[campaign.pk]))
        if action == "add_file":
            file = get_object_or_404(BeneficiaryFile, pk=_number(request.POST.get("file")), site_id=campaign.site_id)
            added = campaigns.add_families(campaign, BeneficiaryFile.objects.filter(pk=file.pk), user=request.user)
            messages.success(request, _("The family was added.") if added else _("This family is already on the list."))
            return redirect(reverse("beneficiaries:campaign_families", args=[campaign.pk]))
        if action == "remove":
            row = get_object_or_404(CampaignFamily, pk=_number(request.POST.get("family")), campaign=campaign)
            try:
                campaigns.remove_family(row)
                messages.success(request, _("The family was taken off the list."))
            except campaigns.CampaignError as error:
                messages.error(request, error.message)
            return redirect(reverse("beneficiaries:campaign_families", args=[campaign.pk]))
    families = list(campaign.families.select_related("file", "collected"))
    return TemplateResponse(
        request,
        "beneficiaries/campaign_families.html",
        {"campaign": campaign, "form": form, "families": families, "campaign_url": campaign_url(campaign)},
    )


def _number(value) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() else 0


def distribution_day(request, pk):
    """The day's list: search, tick, one button; the interval's warning and a lapsed verification per row."""
    campaign = campaign_or_404(request, pk)
    recording = may_record(request.user)
    if request.method == "POST" and not recording:
        raise PermissionDenied
    form = DistributionForm(request.POST or None)
    day = timezone.localdate()
    query = (request.GET.get("q") or "").strip()[:100]
    if request.method == "POST" and form.is_valid():
        try:
            recorded = campaigns.record_collected(
                campaign, form.cleaned_data["families"], day=form.cleaned_data["day"],
                hijri=form.cleaned_data["hijri"], calendar=form.cleaned_data["calendar"],
                delivered_by=request.user, user=request.user, reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except campaigns.CampaignError as error:
            form.add_error(None, error.message)
            day = form.cleaned_data["day"]
        else:
            messages.success(
                request,
                ngettext("%(n)d delivery was recorded.", "%(n)d deliveries were recorded.", len(recorded))
                % {"n": len(recorded)},
            )
            return redirect(campaign_url(campaign))
    elif request.method == "POST" and form.cleaned_data.get("day"):
        day = form.cleaned_data["day"]
    rows = campaigns.day_rows(campaign, day, query)
    ticked = set(form.cleaned_data.get("families", [])) if form.is_bound and hasattr(form, "cleaned_data") else set()
    counts = campaign.families.aggregate(chosen=Count("pk"), collected=Count("pk", filter=Q(collected__isnull=False)))
    language = translation.get_language() or "ar"
    return TemplateResponse(
        request,
        "beneficiaries/campaign_day.html",
        {
            "campaign": campaign,
            "dates": campaign.dates(language),
            "form": form,
            "rows": rows,
            "ticked": ticked,
            "query": query,
            "counts": counts,
            "may_record": recording and campaign.status == CampaignStatus.OPEN,
            "may_change": request.user.has_perm(CHANGE),
            "repeats": any(row.repeat for row in rows),
        },
    )

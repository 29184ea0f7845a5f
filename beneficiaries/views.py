"""The beneficiary files in the admin: a listing found by any member's ID (in any digit set), by mobile or by
name, filtered by status, group, city and verification due; the file's page with its household."""

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from beneficiaries import document_views, reports, views_campaigns, views_deliveries
from beneficiaries.editing import FileForm
from beneficiaries.file_views import FamilyPageView, FileEditView, FileRegisterView, FileVerifyView, MergeView
from beneficiaries.models import BeneficiaryFile, FileRequest, FileStatus, HouseholdMember
from beneficiaries.search import matching_files
from forms.kinds import FormKind
from inbox.lifecycle import lifecycle_of
from organisation.associations import working_site, working_site_id
from organisation.scoping import scoped_patterns
from services.models.facets import BeneficiaryGroup

HEALTH_NOTES = "beneficiaries.view_health_notes"


class FileFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=FileStatus.choices)
    groups = django_filters.ModelChoiceFilter(
        label=_("beneficiary groups"),
        queryset=lambda request: BeneficiaryGroup.objects.for_site(working_site_id(request)).originals(),
    )
    city = django_filters.CharFilter(label=_("city"), lookup_expr="iexact")
    verification_due = django_filters.BooleanFilter(label=_("verification due"), method="filter_verification_due")

    open_request = django_filters.BooleanFilter(label=_("a request still open"), method="filter_open_request")

    class Meta:
        model = BeneficiaryFile
        fields = ["status", "groups", "city"]

    def filter_open_request(self, queryset, name, value):
        """Files with a help request not yet finished (its kind's final statuses: inbox.lifecycle)."""
        open_ = Exists(
            FileRequest.objects.filter(file=OuterRef("pk")).exclude(
                case__status__in=lifecycle_of(FormKind.HELP_REQUEST).final_statuses
            )
        )
        return queryset.filter(open_) if value else queryset.exclude(open_)

    def filter_verification_due(self, queryset, name, value):
        due = Q(next_verification__lte=timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)


class FileIndexView(IndexView):
    search_fields = ["head_name"]  # the listing offers a search box; matching_files does the finding

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return matching_files(queryset, self.search_query)

    def get_base_queryset(self):
        # Counted for the rows shown only (a subquery per row), not grouped over every file and member.
        members = HouseholdMember.objects.filter(file=OuterRef("pk")).order_by().values("file")
        return (
            super()
            .get_base_queryset()
            .filter(site_id=working_site_id(self.request))
            .annotate(member_count=Coalesce(Subquery(members.annotate(count=Count("pk")).values("count")), 0))
        )


class FileCreateView(CreateView):
    """A new file belongs to the association the staff member works in."""

    def get_initial_form_instance(self):
        return self.model(site=working_site(self.request))


class HouseholdSizeColumn(Column):
    def get_value(self, instance):
        return 1 + instance.member_count


class BeneficiaryFileViewSet(ModelViewSet):
    model = BeneficiaryFile
    icon = "group"
    menu_label = _("Beneficiary files")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = FileIndexView
    add_view_class = FileCreateView
    filterset_class = FileFilterSet
    inspect_view_enabled = True
    inspect_view_class = FamilyPageView
    edit_view_class = FileEditView
    list_display = [
        "head_name",
        Column("head_id", label=_("ID of the head of the family")),
        HouseholdSizeColumn("household", label=_("household size")),
        Column("city", label=_("city")),
        Column("status", label=_("status"), accessor="get_status_display"),
        DateColumn("next_verification", label=_("next verification due")),
    ]
    list_per_page = 50
    ordering = ["-opened_at", "-pk"]

    def get_urlpatterns(self):
        """The file's views; verifying and merging (beneficiaries.file_views); its documents and deliveries; the
        distribution-day campaigns and the reports on families served."""
        files = [
            *super().get_urlpatterns(),
            path("verify/<int:pk>/", self.verify_view, name="verify"),
            path("register/<int:pk>/", self.register_view, name="register"),
            path("merge/<int:pk>/<int:other>/", MergeView.as_view(), name="merge"),
            *document_views.urlpatterns,
            path("<int:file_pk>/deliveries/new/", views_deliveries.record_delivery, name="record_delivery"),
            path(
                "<int:file_pk>/deliveries/<int:pk>/receipt/", views_deliveries.download_receipt, name="delivery_receipt"
            ),
            path(
                "<int:file_pk>/deliveries/<int:pk>/confirm/", views_deliveries.confirm_delivery, name="confirm_delivery"
            ),
            path("<int:file_pk>/plans/new/", views_deliveries.schedule_plan, name="schedule_plan"),
        ]
        # A file of another association is no file here (404), whichever of its views is asked for.
        return [
            *scoped_patterns(files, BeneficiaryFile, kwargs=("file_pk", "pk")),
            path("due/", views_deliveries.due_listing, name="due"),
            path("due/<int:pk>/skip/", views_deliveries.skip_due, name="skip_due"),
            path("campaigns/", views_campaigns.campaign_list, name="campaigns"),
            path("campaigns/new/", views_campaigns.campaign_form, name="campaign_new"),
            path("campaigns/<int:pk>/", views_campaigns.distribution_day, name="campaign"),
            path("campaigns/<int:pk>/edit/", views_campaigns.campaign_form, name="campaign_edit"),
            path("campaigns/<int:pk>/families/", views_campaigns.choose_families, name="campaign_families"),
            path("reports/", reports.report, name="report"),
            path("reports/ministry/", reports.ministry, name="ministry_report"),
        ]

    def get_edit_handler(self):
        member_panels = [
            FieldRowPanel([FieldPanel("name"), FieldPanel("relation")]),
            FieldRowPanel([FieldPanel("id_number"), FieldPanel("sex"), FieldPanel("birth_date")]),
            FieldRowPanel(
                [
                    FieldPanel("health_note", permission=HEALTH_NOTES),
                    FieldPanel("health_legal_basis", permission=HEALTH_NOTES),
                ]
            ),
        ]
        # A text input: browsers' number inputs refuse Arabic-Indic digits, which Django's fields read.
        amount = forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"})
        amount_panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("monthly_amount", widget=amount)])]
        return ObjectList(
            [
                MultiFieldPanel(
                    [
                        FieldRowPanel([FieldPanel("head_name"), FieldPanel("head_id"), FieldPanel("head_sex")]),
                        FieldRowPanel([FieldPanel("mobile"), FieldPanel("other_mobile")]),
                        FieldRowPanel([FieldPanel("city"), FieldPanel("district")]),
                        FieldPanel("groups"),
                        FieldRowPanel([FieldPanel("status"), FieldPanel("next_verification")]),
                    ],
                    heading=_("The family"),
                ),
                InlinePanel("members", panels=member_panels, heading=_("Household members"), label=_("member")),
                InlinePanel("incomes", panels=amount_panels, heading=_("Income sources"), label=_("income source")),
                InlinePanel(
                    "expenses", panels=amount_panels, heading=_("Regular expenses"), label=_("regular expense")
                ),
            ],
            base_form_class=FileForm,
        ).bind_to_model(self.model)

    @property
    def verify_view(self):
        return self.construct_view(FileVerifyView, **self.get_edit_view_kwargs())

    @property
    def register_view(self):
        return self.construct_view(FileRegisterView, **self.get_edit_view_kwargs())

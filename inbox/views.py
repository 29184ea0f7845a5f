"""The inbox in the Wagtail admin: the listing of every request a person may see, and a request's page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from core import private_files
from core.calendars import hijri_display
from forms.intake import may_enter_for_applicants
from forms.kinds import FILE_TYPES, FormKind
from forms.models import Attachment, private_storage
from inbox import appeals, entry, services, views_data
from inbox import messages as applicant_messages
from inbox.columns import (
    ApplicantColumn,
    CheckboxColumn,
    DueColumn,
    HumanDateColumn,
    OverdueColumn,
    ReferenceColumn,
    TextColumn,
    label_of,
)
from inbox.counting import COUNT_LIMIT, CappedPaginator, ListingCounts, count_by_status, count_up_to, pages_known
from inbox.exports import form_questions
from inbox.filters import AssignForm, CaseFilterSet, search_cases
from inbox.lifecycle import Event, Status
from inbox.models import Case, CaseEvent
from inbox.roles import can_export, roles_of, works_inbox


class InboxPolicy(ModelPermissionPolicy):
    """Anyone with an inbox role may open the inbox; what they see in it is `services.visible_cases`.
    Nobody adds, edits or deletes a request here: every change is a move, an assignment or a note."""

    def user_has_permission(self, user, action):
        return action == "view" and works_inbox(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and works_inbox(user)

    def users_with_any_permission(self, actions, **kwargs):
        return services.staff_in_inbox() if "view" in actions else get_user_model().objects.none()


class CaseIndexView(IndexView):
    template_name = "inbox/index.html"
    results_template_name = "inbox/index_results.html"
    search_fields = ["reference"]  # searched by search_cases, not icontains
    default_ordering = "due_date"
    paginate_by = 50
    count_limit = COUNT_LIMIT  # requests read at most to count the listing (inbox.counting)
    page_title = _("Inbox")

    def get_base_queryset(self):
        return services.visible_cases(self.request.user).select_related("submission", "assignee")

    @cached_property
    def header_buttons(self):
        if not may_enter_for_applicants(self.request.user):
            return []
        return [HeaderButton(_("Record a request"), url=reverse("inbox:new"), icon_name="plus")]

    def search_queryset(self, queryset):
        return search_cases(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        # Many requests share a due date: the id keeps each page's rows where they were.
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    def get_valid_orderings(self):
        return ["due_date", "-due_date", "submission__submitted_at", "-submission__submitted_at", "status", "-status"]

    @property
    def columns(self):
        return [
            CheckboxColumn("bulk_actions", obj_type="case"),
            ReferenceColumn(
                "reference", label=_("Reference"), url_name="inbox:detail",
                get_title_id=lambda case: f"case_{case.pk}_title",
            ),
            TextColumn("kind", label=_("Kind"), accessor=lambda case: label_of(FormKind, case.submission.kind)),
            TextColumn("form", label=_("Form"), accessor="submission.form_title"),
            TextColumn("service", label=_("Service"), accessor="submission.service_title"),
            ApplicantColumn("applicant", label=_("Applicant")),
            TextColumn("status", label=_("Status"), accessor=lambda case: label_of(Status, case.status),
                       sort_key="status"),
            TextColumn("assignee", label=_("Assigned to"), accessor="assignee"),
            HumanDateColumn("received", label=_("Received"), accessor="submission.submitted_at",
                       sort_key="submission__submitted_at"),
            DueColumn("due", label=_("Due"), sort_key="due_date"),
            OverdueColumn("overdue", label=_("Overdue")),
        ]  # fmt: skip

    @cached_property
    def chosen_status(self) -> str:
        """The status filtered on, if any (none when the filters are invalid: the listing is then unfiltered)."""
        if not (self.filters and self.filters.is_valid()):
            return ""
        return self.filters.form.cleaned_data.get("status") or ""

    def listing_but_status(self):
        """The listing as filtered and searched, whatever status is chosen (what the counts per status count).
        The filters are those already validated for the listing: no second form, no second query for choices."""
        queryset = services.visible_cases(self.request.user)
        if self.filters and self.filters.is_valid():
            for name, value in self.filters.form.cleaned_data.items():
                if name != "status":
                    queryset = self.filters.filters[name].filter(queryset, value)
        return self.search_queryset(queryset)

    @cached_property
    def by_status(self) -> ListingCounts:
        """Requests per status in the listing but for its status filter, up to the count limit (inbox.counting)."""
        return count_by_status(self.listing_but_status(), self.count_limit)

    def get_paginator(self, queryset, per_page, **kwargs):
        # The total is the per-status counts' when no status is chosen (one query for both); with a status,
        # a count of its own, up to the limit too. Either way, the same queries however long the listing.
        counts = self.by_status
        if self.chosen_status:
            counts = count_up_to(queryset, self.count_limit)
        paginator = CappedPaginator(queryset, per_page, counts=counts, **kwargs)
        if paginator.more_than:
            try:
                number = paginator.validate_number(self.request.GET.get(self.page_kwarg) or 1)
            except PageNotAnInteger:
                number = 1  # as Paginator.get_page answers
            except EmptyPage:
                number = 0
            if not 1 <= number <= pages_known(counts, per_page):
                # Past the pages the limit covers: counted exactly (rare, and its OFFSET reads as much).
                exact = ListingCounts(limit=counts.limit, total=queryset.count())
                paginator = CappedPaginator(queryset, per_page, counts=exact, **kwargs)
        return paginator

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = self.by_status.by_status
        context["status_counts"] = [
            (status, label, counts[status]) for status, label in Status.choices if status in counts
        ]
        context["listing_counts"] = self.by_status
        context["can_export"] = can_export(self.request.user)
        context["query_string"] = self.request.GET.urlencode()
        return context


class CaseViewSet(ModelViewSet):
    model = Case
    icon = "tasks"
    menu_label = _("Inbox")
    menu_order = 200
    add_to_admin_menu = True
    index_view_class = CaseIndexView
    filterset_class = CaseFilterSet
    permission_policy = InboxPolicy(Case)
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = []
    list_per_page = 50

    def get_urlpatterns(self):
        index = [pattern for pattern in super().get_urlpatterns() if pattern.name in ("index", "index_results")]
        return index + [
            path("<int:pk>/", case_detail, name="detail"),
            path("<int:pk>/move/", case_move, name="move"),
            path("<int:pk>/assign/", case_assign, name="assign"),
            path("<int:pk>/note/", case_note, name="note"),
            path("<int:pk>/new-link/", case_new_link, name="new_link"),
            path("<int:pk>/attachment/<int:attachment_pk>/", download_attachment, name="attachment"),
            path("export/", export, name="export"),
            path("new/", entry.choose, name="new"),
            path("new/<int:page_id>/", entry.enter, name="enter"),
            *views_data.urlpatterns,
        ]


def export(request):
    return views_data.export_view(request)


# --- a request's page ----------------------------------------------------------------------
def visible_case_or_404(request, pk):
    """Never look a request up by id alone: only among those this person may see."""
    if not works_inbox(request.user):
        raise PermissionDenied
    queryset = services.visible_cases(request.user).select_related(
        "submission", "submission__form_page", "submission__entered_by", "assignee", "researcher"
    )
    return get_object_or_404(queryset, pk=pk)


def labelled_answers(submission):
    """(label in the staff member's language, answer) for every answer, in the form's order;
    answers to questions since removed from the form come last, under their key."""
    questions = [
        question
        for question in form_questions(submission.form_key, translation.get_language())
        if question.field_type not in FILE_TYPES
    ]
    answers = [(q.label, q.value(submission)) for q in questions if q.key in submission.data]
    known = {question.key for question in questions}
    answers += [(key, value) for key, value in submission.data.items() if key not in known]
    return answers


# Hook name: a function (request, case) -> a wagtail.admin.ui.components.Component (or None) shown on the
# request's page, above its timeline.
CASE_PANELS = "inbox_case_panels"
# Hook name: a function (request, case) -> the ids of the researchers to offer first (the first preselected)
# where the request is referred to research: an association's assignment rule (research registers it).
SUGGESTED_RESEARCHERS = "inbox_suggested_researchers"


def researchers_offered(request, case) -> tuple[list, set]:
    """Every social researcher, those a hook suggests first; with the suggested ids."""
    researchers = list(services.staff_with_role(services.Role.RESEARCHER, site_id=case.submission.site_id))
    suggested = [pk for hook in hooks.get_hooks(SUGGESTED_RESEARCHERS) for pk in (hook(request, case) or [])]
    if not suggested:
        return researchers, set()
    rank = {pk: index for index, pk in enumerate(suggested)}
    researchers.sort(key=lambda person: rank.get(person.pk, len(rank)))
    return researchers, set(suggested) & {person.pk for person in researchers}


def case_detail(request, pk):
    case = visible_case_or_404(request, pk)
    submission = case.submission
    log(case, "inbox.view", user=request.user)
    moves = services.allowed_moves(request.user, case)
    asks_documents = any(move.tells_applicant == Event.MISSING_DOCUMENTS for move in moves)
    refers = any(move.needs_researcher for move in moves)
    researchers, suggested = researchers_offered(request, case) if refers else ([], set())
    context = {
        "case": case,
        "submission": submission,
        "answers": labelled_answers(submission),
        "attachments": list(submission.attachments.all()),
        "events": list(case.events.select_related("actor", "assignee", "notification")),
        "moves": moves,
        # What a request for missing documents may list, and what the family already has on file (a hook).
        "documents_to_ask": applicant_messages.documents_to_ask(request, case) if asks_documents else [],
        "researchers": researchers,
        "suggested_researchers": suggested,
        "can_assign": services.can_assign(request.user),
        "can_send_new_link": services.can_send_new_link(request.user, case)
        and not submission.anonymous
        and bool(submission.applicant_mobile or submission.applicant_email),
        "assign_form": AssignForm(initial={"assignee": case.assignee_id}, site_id=case.submission.site_id),
        "due_hijri": hijri_display(case.due_date, translation.get_language()),
        "roles": roles_of(request.user),
        # The applicant's appeal with its documents, and the appeal period a rejected request is still in.
        "appeals": list(case.appeals.prefetch_related("files")),
        "appeal_window": appeals.window(case),
        "escalations": list(case.escalations.all()),
        # What other apps show about the request (the family's file): Wagtail hooks, so the inbox imports none.
        "case_panels": [
            panel for make_panel in hooks.get_hooks(CASE_PANELS) if (panel := make_panel(request, case)) is not None
        ],
    }
    return TemplateResponse(request, "inbox/detail.html", context)


def _back(case):
    return redirect(reverse("inbox:detail", args=[case.pk]))


def _expected_version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@require_POST
def case_move(request, pk):
    case = visible_case_or_404(request, pk)
    researcher = None
    reason = request.POST.get("reason", "")
    move = case.lifecycle.find(case.status, request.POST.get("to", ""))
    if move is not None and move.tells_applicant == Event.MISSING_DOCUMENTS and request.POST.getlist("documents"):
        offered = {document.label for document in applicant_messages.documents_to_ask(request, case)}
        chosen = [label for label in request.POST.getlist("documents") if label in offered]
        reason = applicant_messages.with_documents(case, reason, chosen)
    if request.POST.get("researcher"):
        researcher = get_user_model().objects.filter(pk=request.POST["researcher"]).first()
    try:
        case, _event = services.make_move(
            case.pk, request.POST.get("to", ""), user=request.user, reason=reason,
            researcher=researcher, expected_version=_expected_version(request),
        )  # fmt: skip
    except services.InboxError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The request is now “%(status)s”.") % {"status": case.get_status_display()})
    return _back(case)


@require_POST
def case_assign(request, pk):
    case = visible_case_or_404(request, pk)
    assignee = None
    if request.POST.get("assignee"):
        staff = services.staff_in_inbox(case.submission.site_id)  # of the request's own association
        assignee = staff.filter(pk=request.POST["assignee"]).first()
        if assignee is None:
            messages.error(request, _("Choose someone who works in the inbox."))
            return _back(case)
    try:
        services.assign(case.pk, assignee, user=request.user, expected_version=_expected_version(request))
    except services.InboxError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Assignment saved."))
    return _back(case)


@require_POST
def case_note(request, pk):
    case = visible_case_or_404(request, pk)
    try:
        services.add_note(case.pk, request.POST.get("text", ""), user=request.user)
    except services.InboxError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Note added."))
    return _back(case)


@require_POST
def case_new_link(request, pk):
    """Revoke the applicant's personal links and send them a new one (beneficiary relations)."""
    case = visible_case_or_404(request, pk)
    try:
        services.send_new_link(case.pk, user=request.user)
    except services.InboxError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("A new personal link was sent to the applicant. The links sent before no longer work.")
        )
    return _back(case)


def download_attachment(request, pk, attachment_pk):
    """An attachment of a request this person may see, recorded; streamed from local storage,
    or a redirect to a signed URL of at most five minutes when the private storage is a bucket."""
    case = visible_case_or_404(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, submission_id=case.pk)
    response = private_files.download_response(
        private_storage(), attachment.file.name, attachment.original_name, attachment.content_type
    )
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.DOWNLOAD, actor=request.user, text=attachment.field_key)
    log(case, "inbox.download", user=request.user, data={"attachment": attachment.pk})
    return response


# --- the dashboard ---------------------------------------------------------------------------
def queue_summary(user, today=None):
    today = today or timezone.localdate()
    visible = services.visible_cases(user)
    week_end = today + timezone.timedelta(days=7)
    mine = visible.open().filter(Q(assignee=user) | Q(researcher=user))
    return {
        "mine": mine.count(),
        "mine_overdue": mine.overdue(today).count(),
        "overdue": visible.overdue(today).count(),
        "due_this_week": visible.due_between(today, week_end).count(),
        "unassigned": visible.open().filter(assignee__isnull=True).count() if services.can_assign(user) else None,
        "next": list(mine.overdue(today).select_related("submission").order_by("due_date")[:5])
        or list(mine.select_related("submission").order_by("due_date")[:5]),
    }

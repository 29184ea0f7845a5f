"""The inbox listing's cells, written without templates (inbox.columns), read as Wagtail's templates write them."""

import re

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn

from forms.kinds import FormKind
from inbox.columns import LABELS, CheckboxColumn, HumanDateColumn, TextColumn, label_of
from inbox.demo import create_fake_requests
from inbox.lifecycle import Status
from inbox.models import Case
from inbox.views import CaseIndexView

pytestmark = pytest.mark.django_db

TEMPLATE_OF = {CheckboxColumn: BulkActionsCheckboxColumn, HumanDateColumn: DateColumn, TextColumn: Column}


def normalised(html: str) -> str:
    """Whitespace between and inside tags is a template's layout, not its markup."""
    return re.sub(r"\s*(<|/?>)\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


def template_cell(column, case, context):
    """The cell as the Wagtail column this one stands for renders it, through its template."""
    for ours, wagtails in (*TEMPLATE_OF.items(), (TitleColumn, TitleColumn)):
        if isinstance(column, ours):
            return wagtails.render_cell_html(column, case, context)
    raise AssertionError(f"{column!r} is not one of the inbox's own columns")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_cell_is_the_markup_of_its_wagtail_template(site_pages, staff, language):
    create_fake_requests(30)
    Case.objects.filter(pk__in=Case.objects.values("pk")[:5]).update(assignee=staff["relations"])
    view = CaseIndexView()
    request = RequestFactory().get("/admin/inbox/")
    request.user = staff["relations"]
    view.request = request
    cases = Case.objects.select_related("submission", "assignee").order_by("pk")
    anonymous = cases[3].submission
    anonymous.anonymous = True
    anonymous.save(update_fields=["anonymous"])
    with translation.override(language):
        compared = 0
        for case in cases:
            context = {"row": None, "table": None, "request": request}
            for column in view.columns:
                assert normalised(column.render_cell_html(case, context)) == normalised(
                    template_cell(column, case, context)
                ), (column.name, case.pk)
                compared += 1
        assert compared == 30 * 11


def test_labels_are_those_get_display_gives_in_the_language_of_the_request(site_pages):
    create_fake_requests(10)
    for case in Case.objects.select_related("submission"):
        for language in ("ar", "en"):
            with translation.override(language):
                assert str(label_of(Status, case.status)) == case.get_status_display()
                assert str(label_of(FormKind, case.submission.kind)) == case.submission.get_kind_display()
    assert set(LABELS[Status]) == set(Status.values) and set(LABELS[FormKind]) == set(FormKind.values)

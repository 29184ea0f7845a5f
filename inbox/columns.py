"""The inbox listing's columns.

A page of the listing has 50 rows of 11 cells, and Wagtail renders a template
for each cell: at a millisecond a row, 50 rows cost as much as the rest of the
page (bench/inbox.py, a search matching 10 requests at 1,000 and 589 at
100,000). The inbox's columns therefore write their cells with format_html, in
the markup of Wagtail's cell templates (wagtailadmin/tables/cell.html,
title_cell.html, date_cell.html with shared/human_readable_date.html,
bulk_actions/listing_checkbox_cell.html; the tests compare each cell with the
template's).
"""

import datetime

from django.contrib.admin.utils import quote
from django.utils import timezone
from django.utils.formats import date_format, get_format, localize
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn

from forms.kinds import FormKind
from inbox.lifecycle import Status

# Value -> label (lazy: in the language of each request), built once: get_FOO_display() rebuilds its field's
# choices at every call, which cost more than the rest of a row.
LABELS = {choices: dict(choices.choices) for choices in (FormKind, Status)}


def label_of(choices, value):
    """The label of `value` among `choices` (TextChoices), as get_FOO_display() gives it."""
    return LABELS[choices].get(value, value)


def mask_national_id(value: str) -> str:
    """The first and last digit only: enough to tell two applicants apart in a list."""
    if not value:
        return ""
    return value[0] + "•" * (len(value) - 2) + value[-1] if len(value) > 2 else "••"


class TextColumn(Column):
    """Wagtail's Column, its cell written as wagtailadmin/tables/cell.html writes it (escaped unless safe)."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_cell_context_data(instance, parent_context)["value"]
        classname = format_html(' class="{}"', self.classname) if self.classname else ""
        return format_html("<td{}>{}</td>", classname, "" if value is None else localize(value))


class CheckboxColumn(BulkActionsCheckboxColumn):
    """The bulk actions' checkbox, as bulk_actions/listing_checkbox_cell.html writes it (not for pages)."""

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td class="bulk-action-checkbox-cell"><input type="checkbox" data-object-id="{}"'
            ' data-bulk-action-checkbox class="bulk-action-checkbox" aria-label="{}" aria-describedby="{}" /></td>',
            quote(str(instance.pk)), gettext("Select"), self.get_aria_describedby(instance),
        )  # fmt: skip


class ReferenceColumn(TitleColumn):
    """The reference, linked to the request's page, as tables/title_cell.html writes a title with a link and
    an id (no buttons, no label)."""

    def get_value(self, instance):
        # Left to right inside the right-to-left admin: HR-2026-000042, not 000042-HR-2026.
        return format_html('<bdi dir="ltr">{}</bdi>', instance.submission.reference)

    def render_cell_html(self, instance, parent_context):
        classname = f"{self.classname} title" if self.classname else "title"
        return format_html(
            '<td class="{}"><div class="title-wrapper"><a href="{}"><span id="{}">{}</span></a></div></td>',
            classname, self.get_link_url(instance, parent_context), self.get_title_id(instance, parent_context),
            self.get_value(instance),
        )  # fmt: skip


class HumanDateColumn(DateColumn):
    """A date as "3 days ago" with the date itself in a tooltip, as tables/date_cell.html writes it."""

    def render_cell_html(self, instance, parent_context):
        classname = format_html(' class="{}"', self.classname) if self.classname else ""
        value = self.get_value(instance)
        if not value:
            return format_html("<td{}></td>", classname)
        if isinstance(value, datetime.datetime):
            tooltip_format = get_format("DATETIME_FORMAT") or "N j, Y, P"
            local = timezone.localtime(value) if timezone.is_aware(value) else value  # as templates show it
        else:
            tooltip_format, local = get_format("DATE_FORMAT") or "N j, Y", value
        return format_html(
            '<td{}><button type="button" class="w-human-readable-date" data-controller="w-tooltip"'
            ' data-w-tooltip-content-value="{}" data-w-tooltip-placement-value="top">'
            '<time class="w-human-readable-date__date" datetime="{}">{}</time></button></td>',
            classname, date_format(local, tooltip_format), date_format(local, "c"), capfirst(timesince_simple(value)),
        )  # fmt: skip


class ApplicantColumn(TextColumn):
    def get_value(self, instance):
        submission = instance.submission
        if submission.anonymous:
            return _("Anonymous")
        masked = mask_national_id(submission.applicant_national_id)
        if not masked:
            return submission.applicant_name
        return format_html('{}<br><small><bdi dir="ltr">{}</bdi></small>', submission.applicant_name, masked)


class DueColumn(TextColumn):
    """The date itself (a promise to the applicant), not "in 3 days"."""

    def get_value(self, instance):
        return date_format(instance.due_date, "Y-m-d")


class OverdueColumn(TextColumn):
    def get_value(self, instance):
        if not instance.is_overdue:
            return ""
        return format_html('<span class="w-status w-status--label">{}</span>', _("Overdue"))

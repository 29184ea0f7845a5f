"""Dates typed in either calendar, and fiscal years, on the governance snippets."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core import calendars
from governance import fiscal
from governance.models.settings import fiscal_calendar


class DualDateMixin(models.Model):
    """A date typed in the Hijri or the Gregorian calendar; the other is computed on save (as policies do)."""

    date_calendar = models.CharField(
        _("date entered in"),
        max_length=10,
        choices=calendars.CALENDAR_CHOICES,
        default=calendars.HIJRI,
        help_text=_("Type the date in this calendar; the other is computed when you save."),
    )
    date_hijri = models.CharField(
        _("date (Hijri)"), max_length=10, blank=True, help_text=_("Day/month/year, for example 25/06/1446.")
    )
    date = models.DateField(_("date (Gregorian)"), null=True, blank=True)

    date_panels = [
        FieldPanel("date_calendar"),
        FieldRowPanel([FieldPanel("date_hijri"), FieldPanel("date")]),
    ]

    class Meta:
        abstract = True

    def clean_dates(self, errors: dict):
        if self.date_calendar == calendars.HIJRI and not self.date_hijri and self.date:
            self.date_calendar = calendars.GREGORIAN
        elif self.date_calendar == calendars.GREGORIAN and not self.date and self.date_hijri:
            self.date_calendar = calendars.HIJRI
        if self.date_calendar == calendars.HIJRI and self.date_hijri:
            try:
                self.date_hijri = calendars.normalise_hijri(self.date_hijri)
                self.date = calendars.hijri_to_gregorian(*calendars.parse_parts(self.date_hijri))
            except calendars.OutOfRange:
                errors["date_hijri"] = ValidationError(
                    calendars.HIJRI_OUT_OF_RANGE, code="date_out_of_range", params=calendars.HIJRI_YEARS
                )
            except calendars.InvalidDate:
                errors["date_hijri"] = _("Enter an existing Hijri date as day/month/year, for example 25/06/1446.")
        elif self.date_calendar == calendars.GREGORIAN and self.date:
            # Outside the Umm al-Qura tables the Gregorian date is kept and its Hijri shown as unavailable.
            self.date_hijri = calendars.gregorian_to_hijri(self.date) or ""
        else:
            errors["date_hijri" if self.date_calendar == calendars.HIJRI else "date"] = _("Enter the date.")

    def dates_in(self, language: str) -> dict:
        return {
            "date_hijri": self.date_hijri or None,
            "date_gregorian": self.date.isoformat() if self.date else None,
            "date_hijri_display": calendars.hijri_display(self.date, language, stored=self.date_hijri),
            "date_gregorian_display": calendars.format_gregorian(self.date, language),
        }


def clean_fiscal_year(instance, errors: dict, required: bool):
    if instance.fiscal_year is None:
        if required:
            errors["fiscal_year"] = _("This item is published for each fiscal year: enter the year it covers.")
        return
    problem = fiscal.check_year(instance.fiscal_year, fiscal_calendar())
    if problem:
        errors["fiscal_year"] = problem

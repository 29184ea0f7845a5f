from django.db import models
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    HELP_REQUEST = "help_request", _("Help request")
    VOLUNTEER = "volunteer", _("Volunteer application")
    COMPLAINT = "complaint", _("Complaints and suggestions")
    SURVEY = "survey", _("Satisfaction survey")
    GENERAL = "general", _("General form")


# Reference-number prefixes: HR-2026-000042 and so on.
REFERENCE_PREFIXES = {
    FormKind.HELP_REQUEST: "HR",
    FormKind.VOLUNTEER: "VO",
    FormKind.COMPLAINT: "CS",
    FormKind.SURVEY: "SV",
    FormKind.GENERAL: "GE",
}


class ComplaintType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLIMENT = "compliment", _("Compliment")
    INQUIRY = "inquiry", _("Inquiry")


class FieldType(models.TextChoices):
    SINGLELINE = "singleline", _("Single line text")
    MULTILINE = "multiline", _("Multi-line text")
    EMAIL = "email", _("Email")
    NUMBER = "number", _("Number")
    URL = "url", _("URL")
    CHECKBOX = "checkbox", _("Checkbox")
    CHECKBOXES = "checkboxes", _("Checkboxes")
    DROPDOWN = "dropdown", _("Drop down")
    MULTISELECT = "multiselect", _("Multiple select")
    RADIO = "radio", _("Radio buttons")
    DATE = "date", _("Date")
    HIDDEN = "hidden", _("Hidden field")
    # Our own types, validated on the server.
    FILE = "file", _("File upload")
    FILES = "files", _("Several files")
    NATIONAL_ID = "national_id", _("National ID / Iqama number")
    MOBILE = "mobile", _("Saudi mobile number")
    RATING = "rating", _("Rating (1 to 5)")
    HIJRI_DATE = "hijri_date", _("Date (Hijri or Gregorian)")


FILE_TYPES = {FieldType.FILE, FieldType.FILES}
# Field keys the page adds itself; editors cannot use them.
RESERVED_KEYS = {
    "declaration",
    "privacy_consent",
    "complaint_type",
    "anonymous",
    "related_service",
    "service",
    "submission_token",
    "captcha",
    "website",
}


class FieldRole(models.TextChoices):
    """What an editor-built field says about who the applicant is, whatever its key."""

    NAME = "name", _("Applicant's name")
    NATIONAL_ID = "national_id", _("Applicant's national ID / Iqama")
    MOBILE = "mobile", _("Applicant's mobile")
    EMAIL = "email", _("Applicant's email")


# A field of these types tells who the applicant is even when no role is marked.
ROLE_OF_TYPE = {
    FieldType.NATIONAL_ID: FieldRole.NATIONAL_ID,
    FieldType.MOBILE: FieldRole.MOBILE,
    FieldType.EMAIL: FieldRole.EMAIL,
}
# The field types a role may be marked on: the stored column must hold a checked value.
TYPES_FOR_ROLE = {
    FieldRole.NAME: {FieldType.SINGLELINE},
    FieldRole.NATIONAL_ID: {FieldType.NATIONAL_ID},
    FieldRole.MOBILE: {FieldType.MOBILE},
    FieldRole.EMAIL: {FieldType.EMAIL},
}


class Channel(models.TextChoices):
    """How a request reached the association."""

    WEBSITE = "website", _("Website")
    API = "api", _("API (app or other front end)")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    BRANCH = "branch", _("At a branch")


PUBLIC_CHANNELS = {Channel.WEBSITE, Channel.API}
# Requests staff enter on the applicant's behalf.
STAFF_CHANNELS = {Channel.PHONE, Channel.LETTER, Channel.BRANCH}

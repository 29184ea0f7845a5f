"""Which questions a report asks: the service's own when it has any, else the association's default set (made
on first use from research.default_questions, with its English translation), in the staff member's language."""

import uuid

from django.db import transaction
from wagtail.models import Locale

from research.default_questions import DEFAULT_QUESTIONS
from research.models import ResearchQuestion
from services.models.service_page import ServicePage


def add_default_set(site_id: int) -> None:
    """The default questions for one association, in Arabic and (when the site has it) English."""
    source = Locale.get_default()
    english = Locale.objects.filter(language_code="en").exclude(pk=source.pk).first()
    with transaction.atomic():
        for order, (_topic, kind, text_ar, text_en, help_ar, help_en) in enumerate(DEFAULT_QUESTIONS):
            key = uuid.uuid4()
            common = {"site_id": site_id, "answer_kind": kind, "sort_order": order, "translation_key": key}
            ResearchQuestion.objects.create(locale=source, text=text_ar, help_text=help_ar, **common)
            if english is not None:
                ResearchQuestion.objects.create(locale=english, text=text_en, help_text=help_en, **common)


def source_service(service):
    """The Arabic (source) page of a request's service, which questions point at; None without a service."""
    if service is None:
        return None
    source = Locale.get_default()
    if service.locale_id == source.pk:
        return service
    return ServicePage.objects.filter(translation_key=service.translation_key, locale=source).first()


def questions_for(site_id: int, service=None) -> list[ResearchQuestion]:
    """The active questions a report on `service` asks, in order, each with `.shown_text` and `.shown_help` in the
    active language (its translation when there is one): three queries, whatever the number of questions."""
    source = Locale.get_default()
    rows = ResearchQuestion.objects.filter(site_id=site_id, locale=source)
    if not rows.filter(service__isnull=True).exists():  # none at all, not even switched off: a new association
        add_default_set(site_id)
    service = source_service(service)
    asked = list(rows.filter(service=service, active=True)) if service is not None else []
    if not asked:
        asked = list(rows.filter(service__isnull=True, active=True))
    try:
        active = Locale.get_active()
    except Locale.DoesNotExist:
        active = source
    translated = {}
    if active.pk != source.pk:
        translated = {
            row.translation_key: row
            for row in ResearchQuestion.objects.filter(
                translation_key__in=[q.translation_key for q in asked], locale=active
            )
        }
    for question in asked:
        shown = translated.get(question.translation_key, question)
        question.shown_text, question.shown_help = shown.text, shown.help_text
    return asked

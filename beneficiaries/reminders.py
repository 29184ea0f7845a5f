"""Verifications coming due: a reminder to beneficiary relations and, where the association wants it, a message
to the family through the message templates (the event below). One reminder per due date: a file is reminded of
again only once its next verification has moved (it was verified) and comes due again."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site

from beneficiaries.models import VERIFICATION_DUE, BeneficiaryFile, FileRequest, FileStatus, VerificationSettings
from core import bidi
from core.calendars import format_gregorian, hijri_display
from inbox import messages
from inbox.tasks import staff_language
from organisation import channels

logger = logging.getLogger(__name__)

# Who is reminded: those who keep the files (beneficiary relations), found by permission, never by group name.
KEEPS_FILES = "add_beneficiaryfile"


def keepers_of_files():
    """Active staff (not superusers) who may open files, with an email address."""
    by_user = Q(user_permissions__codename=KEEPS_FILES, user_permissions__content_type__app_label="beneficiaries")
    by_group = Q(
        groups__permissions__codename=KEEPS_FILES, groups__permissions__content_type__app_label="beneficiaries"
    )
    users = get_user_model().objects.filter(by_user | by_group, is_active=True, is_superuser=False)
    return users.exclude(email="").distinct().order_by("pk")


def files_coming_due(site, today: datetime.date, config: VerificationSettings):
    horizon = today + datetime.timedelta(days=config.remind_days_before)
    return (
        BeneficiaryFile.objects.filter(site=site, status=FileStatus.ACTIVE, next_verification__lte=horizon)
        .exclude(reminded_for=F("next_verification"))
        .order_by("next_verification", "pk")
    )


def tell_family(file: BeneficiaryFile) -> int:
    """The family is told through its latest request (its language, email and mobile); none, nothing is sent."""
    link = (
        FileRequest.objects.filter(file=file)
        .select_related("case__submission")
        .order_by("-case__submission__submitted_at")
        .first()
    )
    if link is None:
        return 0
    case, due = link.case, file.next_verification
    language = case.submission.language
    values = {
        "verification_date": format_gregorian(due, language),
        "verification_date_hijri": hijri_display(due, language),
    }
    return len(messages.tell_applicant(case, VERIFICATION_DUE, values=values))


def send_verification_reminders(today: datetime.date | None = None) -> dict:
    """For every association: the files coming due, emailed to its file keepers, and each family told once."""
    today = today or timezone.localdate()
    staff = list(keepers_of_files())
    counts = {"files": 0, "families_told": 0, "staff_emails": 0}
    for site in Site.objects.order_by("pk"):
        config = VerificationSettings.for_site(site)
        due = list(files_coming_due(site, today, config))
        if not due:
            continue
        for file in due:
            with transaction.atomic():
                if config.tell_family:
                    counts["families_told"] += tell_family(file)
                BeneficiaryFile.objects.filter(pk=file.pk).update(reminded_for=file.next_verification)
        counts["files"] += len(due)
        counts["staff_emails"] += email_keepers(staff, due, today, sender=channels.sender_email(site.pk))
    return counts


def files_url(file=None) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if file is None:
        return base + reverse("beneficiaries:index") + "?verification_due=true"
    return base + reverse("beneficiaries:inspect", args=[file.pk])


def email_keepers(staff, due, today, sender=None) -> int:
    """One email per staff member: file numbers and due dates, no family's name (emails leave our systems);
    from `sender`, the files' association's address (None: the deployment's)."""
    sent = 0
    for user in staff:
        with translation.override(staff_language(user)):
            context = {
                "files": [(file, files_url(file), file.next_verification < today) for file in due],
                "listing_url": files_url(),
            }
            try:
                send_mail(
                    bidi.isolate_if_rtl(render_to_string("beneficiaries/email/due_subject.txt", context).strip()),
                    bidi.isolate_if_rtl(render_to_string("beneficiaries/email/due_body.txt", context)),
                    sender or settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            except Exception:  # one broken address must not stop the others' reminders
                logger.exception("Could not send the verification reminder to user %s", user.pk)
                continue
        sent += 1
    return sent

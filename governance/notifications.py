"""The daily check: tell each association's administrators, once per item and period, that something of its
disclosure list became due or out of date."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site

from governance.completeness import DUE, MISSING, OUT_OF_DATE, build_report
from governance.models import DisclosureItem, DisclosureNotice

logger = logging.getLogger(__name__)
NOTIFIED_STATES = (DUE, OUT_OF_DATE, MISSING)


def administrators(site_id: int):
    """Active staff with an address who may see the association's report: superusers and its administrators."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    own = Q(groups__association_link__site_id=site_id, groups__association_link__role="administrator")
    # The Administrators group tied to no association counts in every one (as the permission backend counts it).
    everywhere = Q(groups__name="Administrators", groups__association_link__isnull=True)
    return users.filter(Q(is_superuser=True) | own | everywhere).distinct().order_by("pk")


def staff_language(user) -> str:
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile.get_preferred_language() if profile else None) or settings.LANGUAGE_CODE


def _record(status) -> bool:
    """Note that this item's state for this period was announced; False if it already was."""
    try:
        with transaction.atomic():
            DisclosureNotice.objects.create(item=status.item, period=status.period, state=status.state)
    except IntegrityError:
        return False
    return True


def check_and_notify(today=None, site=None) -> int:
    """Email each association's administrators (of `site` only, when given) the items of its list that newly
    became due, out of date or missing; returns how many items."""
    today = today or timezone.localdate()
    if site is None:
        with_items = DisclosureItem.objects.values("site_id")
        return sum(check_and_notify(today, found) for found in Site.objects.filter(pk__in=with_items).order_by("pk"))
    site_id = getattr(site, "pk", site)
    report = build_report(site_id, today)
    fresh = [status for status in report.statuses if status.state in NOTIFIED_STATES and _record(status)]
    if not fresh:
        return 0
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("governance_report")
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for user in administrators(site_id):
        language = staff_language(user)
        with translation.override(language):
            context = {
                "statuses": [(status, base + status.add_url, status.year_label(language)) for status in fresh],
                "report": report,
                "url": url,
                "user": user,
            }
            try:
                send_mail(
                    render_to_string("governance/email/check_subject.txt", context).strip(),
                    render_to_string("governance/email/check_body.txt", context),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            except Exception:  # one broken address must not keep the others uninformed
                logger.exception("Could not send the disclosure check to user %s", user.pk)
    return len(fresh)

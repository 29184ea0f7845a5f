"""The periods administrators set that open or close a move (inbox.lifecycle: `within_period`,
`after_period`), in days for one request: its site's inbox settings, and what the request already did
(a request that appealed once has no appeal period left, so it can be closed at once)."""

from wagtail.models import Site

from inbox.lifecycle import APPEAL_PERIOD
from inbox.models import Appeal, InboxSettings


def site_of(case) -> Site | None:
    """The association the request was sent to: its form's site, else the default site."""
    page = case.submission.form_page
    site = page.get_site() if page is not None else None
    return site or Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def settings_of(case) -> InboxSettings:
    site = site_of(case)
    return InboxSettings.for_site(site) if site is not None else InboxSettings()


def periods_for(case) -> dict:
    """{period name: days, or None when the request has no such period}."""
    appealed = Appeal.objects.filter(case_id=case.pk).exists()
    return {APPEAL_PERIOD: None if appealed else settings_of(case).appeal_days}

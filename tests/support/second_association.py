"""A second association beside the tests' own, for tests of isolation between associations: its own host,
the same form slugs and kinds as the tests' association, its request tracking page and its staff groups."""

from types import SimpleNamespace

from followup.factories import StatusLookupPageFactory
from forms.factories import FormPageFactory
from home.factories import SiteFactory
from organisation.associations import create_staff_groups
from tests.support.association import ENGLISH, FORMS

HOSTNAME = "second.localhost"


def build_second_association(hostname: str = HOSTNAME) -> SimpleNamespace:
    """`.site`, `.forms` (Arabic form pages by slug, as the tests' association has them), `.lookup` (the
    tracking page) and `.groups` (a staff group per role)."""
    site = SiteFactory(hostname=hostname, site_name="جمعية ثانية")
    groups = create_staff_groups(site)
    forms = {
        slug: FormPageFactory(site=site, slug=slug, kind=kind, title=title, fields=fields, english=ENGLISH)
        for slug, kind, title, fields in FORMS
    }
    lookup = StatusLookupPageFactory(
        site=site, slug="track-request", survey_page=forms["satisfaction-survey"], english=True
    )
    return SimpleNamespace(site=site, forms=forms, lookup=lookup, groups=groups, host=hostname)

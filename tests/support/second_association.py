"""A second association beside the tests' own, for tests of isolation between associations: its own host,
the same form slugs and kinds as the tests' association, its request tracking page and its staff groups."""

from types import SimpleNamespace

from django.contrib.auth.models import Group
from wagtail.models import Site

from followup.factories import StatusLookupPageFactory
from followup.models import StatusLookupPage
from forms.factories import FormPageFactory
from forms.models import FormPage
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


def second_association_rows(hostname: str = HOSTNAME) -> dict:
    """Builds the second association and returns its rows' primary keys, for a module-scoped fixture
    (tests.support.db.built_once); `read_second_association` gives the namespace back in each test."""
    built = build_second_association(hostname)
    return {
        "site": built.site.pk, "lookup": built.lookup.pk, "host": hostname,
        "forms": {slug: page.pk for slug, page in built.forms.items()},
        "groups": {role: group.pk for role, group in built.groups.items()},
    }  # fmt: skip


def read_second_association(rows: dict) -> SimpleNamespace:
    """`build_second_association`'s namespace, read afresh from `second_association_rows`' keys (a test's
    changes to the objects are rolled back with it, so each test starts from the rows, not another's copies)."""
    forms = {page.pk: page for page in FormPage.objects.filter(pk__in=rows["forms"].values())}
    groups = {group.pk: group for group in Group.objects.filter(pk__in=rows["groups"].values())}
    return SimpleNamespace(
        site=Site.objects.get(pk=rows["site"]),
        forms={slug: forms[pk] for slug, pk in rows["forms"].items()},
        lookup=StatusLookupPage.objects.get(pk=rows["lookup"]),
        groups={role: groups[pk] for role, pk in rows["groups"].items()},
        host=rows["host"],
    )

"""Test factories (factory_boy, wagtail-factories) for the association's identity, and the bases every
app's factories build on: pages and snippets made as editors make them, translated into English
through wagtail-localize, site settings per association, and staff of any role.

An association is a Wagtail Site (home.factories.SiteFactory builds one). Whatever takes a site
takes `site=`; without one, the default site (made by the migrations, whether or not the demo is
seeded) is meant.
"""

import re

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale, Page, Site

from core.localization import translate_with
from organisation.models import OrganisationProfile, OrganisationSettings
from organisation.roles import ROLE_GROUPS

ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
NUMBERED = re.compile(r"(?P<stem>.*\S)\s+(?P<number>[0-9]+)")
# How wagtail-localize offers text of several lines (a form field's choices) as one segment.
LINE_BREAK = "<br/>"


class EnglishStrings(dict):
    """Source segment -> English for `core.localization.translate_with`, with an answer for every segment.

    The segments given come first; then a known text followed by a number ("خدمة 3" -> "Service 3" when
    "خدمة" is known); lines joined by <br/> (a form field's choices), as a whole or line by line; a segment
    without Arabic letters (a slug, a number, an address) stays as it is; any other gets "[en] " before it,
    so a translation is never left half in Arabic by a missing entry.
    """

    def __contains__(self, segment):
        return True

    def __missing__(self, segment):
        if ARABIC_LETTERS.search(segment) is None:
            return segment
        if LINE_BREAK in segment:  # a form field's choices, one segment with the lines joined
            lines = segment.replace(LINE_BREAK, "\n")
            if dict.__contains__(self, lines):
                return self[lines].replace("\n", LINE_BREAK)
            return LINE_BREAK.join(self[line] for line in segment.split(LINE_BREAK))
        numbered = NUMBERED.fullmatch(segment)
        if numbered and dict.__contains__(self, numbered["stem"]):
            return f"{self[numbered['stem']]} {numbered['number']}"
        return f"[en] {segment}"


def translate(instance, strings=None, language="en"):
    """`instance`'s translation into `language`, made through wagtail-localize as an editor makes it
    (a TranslationSource, its strings, the translated copy synchronised with the source)."""
    return translate_with(instance, language, EnglishStrings(strings or {}))


def arabic() -> Locale:
    return Locale.get_default()


def english() -> Locale:
    return Locale.objects.get(language_code="en")


def site_or_default(site=None) -> Site:
    """`site`, or the default site (the one the migrations make)."""
    return site if site is not None else Site.objects.get(is_default_site=True)


def home_of(site=None) -> Page:
    """The Arabic home page of `site` (default: the default site)."""
    return site_or_default(site).root_page.specific


def _translate_when_asked(factory_class, instance, create, results):
    """`english=True` (or a dict of source text -> English) on a factory call: translate what it made."""
    wanted = (results or {}).get("english")
    if not (create and wanted):
        return
    strings = {}
    for klass in reversed(factory_class.__mro__):  # the texts each factory class knows, the most specific last
        strings.update(vars(klass).get("_english", {}))
    strings.update(wanted if isinstance(wanted, dict) else {})
    instance.english = translate(instance, strings)


def _extracted(instance, create, extracted, **kwargs):
    return extracted


# --- Pages -------------------------------------------------------------------------------
class TranslatablePageFactory(wagtail_factories.PageFactory):
    """A page as an editor makes it: added under `parent` (default: the home page of `site`, else of the
    default site), saved with a first revision and published (`live=False`: a draft).

    `english=True`, or a dict of source text -> English, adds its English translation through
    wagtail-localize (an untranslated parent is copied first, as wagtail-localize does); it is then
    `page.english`.
    """

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    class Params:
        site = None

    title = factory.Sequence(lambda n: f"صفحة {n}")
    slug = factory.Sequence(lambda n: f"page-f{n}")
    parent = factory.LazyAttribute(lambda page: home_of(page.site))
    english = factory.PostGeneration(_extracted)

    _english = {"صفحة": "Page"}

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        revision = page.save_revision()
        if page.live:
            revision.publish()
            page.refresh_from_db()
        return page

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        _translate_when_asked(cls, instance, create, results)


# --- Snippets ------------------------------------------------------------------------------
class TranslatableSnippetFactory(DjangoModelFactory):
    """A translatable snippet as the admin saves it: in Arabic, checked with full_clean() (which also
    fills in what a model computes there), then saved. `english=` as for pages."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    locale = factory.LazyFunction(arabic)
    english = factory.PostGeneration(_extracted)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = model_class(*args, **kwargs)
        instance.full_clean()
        instance.save()
        return instance

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        _translate_when_asked(cls, instance, create, results)


# --- Media ------------------------------------------------------------------------------------
class ImageFactory(wagtail_factories.ImageFactory):
    """A Wagtail image in the root collection, as an editor uploads one."""

    title = factory.Sequence(lambda n: f"Image {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)


# --- Site settings ---------------------------------------------------------------------------
class SiteSettingFactory(DjangoModelFactory):
    """A site setting of `site` (default: the default site): the site's one row, given these values and checked."""

    class Meta:
        abstract = True

    site = None

    @classmethod
    def _create(cls, model_class, *args, site=None, **values):
        setting = model_class.for_site(site_or_default(site))
        for name, value in values.items():
            setattr(setting, name, value)
        setting.full_clean()
        setting.save()
        return setting


# --- Staff -----------------------------------------------------------------------------------
# The staff groups the migrations make (organisation 0002; the inbox and governance add their
# permissions), by role. The inbox's roles (inbox.lifecycle.Role) carry the same names.
SUPERUSER = "superuser"
ROLES = (*ROLE_GROUPS, SUPERUSER)
PASSWORD = "factory-password-1"  # noqa: S105 -- the password of test accounts only


def _role_names(role) -> list[str]:
    return [role] if isinstance(role, str) else list(role or [])


def _groups_of(role) -> list[str]:
    roles = _role_names(role)
    unknown = [name for name in roles if name not in ROLES]
    if unknown:
        raise ValueError(f"Unknown staff role {unknown!r}: choose among {', '.join(ROLES)}.")
    return [ROLE_GROUPS[name] for name in roles if name != SUPERUSER]


class UserFactory(DjangoModelFactory):
    """A staff member of `role` (a name of ROLES, or several): in the group the design gives that role,
    a superuser for "superuser". Signs in with PASSWORD. No second factor: staff_security's StaffFactory
    adds a verified one."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    role = None
    username = factory.Sequence(lambda n: f"staff-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "سارة"
    last_name = factory.Sequence(lambda n: f"الموظفة {n}")
    password = factory.django.Password(PASSWORD)
    is_superuser = factory.LazyAttribute(lambda user: SUPERUSER in _role_names(user.role))
    is_staff = factory.SelfAttribute("is_superuser")

    @classmethod
    def _build(cls, model_class, *args, role=None, association=None, **kwargs):
        _groups_of(role)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, role=None, association=None, **kwargs):
        """`association`: the site whose groups the roles come from (another association than the first)."""
        names = _groups_of(role)
        user = super()._create(model_class, *args, **kwargs)
        if names:
            if association is None:
                groups = list(Group.objects.filter(name__in=names))
            else:
                roles = [name for name in _role_names(role) if name != SUPERUSER]
                links = {"association_link__site": association, "association_link__role__in": roles}
                groups = list(Group.objects.filter(**links))
            if len(groups) != len(set(names)):
                raise LookupError(f"The staff groups {names!r} are missing: have the migrations run?")
            user.groups.add(*groups)
        return user


# --- The association's identity ---------------------------------------------------------------
ENGLISH = {
    "جمعية البر الأهلية": "Al-Birr Community Association",
    "البر": "Al-Birr",
    "وزارة الموارد البشرية والتنمية الاجتماعية": "Ministry of Human Resources and Social Development",
    "حي الواحة، الرياض": "Al-Waha district, Riyadh",
    "نحفظ بياناتك لدراسة طلبك فقط، ولا نشاركها إلا بموجب النظام.": (
        "We keep your data only to study your request, and share it only as the law requires."
    ),
    "المقر الرئيسي": "Head office",
    "الرياض": "Riyadh",
}


class OrganisationProfileFactory(TranslatableSnippetFactory):
    class Meta:
        model = OrganisationProfile

    _english = ENGLISH

    name = factory.Sequence(lambda n: f"جمعية البر الأهلية {n}")
    short_name = "البر"
    ministry = "وزارة الموارد البشرية والتنمية الاجتماعية"
    address = "حي الواحة، الرياض"
    privacy_notice = "<p>نحفظ بياناتك لدراسة طلبك فقط، ولا نشاركها إلا بموجب النظام.</p>"
    branches = factory.LazyFunction(
        lambda: [("branch", {"name": "المقر الرئيسي", "city": "الرياض", "address": "حي الواحة، الرياض",
                             "working_hours": "", "phone": "0115550123", "map_url": ""})]
    )  # fmt: skip


class OrganisationSettingsFactory(SiteSettingFactory):
    """The association's settings on `site`, pointing at a profile of its own (Arabic; `profile__english=True`
    translates it); `with_logo=True` gives it a logo."""

    class Meta:
        model = OrganisationSettings

    class Params:
        with_logo = factory.Trait(logo=factory.SubFactory(ImageFactory))

    profile = factory.SubFactory(OrganisationProfileFactory)
    registration_number = factory.Sequence(lambda n: str(1000 + n))
    phone = "0115550123"
    mobile = "0505550123"
    email = factory.Sequence(lambda n: f"info{n}@association.example.org")
    iban = "SA0380000000608010167519"
    default_reply_period_days = 14

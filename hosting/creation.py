"""Bringing an association up: its site, pages, settings, collection, staff groups and administrator, at once.

`create_association` does it in one transaction, from the command (create_association) and the operator's
screen alike. The standard pages are the demo's builders (forms, the request tracking page, the service
index, the policy library, the governance section) given the new site, without the demo's records.
Running it again for the same domain and names changes nothing; a domain another association uses is refused.
"""

import dataclasses
import re
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Locale, Page, Site

import followup.demo
import forms.demo
import governance.demo
import organisation.demo
import policies.demo
import services.demo
from core.localization import translate_with
from governance.defaults import create_default_disclosure_items
from home.models import HomePage
from organisation.associations import create_staff_groups, free_reference_code
from organisation.models import Association, OrganisationProfile, OrganisationSettings
from policies.defaults import create_default_categories
from services.defaults import create_default_facets

HOME_TITLE = "الرئيسية"
COUNTRY = "المملكة العربية السعودية"
HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
CODE = re.compile(r"^[A-Z][A-Z0-9]{0,5}$")


class AssociationRefused(Exception):
    """The association cannot be made as asked; the message says why, in the reader's language."""


@dataclasses.dataclass
class Result:
    site: Site
    created: bool
    administrator: object = None
    password_link: str = ""
    seconds: float = 0.0

    @property
    def association(self) -> Association:
        return self.site.association


def create_association(
    domain: str,
    name_ar: str,
    name_en: str,
    admin_email: str,
    reference_code: str = "",
    sender_email: str = "",
    sms_sender: str = "",
    recaptcha_public_key: str = "",
    recaptcha_private_key: str = "",
    base_url: str = "",
) -> Result:
    """Make the association on `domain`, or find it made with the same names (nothing changes then).

    Raises AssociationRefused for a malformed domain, email or code, a domain another association uses,
    a reference code another association has, or one reCAPTCHA key without the other. `base_url` is where its
    administrator opens the link that sets their password (default: https://DOMAIN, or http://DOMAIN:8000 in
    development).
    """
    started = time.monotonic()
    domain, admin_email, reference_code = _checked(domain, name_ar, name_en, admin_email, reference_code, sender_email)
    if bool(recaptcha_public_key) != bool(recaptcha_private_key):  # half a pair would never be used
        raise AssociationRefused(_("Give both reCAPTCHA keys (the site key and the secret key), or neither."))
    existing = Site.objects.filter(hostname=domain).first()
    if existing is not None:
        if _names_of(existing) == (name_ar, name_en):
            return Result(site=existing, created=False, seconds=time.monotonic() - started)
        raise AssociationRefused(
            _("The domain %(domain)s is already used by the association “%(name)s”.")
            % {"domain": domain, "name": existing.site_name or domain}
        )
    with transaction.atomic():
        site = _site(domain, name_ar)
        Association.objects.create(
            site=site,
            reference_code=free_reference_code(site, reference_code),
            sender_email=sender_email,
            sms_sender=sms_sender,
            recaptcha_public_key=recaptcha_public_key,
            recaptcha_private_key=recaptcha_private_key,
        )
        _pages(site, admin_email)
        _settings(site, name_ar, name_en)
        groups = create_staff_groups(site)  # and its collection (organisation.associations.collection_of)
        create_default_facets(site)  # its categories and beneficiary groups; its message templates come with
        # its Association row (inbox.message_templates)
        create_default_categories(site)  # its policy categories
        create_default_disclosure_items(site)  # its own disclosure list, as the first association's
        administrator, link = _administrator(site, groups["administrator"], admin_email, base_url)
    if link:
        transaction.on_commit(lambda: _send_link(site, administrator, link, sender_email))
    return Result(
        site=site, created=True, administrator=administrator, password_link=link, seconds=time.monotonic() - started
    )


def _checked(domain, name_ar, name_en, admin_email, code, sender_email):
    domain = domain.strip().lower().rstrip(".")
    if not HOSTNAME.match(domain):
        raise AssociationRefused(_("“%(domain)s” is not a domain name (like association.org.sa).") % {"domain": domain})
    if not name_ar.strip() or not name_en.strip():
        raise AssociationRefused(_("Give the association's name in Arabic and in English."))
    for address in filter(None, (admin_email, sender_email)):
        try:
            validate_email(address)
        except ValidationError:
            raise AssociationRefused(_("“%(email)s” is not an email address.") % {"email": address}) from None
    code = code.strip().upper()
    if code and not CODE.match(code):
        raise AssociationRefused(_("The reference code is one to six capital Latin letters or digits, a letter first."))
    if code and Association.objects.filter(reference_code=code).exclude(site__hostname=domain).exists():
        raise AssociationRefused(_("Another association's references already start with %(code)s.") % {"code": code})
    return domain, admin_email.strip().lower(), code


def _names_of(site: Site) -> tuple[str, str] | None:
    """The Arabic and English names of the association on `site`, as its profile gives them."""
    found = OrganisationSettings.objects.filter(site=site).select_related("profile").first()
    if found is None or found.profile is None:
        return None
    english = found.profile.get_translation_or_none(Locale.objects.get(language_code="en"))
    return found.profile.name, english.name if english else ""


def _site(domain: str, name_ar: str) -> Site:
    slug = re.sub(r"[^a-z0-9]+", "-", domain).strip("-")[:60]
    taken = set(Page.get_first_root_node().get_children().values_list("slug", flat=True))
    while slug in taken or f"{slug}-en" in taken:
        slug = f"{slug}-2"
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title=HOME_TITLE, slug=slug, locale=Locale.objects.get(language_code="ar"))
    )
    home.save_revision().publish()
    translate_with(home, "en", {HOME_TITLE: "Home", slug: f"{slug}-en"})
    return Site.objects.create(hostname=domain, port=80, site_name=name_ar, root_page=home, is_default_site=False)


def _pages(site: Site, admin_email: str) -> None:
    """The standard pages, in Arabic with their English translations (wagtail-localize's way)."""
    home = site.root_page.specific
    english = Locale.objects.get(language_code="en")
    forms.demo.seed(site, staff_emails=admin_email)  # help, volunteering, complaints, survey
    followup.demo.seed(site)  # the request tracking page, opening the survey
    services.demo.seed_index(home)
    policies.demo.seed_index(home)
    governance.demo.seed_pages(home, english, membership_size=None)


def _settings(site: Site, name_ar: str, name_en: str) -> None:
    """Every site setting the apps define, from its defaults; the organisation's profile in both languages."""
    for model in settings_registry:
        if issubclass(model, BaseSiteSetting):
            model.for_site(site)
    profile = OrganisationProfile.objects.create(
        locale=Locale.objects.get(language_code="ar"),
        name=name_ar,
        ministry=organisation.demo.PROFILE_AR["ministry"],
        address=COUNTRY,  # until the association's administrators type theirs
        privacy_notice=organisation.demo.PROFILE_AR["privacy_notice"],
    )
    translate_with(profile, "en", organisation.demo.ENGLISH | {name_ar: name_en, COUNTRY: "Saudi Arabia"})
    OrganisationSettings.objects.filter(site=site).update(profile=profile)


def _administrator(site: Site, group, email: str, base_url: str):
    """The association's first administrator: username from the email, no usable password until they set
    one through the link; in the association's Administrators group. At their first sign-in the admin
    makes them set up their second step (staff_security: administrators can see requests)."""
    User = get_user_model()
    user = User.objects.filter(username=email).first()
    if user is None:
        user = User(username=email, email=email)
        user.set_unusable_password()
        user.save()
    user.groups.add(group)
    if user.has_usable_password():
        return user, ""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    base = base_url or (f"http://{site.hostname}:8000" if settings.DEBUG else f"https://{site.hostname}")
    return user, base.rstrip("/") + path


def _send_link(site: Site, user, link: str, sender_email: str) -> None:
    with translation.override("ar"):
        send_mail(
            _("Your account on %(site)s") % {"site": site.site_name},
            _(
                "An account has been made for you as administrator of %(site)s.\n\n"
                "Choose your password here (the link works once):\n%(link)s\n\n"
                "At your first sign-in you will also set up the second step with an authenticator app."
            )
            % {"site": site.site_name, "link": link},
            sender_email or None,
            [user.email],
        )

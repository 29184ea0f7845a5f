"""The association's identity: validation, digits, header/footer, privacy notice."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_saudi_iban
from home.factories import SiteFactory
from organisation.factories import OrganisationSettingsFactory
from organisation.models import OrganisationSettings
from scripts.signin import sign_in

pytestmark = pytest.mark.django_db


def test_footer_shows_identity_in_arabic_with_arabic_indic_digits(visitor):
    html = visitor.get("/ar/").content.decode()
    assert "جمعية نخلة العطاء الأهلية" in html
    assert "مسجلة لدى وزارة الموارد البشرية والتنمية الاجتماعية برقم ٤٨٢١." in html
    assert "صندوق البريد ١٢٣٤٥" in html
    assert "فرع الخرج" in html and "مصرف الراجحي" in html
    assert "SA03 8000 0000 6080 1016 7519" in html
    assert 'href="mailto:info@nakhlat-alataa.org.sa"' in html


def test_footer_shows_identity_in_english_with_western_digits(visitor):
    html = visitor.get("/en/").content.decode()
    assert "Registered with the Ministry of Human Resources and Social Development under number 4821." in html
    assert "P.O. box 12345" in html
    assert "Al-Kharj branch" in html and "Al Rajhi Bank" in html


def test_privacy_notice_in_both_languages(visitor):
    assert "ما نجمعه ولماذا" in visitor.get("/ar/privacy/").content.decode()
    assert "What we collect and why" in visitor.get("/en/privacy/").content.decode()


@pytest.mark.parametrize(
    "iban", ["SA0380000000608010167519", "sa03 8000 0000 6080 1016 7519", "SA٠٣٨٠٠٠٠٠٠٠٦٠٨٠١٠١٦٧٥١٩"]
)
def test_valid_iban_in_any_spacing_or_digits(iban):
    validate_saudi_iban(iban)


@pytest.mark.parametrize(
    ("iban", "code"),
    [
        ("SA0480000000608010167519", "iban_checksum"),
        ("GB82WEST12345698765432", "iban_format"),
        ("SA03800000006080101675", "iban_format"),
        ("", "iban_format"),
    ],
)
def test_invalid_iban_is_refused_with_a_reason(iban, code):
    with pytest.raises(ValidationError) as error:
        validate_saudi_iban(iban)
    assert error.value.code == code


def test_arabic_indic_digits_are_stored_normalised(db):
    settings = OrganisationSettingsFactory()
    settings.registration_number = "٤٨٢١"
    settings.po_box = "۱۲۳۴۵"  # Eastern Arabic-Indic, from a Persian keyboard
    settings.phone = "٠١١٥٥٥٠١٢٣"
    settings.iban = "sa٠٣ ٨٠٠٠ ٠٠٠٠ ٦٠٨٠ ١٠١٦ ٧٥١٩"
    settings.full_clean()
    settings.save()
    settings.refresh_from_db()
    assert (settings.registration_number, settings.po_box, settings.phone) == ("4821", "12345", "0115550123")
    assert settings.iban == "SA0380000000608010167519"


@pytest.mark.parametrize("days", [0, 366])
def test_reply_period_must_be_sensible(db, days):
    settings = OrganisationSettingsFactory()
    settings.default_reply_period_days = days
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "default_reply_period_days" in error.value.message_dict


def test_default_reply_period_is_two_weeks(db):
    assert OrganisationSettings().default_reply_period_days == 14


def test_registration_number_must_be_digits(db):
    settings = OrganisationSettingsFactory()
    settings.registration_number = "48-21a"
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "registration_number" in error.value.message_dict


def test_settings_edit_form_in_the_admin_accepts_arabic_indic_digits(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    sign_in(client, admin)
    settings = OrganisationSettingsFactory(with_logo=True)
    url = f"/admin/settings/organisation/organisationsettings/{settings.site_id}/"
    assert client.get(url).status_code == 200
    data = {
        "profile": settings.profile_id,
        "logo": settings.logo_id,
        "registration_number": "٥٥٥",
        "po_box": "",
        "postal_code": "",
        "phone": "",
        "mobile": "",
        "toll_free": "",
        "email": "",
        "social_accounts-count": "0",
        "iban": "",
        "default_reply_period_days": "٢١",
        "reply_days_counted": "working",
        "public_holidays-count": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    settings.refresh_from_db()
    assert settings.registration_number == "555"
    assert settings.default_reply_period_days == 21
    assert settings.reply_rules.working_days


def test_the_settings_profile_is_one_of_the_association_s_own(client, django_user_model):
    sign_in(client, django_user_model.objects.create_superuser("chief", "chief@example.org", "x"))
    settings = OrganisationSettingsFactory()
    theirs = OrganisationSettings.for_site(SiteFactory(hostname="profiles.localhost")).profile
    url = f"/admin/settings/organisation/organisationsettings/{settings.site_id}/"
    assert theirs not in client.get(url).context["form"].fields["profile"].queryset
    data = {
        "registration_number": "", "po_box": "", "postal_code": "", "phone": "", "mobile": "", "toll_free": "",
        "email": "", "social_accounts-count": "0", "iban": "", "default_reply_period_days": "21",
        "reply_days_counted": "working", "public_holidays-count": "0",
    }  # fmt: skip
    refused = client.post(url, {**data, "profile": theirs.pk})
    assert refused.status_code == 200 and "profile" in refused.context["form"].errors
    settings.refresh_from_db()
    assert settings.profile_id != theirs.pk
    assert client.post(url, {**data, "profile": settings.profile_id}).status_code == 302

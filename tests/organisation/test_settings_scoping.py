"""A site setting's form offers only its own association's rows (organisation.settings_views.choices_of_site): the
services of the research periods, the rule's researchers, the committee's chair, the verification periods'
beneficiary groups, the organisation's profile, logo and favicon. Another association's row is in none of its lists
and, named by its id in a forged POST, is refused and nothing is saved. Every choice field of every registered
site setting, inline panels included, is covered by the scoping table."""

import pytest
from django.contrib.auth.models import Permission
from django.forms import ModelChoiceField
from django.test import Client
from django.urls import reverse
from wagtail import blocks
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.fields import StreamField
from wagtail.models import Site

from beneficiaries.models import VerificationSettings
from committee.models import CommitteeSettings
from organisation.associations import collection_of, staff_group
from organisation.factories import ImageFactory, OrganisationSettingsFactory, UserFactory
from organisation.models import OrganisationSettings
from organisation.settings_views import narrowed, scope_of
from research.models import ResearchSettings, ServiceResearchPeriod
from scripts.signin import sign_in
from services.factories import BeneficiaryGroupFactory, ServicePageFactory
from tests.support.second_association import build_second_association

pytestmark = pytest.mark.django_db

SETTINGS = [model for model in registry if issubclass(model, BaseSiteSetting)]


def edit_url(model, site):
    return reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name, site.pk])


def formset_data(prefix, rows=()):
    """An inline panel's management form and its `rows` (dicts of field values)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": str(value) for name, value in row.items()})
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    return data


@pytest.fixture
def two():
    """Association A (the tests' default site) and B, each with a service, a researcher, an administrator, a
    beneficiary group, an image and a profile of its own; A's administrator signed in on A's settings."""
    first = Site.objects.get(is_default_site=True)
    second = build_second_association().site
    rows = {}
    for name, site, association in (("ours", first, None), ("theirs", second, second)):
        rows[name] = {
            "service": ServicePageFactory(site=site, title=f"service-of-{name}"),
            "researcher": UserFactory(role="researcher", association=association, username=f"researcher-of-{name}",
                                      first_name=f"first-of-{name}", last_name=f"last-of-{name}"),  # fmt: skip
            "administrator": UserFactory(role="administrator", association=association, username=f"admin-of-{name}"),
            "group": BeneficiaryGroupFactory(site=site, name=f"group-of-{name}", slug="widows"),
            "image": ImageFactory(collection=collection_of(site), title=f"image-of-{name}"),
            "profile": OrganisationSettingsFactory(site=site, profile__name=f"profile-of-{name}").profile,
        }
    # Whoever administers settings at A: every site setting's change permission (most are the role's already).
    staff_group(first, "administrator").permissions.add(*Permission.objects.filter(
        codename__in=[f"change_{model._meta.model_name}" for model in SETTINGS]
    ))  # fmt: skip
    client = sign_in(Client(), rows["ours"]["administrator"])
    return first, second, rows["ours"], rows["theirs"], client


# --- each field ---------------------------------------------------------------------------------------------
# What each setting's form is given besides the choice under test (valid, choosing nothing).
BASE = {
    ResearchSettings: {"default_days": "7", **formset_data("service_periods")},
    CommitteeSettings: {"quorum_rule": "majority", "quorum_number": "3", "numbering_calendar": "hijri",
                        **formset_data("rejection_reasons")},
    VerificationSettings: {"default_months": "12", "remind_days_before": "14", **formset_data("group_periods")},
    OrganisationSettings: {"registration_number": "", "po_box": "", "postal_code": "", "phone": "", "mobile": "",
                           "toll_free": "", "email": "", "social_accounts-count": "0", "iban": "",
                           "default_reply_period_days": "14", "reply_days_counted": "calendar",
                           "public_holidays-count": "0", "brand_primary": "", "brand_secondary": ""},
}  # fmt: skip
# An inline row's other fields.
ROW = {"service_periods": {"days": 3}, "group_periods": {"months": 6}}
# (setting, the posted field, the model field it sets, which row of an association it names)
CASES = [
    (ResearchSettings, "service_periods-0-service", "research.ServiceResearchPeriod.service", "service"),
    (ResearchSettings, "women_researchers", "research.ResearchSettings.women_researchers", "researcher"),
    (CommitteeSettings, "chair", "committee.CommitteeSettings.chair", "administrator"),
    (VerificationSettings, "group_periods-0-group", "beneficiaries.GroupVerificationPeriod.group", "group"),
    (OrganisationSettings, "profile", "organisation.OrganisationSettings.profile", "profile"),
    (OrganisationSettings, "logo", "organisation.OrganisationSettings.logo", "image"),
    (OrganisationSettings, "favicon", "organisation.OrganisationSettings.favicon", "image"),
]


def choosing(model, posted, row):
    """The setting's form data choosing `row` in the field `posted` ("prefix-0-name" for an inline row)."""
    data = dict(BASE[model])
    if "-0-" in posted:
        prefix, name = posted.split("-0-")
        data.update(formset_data(prefix, [{name: row.pk, **ROW[prefix]}]))
    else:
        data[posted] = str(row.pk)
    return data


def field_of(form, posted):
    """The form field `posted` names (for an inline row's, the one its empty form copies)."""
    if "-0-" in posted:
        prefix, name = posted.split("-0-")
        return form.formsets[prefix].empty_form.fields[name]
    return form.fields[posted]


def errors_of(form) -> dict:
    errors = dict(form.errors)
    for prefix, formset in form.formsets.items():
        for index, row_errors in enumerate(formset.errors):
            errors.update({f"{prefix}-{index}-{name}": error for name, error in row_errors.items()})
    return errors


def saved(model, site):
    """What a setting keeps in the database: its columns and its inline and many-to-many rows."""
    setting = model.objects.get(site=site)
    kept = {field.attname: getattr(setting, field.attname) for field in model._meta.concrete_fields}
    for relation in ("service_periods", "group_periods", "rejection_reasons", "women_researchers"):
        if hasattr(setting, relation):
            kept[relation] = sorted(getattr(setting, relation).values_list("pk", flat=True))
    return kept


@pytest.mark.parametrize(("model", "posted", "label", "kind"), CASES, ids=[case[2] for case in CASES])
def test_a_setting_offers_and_takes_only_its_own_association_s_rows(two, model, posted, label, kind):
    first, _second, ours, theirs, client = two
    url = edit_url(model, first)
    page = client.get(url)
    assert page.status_code == 200
    offered = field_of(page.context["form"], posted).queryset
    assert offered.filter(pk=ours[kind].pk).exists()
    assert not offered.filter(pk=theirs[kind].pk).exists()
    assert str(theirs[kind]) not in page.content.decode()

    before = saved(model, first)
    refused = client.post(url, choosing(model, posted, theirs[kind]))
    assert refused.status_code == 200
    assert posted in errors_of(refused.context["form"])
    assert saved(model, first) == before

    accepted = client.post(url, choosing(model, posted, ours[kind]))
    assert accepted.status_code == 302, errors_of(accepted.context["form"])


def test_the_research_page_names_none_of_the_other_association_s_services_or_researchers(two):
    first, _second, ours, theirs, client = two
    ServiceResearchPeriod.objects.create(settings=ResearchSettings.for_site(first), service=ours["service"], days=5)
    page = client.get(edit_url(ResearchSettings, first))
    html = page.content.decode()
    assert "service-of-ours" in html and "researcher-of-ours" in html
    for text in ("service-of-theirs", "researcher-of-theirs", "first-of-theirs", "last-of-theirs"):
        assert text not in html
    assert set(page.context["form"].fields["women_researchers"].queryset) == {ours["researcher"]}


def test_holding_the_researcher_role_at_another_association_is_not_enough(two):
    """One of A's editors who is a researcher at B only is no researcher for A's rule, but is A's staff."""
    first, second, ours, theirs, client = two
    editor = UserFactory(role="editor", username="editor-here-researcher-there")
    editor.groups.add(staff_group(second, "researcher"))
    research = client.get(edit_url(ResearchSettings, first)).context["form"]
    assert editor not in research.fields["women_researchers"].queryset
    chairs = set(client.get(edit_url(CommitteeSettings, first)).context["form"].fields["chair"].queryset)
    assert {editor, ours["administrator"], ours["researcher"]} <= chairs
    assert not {theirs["administrator"], theirs["researcher"]} & chairs


def test_a_superuser_is_offered_the_rows_of_the_association_whose_settings_they_edit(two):
    first, second, ours, theirs, _client = two
    client = sign_in(Client(), UserFactory(role="superuser"))
    form = client.get(edit_url(ResearchSettings, second)).context["form"]
    assert set(form.fields["women_researchers"].queryset) == {theirs["researcher"]}
    services = form.formsets["service_periods"].empty_form.fields["service"].queryset
    assert theirs["service"] in services and ours["service"] not in services
    refused = client.post(edit_url(ResearchSettings, second), choosing(ResearchSettings, "women_researchers",
                                                                       ours["researcher"]))  # fmt: skip
    assert "women_researchers" in refused.context["form"].errors


def test_the_setting_still_reads_its_periods_and_its_rule(two):
    first, _second, ours, _theirs, client = two
    data = choosing(ResearchSettings, "service_periods-0-service", ours["service"])
    data["women_researchers"] = str(ours["researcher"].pk)
    assert client.post(edit_url(ResearchSettings, first), data).status_code == 302
    config = ResearchSettings.for_site(first)
    assert config.days_for(ours["service"].translation_key) == 3
    assert config.days_for("another-key") == config.default_days == 7
    assert list(config.women_researchers.all()) == [ours["researcher"]]


# --- every field of every setting ------------------------------------------------------------------------
def _choice_fields(form, formset=None):
    """(form, field name, field) for each choice field of `form` and of its inline panels' forms, at any depth."""
    for name, field in form.fields.items():
        own_id = formset is not None and name == formset.model._meta.pk.name
        if isinstance(field, ModelChoiceField) and not own_id:
            yield form, name, field
    for child in getattr(form, "formsets", {}).values():
        yield from _choice_fields(child.empty_form, child)


def _chooser_blocks(block):
    if isinstance(block, blocks.ChooserBlock):
        yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _chooser_blocks(child)
    if getattr(block, "child_block", None) is not None:
        yield from _chooser_blocks(block.child_block)


def test_every_choice_of_every_site_setting_is_covered_by_the_scoping_table():
    # A generic setting (one for the whole deployment) would be every association's to read and change.
    assert list(registry) == SETTINGS, "a setting that is not per site"
    site = Site.objects.get(is_default_site=True)
    superuser = UserFactory(role="superuser")
    covered = []
    for model in SETTINGS:
        form_class = get_setting_edit_handler(model).get_form_class()
        form = form_class(instance=model.for_site(site), for_user=superuser)
        for owner, name, field in _choice_fields(form):
            label = f"{owner._meta.model._meta.label}.{name} ({field.queryset.model._meta.label})"
            assert scope_of(field.queryset.model) is not None, f"{label}: add its kind to SITE_CHOICES"
            covered.append(label)
        # Choosers inside a StreamField are checked by their block, which nothing here narrows: none yet.
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                found = list(_chooser_blocks(field.stream_block))
                assert not found, f"{model._meta.label}.{field.name}: a chooser block, not narrowed to the site"
    # Each is also refused by a forged POST above: a new one needs a row in CASES.
    assert {label.split(" (")[0] for label in covered} == {case[2] for case in CASES}


def test_a_choice_of_a_kind_the_table_does_not_know_offers_nothing():
    """Until SITE_CHOICES says how to narrow it (the test above fails first), nothing rather than everything."""
    site = Site.objects.get(is_default_site=True)
    assert Permission.objects.exists()
    assert scope_of(Permission) is None
    assert not narrowed(ResearchSettings, "anything", Permission.objects.all(), site.pk).exists()

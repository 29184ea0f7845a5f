"""Categories and beneficiary groups per association: the same slugs on two sites, each catalogue filtering by its
own, editors of one association listing and choosing only its own, translations keeping their site, and the
standard facets a new association starts with."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale, Site

from home.factories import SiteFactory
from organisation.associations import create_staff_groups, staff_group
from organisation.factories import UserFactory, english, translate
from scripts.signin import sign_in
from services.defaults import CATEGORIES, GROUPS, create_default_facets
from services.factories import (
    BeneficiaryGroupFactory,
    ServiceCategoryFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
)
from services.models import BeneficiaryGroup, ServiceCategory, ServicePage
from services.models.facets import facets

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/services/servicecategory/"
GROUP_LISTING = "/admin/snippets/services/beneficiarygroup/"


@pytest.fixture
def second():
    site = SiteFactory(hostname="second.localhost")
    create_staff_groups(site)
    return site


@pytest.fixture
def default_site():
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def editor_of_second(client, second):
    """An editor of the second association, whose editors that association lets manage its facets (no role
    group of the first has these permissions: superusers manage them there)."""
    wanted = [f"{action}_{model}" for action in ("add", "change", "delete", "view")
              for model in ("servicecategory", "beneficiarygroup")]  # fmt: skip
    staff_group(second, "editor").permissions.add(
        *Permission.objects.filter(content_type__app_label="services", codename__in=wanted)
    )
    sign_in(client, UserFactory(role="editor", association=second))
    return client


def test_two_associations_have_the_same_slugs_each_its_own(second, default_site):
    ours = ServiceCategoryFactory(slug="aid", name="مساعدات الأولى", english=True)
    theirs = ServiceCategoryFactory(slug="aid", name="مساعدات الثانية", site=second, english=True)
    groups = BeneficiaryGroupFactory(slug="orphans"), BeneficiaryGroupFactory(slug="orphans", site=second)
    assert (ours.site, theirs.site) == (default_site, second)
    assert [group.site for group in groups] == [default_site, second]
    assert ours.english.site == default_site and theirs.english.site == second
    duplicate = ServiceCategory(site=second, locale=Locale.get_default(), slug="aid", name="ثالث")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict


def test_a_translation_carries_and_keeps_its_source_s_site(second):
    group = BeneficiaryGroupFactory(site=second, name="فئة الثانية", english=True)
    translated = group.english
    assert translated.site_id == second.pk and translated.locale == english()
    group.name = "فئة الثانية المعدلة"
    group.save()
    again = translate(group)  # wagtail-localize updates the translation: the site stays in step
    assert again.pk == translated.pk and again.site_id == second.pk
    assert BeneficiaryGroup.objects.for_site(second).count() == 2


def test_each_catalogue_filters_by_its_own_association_s_facets(client, second):
    ServiceCategoryFactory(slug="shared", name="تصنيف الأولى")
    BeneficiaryGroupFactory(slug="shared-group", name="فئة الأولى")
    theirs = ServiceCategoryFactory(slug="shared", name="تصنيف الثانية", site=second)
    their_group = BeneficiaryGroupFactory(slug="shared-group", name="فئة الثانية", site=second)
    index = ServiceIndexPageFactory(site=second)
    ServicePageFactory(parent=index, category=theirs, beneficiary_groups=[their_group])
    response = client.get(index.get_url_parts()[2], HTTP_HOST="second.localhost")
    html = response.content.decode()
    assert response.status_code == 200
    assert "تصنيف الثانية" in html and "فئة الثانية" in html
    assert "تصنيف الأولى" not in html and "فئة الأولى" not in html
    known = facets(index.locale_id, site_id=second.pk)
    assert known["categories"] == (("shared", "تصنيف الثانية"),)


def test_a_service_page_s_category_and_groups_are_its_association_s(second):
    ours, our_group = ServiceCategoryFactory(), BeneficiaryGroupFactory()
    theirs, their_group = ServiceCategoryFactory(site=second), BeneficiaryGroupFactory(site=second)
    page = ServicePageFactory(site=second, category=theirs)
    assert page.category.site == second
    form_class = ServicePage.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=UserFactory(role="superuser"))
    assert set(form.fields["category"].queryset) == {theirs}
    assert list(form.fields["beneficiary_groups"].queryset) == [their_group]
    new = form_class(instance=ServicePage(), parent_page=page.get_parent(), for_user=UserFactory(role="superuser"))
    assert ours not in new.fields["category"].queryset and our_group not in new.fields["beneficiary_groups"].queryset


def test_an_editor_of_the_second_association_lists_only_its_facets(editor_of_second, second):
    ours = ServiceCategoryFactory(name="تصنيف الأولى")
    ServiceCategoryFactory(name="تصنيف الثانية", site=second)
    BeneficiaryGroupFactory(name="فئة الأولى")
    BeneficiaryGroupFactory(name="فئة الثانية", site=second)
    listing = editor_of_second.get(LISTING)
    assert listing.status_code == 200
    assert "تصنيف الثانية" in listing.content.decode() and "تصنيف الأولى" not in listing.content.decode()
    groups = editor_of_second.get(GROUP_LISTING).content.decode()
    assert "فئة الثانية" in groups and "فئة الأولى" not in groups
    assert editor_of_second.get(f"{LISTING}edit/{ours.pk}/").status_code == 404
    assert editor_of_second.get(f"{LISTING}delete/{ours.pk}/").status_code == 404


def test_an_editor_of_the_second_association_chooses_only_its_facets(editor_of_second, second):
    ours = ServiceCategoryFactory(name="تصنيف الأولى")
    theirs = ServiceCategoryFactory(name="تصنيف الثانية", site=second)
    chooser = ServiceCategory.snippet_viewset.chooser_viewset
    html = editor_of_second.get(reverse(chooser.get_url_name("choose"))).json()["html"]
    assert "تصنيف الثانية" in html and "تصنيف الأولى" not in html
    chosen = chooser.get_url_name("chosen")
    assert editor_of_second.get(reverse(chosen, args=[theirs.pk])).status_code == 200
    assert editor_of_second.get(reverse(chosen, args=[ours.pk])).status_code == 404


def test_a_facet_added_by_an_editor_is_their_association_s(editor_of_second, second):
    ServiceCategoryFactory(slug="new-one")  # the first association's: the slug is free at the second
    form = editor_of_second.get(f"{LISTING}add/").content.decode()
    assert 'name="site"' not in form
    response = editor_of_second.post(
        f"{LISTING}add/?locale=ar", {"name": "تصنيف جديد", "slug": "new-one", "description": "", "sort_order": "0"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = ServiceCategory.objects.get(name="تصنيف جديد")
    assert made.site == second and made.locale == Locale.get_default()
    again = editor_of_second.post(
        f"{LISTING}add/?locale=ar", {"name": "تصنيف آخر", "slug": "new-one", "description": "", "sort_order": "0"}
    )
    assert again.status_code == 200 and not ServiceCategory.objects.filter(name="تصنيف آخر").exists()


def test_default_facets_give_a_new_association_its_own_and_change_nothing_when_run_again(second, default_site):
    before = ServiceCategory.objects.exclude(site=second).count(), BeneficiaryGroup.objects.exclude(site=second).count()
    made = create_default_facets(second)
    assert set(made["groups"]) == {slug for slug, _name in GROUPS} >= {"orphans", "widows", "elderly", "families"}
    assert set(made["categories"]) == {slug for slug, *_rest in CATEGORIES}
    orphans = made["groups"]["orphans"]
    assert orphans.site == second and orphans.name == "الأيتام"
    assert orphans.get_translation(english()).name == "Orphans"
    def counts():
        return ServiceCategory.objects.for_site(second).count(), BeneficiaryGroup.objects.for_site(second).count()

    made_counts = counts()
    assert made_counts == (2 * len(CATEGORIES), 2 * len(GROUPS))
    orphans.name = "أيتام الجمعية"
    orphans.save()
    again = create_default_facets(second)
    assert again["groups"]["orphans"].pk == orphans.pk and again["groups"]["orphans"].name == "أيتام الجمعية"
    assert counts() == made_counts
    after = ServiceCategory.objects.exclude(site=second).count(), BeneficiaryGroup.objects.exclude(site=second).count()
    assert after == before


def test_the_migration_gives_each_facet_the_site_of_the_services_using_it(second, default_site):
    fill = importlib.import_module("services.migrations.0004_fill_facet_sites").fill_sites
    theirs_only = ServiceCategoryFactory(slug="theirs-only", english=True)  # on the default site, used only at B
    shared = BeneficiaryGroupFactory(slug="shared", english=True)  # used on both
    unused = ServiceCategoryFactory(slug="unused")
    ours = ServicePageFactory(beneficiary_groups=[shared])
    theirs = ServicePageFactory(site=second, beneficiary_groups=[shared])
    ServicePage.objects.filter(pk=theirs.pk).update(category=theirs_only)
    fill(django_apps, None)
    theirs_only.refresh_from_db()
    assert theirs_only.site == second and ServiceCategory.objects.get(pk=theirs_only.english.pk).site == second
    assert ServiceCategory.objects.get(pk=unused.pk).site == default_site
    assert list(ours.beneficiary_groups.all()) == [shared]
    assert BeneficiaryGroup.objects.get(pk=shared.pk).site == default_site
    copy = ServicePage.objects.get(pk=theirs.pk).beneficiary_groups.get()
    assert copy.pk != shared.pk and copy.site == second and copy.slug == "shared"
    assert {row.site_id for row in BeneficiaryGroup.objects.filter(translation_key=copy.translation_key)} == {second.pk}
    assert BeneficiaryGroup.objects.filter(translation_key=copy.translation_key).count() == 2


@pytest.mark.parametrize("model", ["servicecategory", "beneficiarygroup"])
def test_each_role_reaches_the_facets_its_permissions_allow_and_never_another_association_s(client, staff, model):
    """The permission matrix's rows for the facets' paths (tests/website/test_permission_matrix.py)."""
    second = SiteFactory(hostname="second.localhost")
    factory = ServiceCategoryFactory if model == "servicecategory" else BeneficiaryGroupFactory
    ours, theirs = factory(), factory(site=second)
    base, chooser = f"/admin/snippets/services/{model}/", f"/admin/snippets/choose/services/{model}/"
    client.logout()
    assert "/login/" in client.get(f"{base}add/")["Location"] and "/login/" in client.get(chooser)["Location"]
    for role, user in staff.items():
        sign_in(client, user)
        user = type(user).objects.get(pk=user.pk)
        user.working_site_id = Site.objects.get(is_default_site=True).pk
        for action, paths in (("add", ["add/"]),
                              ("change", [f"edit/{ours.pk}/", f"copy/{ours.pk}/", f"history/{ours.pk}/",
                                          f"history-results/{ours.pk}/"]),
                              ("delete", [f"delete/{ours.pk}/"])):  # fmt: skip
            allowed = user.has_perm(f"services.{action}_{model}")
            for path in paths:
                status = client.get(base + path).status_code
                assert (status == 200) == allowed, (role, path, status)
        for path in ("edit", "delete", "usage", "history", "copy"):
            assert client.get(f"{base}{path}/{theirs.pk}/").status_code in (404, 302, 403), (role, path)
        assert client.get(f"{base}usage/{ours.pk}/").status_code in (200, 302, 403), role
        assert client.get(chooser).status_code == 200 and client.get(f"{chooser}results/").status_code == 200
        assert client.get(f"{chooser}chosen/{ours.pk}/").status_code == 200, role
        assert client.get(f"{chooser}chosen/{theirs.pk}/").status_code == 404, role
        multiple = client.get(f"{chooser}chosen-multiple/", {"id": [ours.pk, theirs.pk]}).json()
        assert [str(item["id"]) for item in multiple["result"]] == [str(ours.pk)], role

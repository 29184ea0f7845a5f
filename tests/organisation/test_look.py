"""Each association's own look: two brand colours refused below WCAG AA contrast, a favicon, and one
stylesheet per host (organisation/brand.py) that the site's CSS reads as custom properties."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.contrast import contrast_ratio, validate_brand_colour
from home.factories import SiteFactory
from organisation.factories import ImageFactory
from organisation.models import OrganisationSettings

pytestmark = pytest.mark.django_db
SECOND = "second.localhost"


def test_contrast_is_counted_as_wcag_counts_it():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#0b5d3b", "#ffffff"), 1) == 7.9  # the default green (site.css)
    assert contrast_ratio("#777777", "#ffffff") < 4.5 < contrast_ratio("#595959", "#ffffff")


@pytest.mark.parametrize("colour", ["#0b5d3b", "#073d27", "#1a237e", "#8b0000", ""])
def test_colours_white_text_reads_well_on_are_accepted(colour):
    validate_brand_colour(colour)


@pytest.mark.parametrize("colour", ["#ffcc00", "#7fbf7f", "#ffffff", "#777777"])
def test_colours_white_text_would_fail_on_are_refused(colour):
    with pytest.raises(ValidationError) as refused:
        validate_brand_colour(colour)
    assert refused.value.code == "contrast"


def test_the_refusal_is_in_arabic_for_an_arabic_editor(site_pages):
    settings = OrganisationSettings.for_site(site_pages["site"])
    settings.brand_primary = "#ffcc00"
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        settings.full_clean()
    message = " ".join(refused.value.message_dict["brand_primary"])
    assert "التباين" in message and "4.5" in message


def test_a_colour_that_is_not_hex_is_refused(site_pages):
    settings = OrganisationSettings.for_site(site_pages["site"])
    settings.brand_secondary = "green"
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert "brand_secondary" in refused.value.message_dict


def test_each_host_links_its_own_stylesheet_and_the_default_links_none(client, site_pages):
    second = SiteFactory(hostname=SECOND)
    settings = OrganisationSettings.for_site(second)
    settings.brand_primary, settings.brand_secondary = "#1a237e", "#0d1442"
    settings.save()
    page = client.get("/ar/", HTTP_HOST=SECOND).content.decode()
    assert '/brand.css?v=' in page
    href = page.split('href="/brand.css?v=')[1].split('"')[0]
    css = client.get(f"/brand.css?v={href}", HTTP_HOST=SECOND)
    assert css["Content-Type"].startswith("text/css")
    assert "--brand-primary: #1a237e;" in css.content.decode() and "--brand-secondary: #0d1442;" in css.content.decode()
    assert "immutable" in css["Cache-Control"] and "max-age=31536000" in css["Cache-Control"]
    assert "max-age=300" in client.get("/brand.css?v=old", HTTP_HOST=SECOND)["Cache-Control"]
    # The tests' association keeps the default colours: no stylesheet of its own, an empty one if asked.
    assert "/brand.css" not in client.get("/ar/").content.decode()
    assert "--brand" not in client.get("/brand.css").content.decode()


def test_the_site_css_reads_the_brand_colours_with_the_defaults_beside_them():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    assert "var(--brand-primary, #0b5d3b)" in css and "var(--brand-secondary, #073d27)" in css


def test_the_favicon_is_linked_from_every_page(client, site_pages):
    settings = OrganisationSettings.for_site(site_pages["site"])
    assert 'rel="icon"' not in client.get("/ar/").content.decode()
    settings.favicon = ImageFactory()
    settings.save()
    page = client.get("/en/").content.decode()
    assert 'rel="icon" type="image/png" href="' in page and ".png" in page.split('rel="icon"')[1].split(">")[0]

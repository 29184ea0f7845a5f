import pytest

from forms.models import FormPage


@pytest.fixture
def form_page(demo):
    def find(slug="help-request", language="en"):
        return FormPage.objects.get(slug=slug, locale__language_code=language)

    return find

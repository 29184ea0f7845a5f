import pytest

from forms.models import FormPage


@pytest.fixture(autouse=True)
def _forget_form_schemas():
    """Schemas kept in one test were made from rows the next test does not have."""
    from forms import api

    api.forget_schemas()


@pytest.fixture
def form_page(demo):
    def find(slug="help-request", language="en"):
        return FormPage.objects.get(slug=slug, locale__language_code=language)

    return find

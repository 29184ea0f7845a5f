"""The catalogue the home page tests read (tests/support/catalogue.py), built once per module."""

import pytest

from tests.support.catalogue import build_catalogue, read_catalogue
from tests.support.db import rolled_back_at_the_end


@pytest.fixture(scope="module")
def _catalogue_rows(django_db_setup, django_db_blocker):
    with rolled_back_at_the_end(django_db_blocker):
        yield build_catalogue()


@pytest.fixture
def catalogue(db, _catalogue_rows):
    """The association's catalogue in both languages (made once per module): services, categories, groups,
    the policy library, the home page's sections."""
    return read_catalogue(_catalogue_rows)

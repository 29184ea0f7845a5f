"""The planner's costs each PostgreSQL connection asks for (core/database.py)."""

import pytest

from core.database import with_planner_costs

POSTGRESQL = {"ENGINE": "django.db.backends.postgresql", "NAME": "website"}


def test_postgresql_connections_price_a_random_read_as_storage_in_memory_does():
    database = with_planner_costs(POSTGRESQL, environ={})
    assert database["OPTIONS"]["options"] == "-c random_page_cost=1.1"
    assert "OPTIONS" not in POSTGRESQL  # the entry given is left as it was


def test_the_environment_chooses_another_cost_or_the_servers_own():
    assert with_planner_costs(POSTGRESQL, environ={"DATABASE_RANDOM_PAGE_COST": "2"})["OPTIONS"]["options"] == (
        "-c random_page_cost=2"
    )
    assert with_planner_costs(POSTGRESQL, environ={"DATABASE_RANDOM_PAGE_COST": ""}) == POSTGRESQL
    with pytest.raises(ValueError):
        with_planner_costs(POSTGRESQL, environ={"DATABASE_RANDOM_PAGE_COST": "cheap"})


def test_options_already_given_are_kept_and_other_engines_untouched():
    given = {**POSTGRESQL, "OPTIONS": {"options": "-c statement_timeout=5000", "sslmode": "require"}}
    options = with_planner_costs(given, environ={})["OPTIONS"]
    assert options == {"options": "-c statement_timeout=5000 -c random_page_cost=1.1", "sslmode": "require"}
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    assert with_planner_costs(sqlite, environ={}) is sqlite

"""The database connection's settings that the code's queries were measured with.

PostgreSQL's planner prices a random page read at 4 sequential ones
(`random_page_cost`), a figure for spinning disks. With the site's tables in
memory or on SSD that makes it prefer reading a whole table to looking a few
hundred rows up by key: at 100,000 requests the inbox's search by name read
every case to join the 589 it matched (bench/inbox.py), and a count stopping at
a limit walked a whole index instead of the rows it needed. PostgreSQL's
documentation suggests 1.1 for such storage; each connection asks for it at
start-up (libpq's `options`), so it needs no query, no superuser and no change
to the server. Another value, or the server's own (an empty value), comes from
the environment.
"""

import os

DEFAULT_RANDOM_PAGE_COST = "1.1"


def with_planner_costs(database: dict, environ=os.environ) -> dict:
    """`database` (a DATABASES entry) with the planner's costs for PostgreSQL; any other engine as it is."""
    cost = environ.get("DATABASE_RANDOM_PAGE_COST", DEFAULT_RANDOM_PAGE_COST).strip()
    if "postgresql" not in database.get("ENGINE", "") or not cost:
        return database
    float(cost)  # a typo stops the start-up here, not at the first connection
    options = dict(database.get("OPTIONS", {}))
    options["options"] = f"{options.get('options', '')} -c random_page_cost={cost}".strip()
    return {**database, "OPTIONS": options}

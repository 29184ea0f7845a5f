"""Forms read and filled in through API v3, as a front end does."""

import json


def schema_of(client, page, **params):
    response = client.get(f"/api/v3/forms/{page.pk}/", params)
    assert response.status_code == 200, response.content
    return response.json()


def values(schema, key):
    field = next(field for field in schema["fields"] if field["key"] == key)
    return [choice["value"] for choice in field["choices"]]


def help_answers(schema, **overrides):
    """A help request filled in from what the schema offers (the first choice of each)."""
    answers = {
        "full_name": "Sarah Mohammed Al-Otaibi",
        "national_id": "1000000008",
        "mobile": "0505550123",
        "email": "sara@example.org",
        "city": values(schema, "city")[0],
        "marital_status": values(schema, "marital_status")[1],
        "family_size": 5,
        "monthly_income": "3000",
        "birth_date": {"calendar": "hijri", "date": "15/03/1405"},
        "needs": "Three months of rent",
        "declaration": True,
        "privacy_consent": True,
    }
    answers.update(overrides)
    return answers


def post_json(client, page, answers, *, key=None, locale=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    url = f"/api/v3/forms/{page.pk}/submissions/" + (f"?locale={locale}" if locale else "")
    return client.post(url, json.dumps(answers), content_type="application/json", **headers)


def post_multipart(client, page, fields, files, *, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(f"/api/v3/forms/{page.pk}/submissions/", {**fields, **files}, **headers)


def multipart_fields(answers):
    """JSON answers as a multipart form sends them."""
    fields = {}
    for key, value in answers.items():
        if isinstance(value, dict):
            fields[f"{key}_0"], fields[f"{key}_1"] = value["calendar"], value["date"]
        elif isinstance(value, bool):
            fields[key] = "true" if value else "false"
        else:
            fields[key] = value
    return fields

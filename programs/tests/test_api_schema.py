"""The JSON API against its own OpenAPI document, property-based (schemathesis): every
response has a documented status code, content type and body shape, and no generated
request, valid or not, gets a 5xx. Runs on SQLite and PostgreSQL."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from programs.filter_kinds import MAX_RADIUS
from programs.tests.factories import LabSessionFactory, ProgramFactory

EXAMPLES = 300 if os.environ.get("CI") else 60

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def data(db):
    # As Django's test client does: the in-process WSGI app must not close the test's
    # database connection at the end of each request (on PostgreSQL that closed the
    # transaction the test data lives in, and the next request saw an outage).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield from _data()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _data():
    LabSessionFactory(program__slug="hybrid-mlt")
    ProgramFactory.create_batch(3)
    yield


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_does_what_its_document_says(data, case):
    # Not "positive data acceptance": a ZIP code that matches the documented pattern may
    # still not exist, and the API says so with a documented 400.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_405_not_a_csrf_403(client, method):
    response = getattr(client, method)("/api/programs/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_head_is_answered_like_get(client, data):
    get, head = client.get("/api/programs/"), client.head("/api/programs/")
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head["Content-Type"] == "application/json"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/", "/api/programs/not a slug!/", "/api/nothing/here"])
def test_unknown_api_paths_are_json_404s(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "errors" in response.json()


def test_the_document_declares_every_bound_the_filters_enforce():
    doc = schema.raw_schema
    params = {p["name"]: p["schema"] for p in doc["paths"]["/api/programs/"]["get"]["parameters"]}
    assert params["radius"]["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": MAX_RADIUS}
    assert params["max_months"]["anyOf"][0]["minimum"] == 1
    assert params["max_months"]["anyOf"][0]["maximum"] == 240
    assert params["page"]["anyOf"][1] == {"type": "string", "maxLength": 0}  # empty: page 1
    assert "414" in doc["paths"]["/api/programs/"]["get"]["responses"]

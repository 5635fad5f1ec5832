"""The JSON API: same filters as the page, 400 with field errors, OpenAPI document."""

import pytest

from programs.tests.factories import LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_list_filters_like_the_page(client):
    ProgramFactory(name="Online AAS", slug="online-aas")
    LabSessionFactory(
        program__slug="far-hybrid",
        sites=[SiteFactory(zip_code="85004", city="Phoenix", state="AZ")],
    )
    response = client.get("/api/programs/", {"zip": "43210", "radius": "150"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert [p["slug"] for p in data["results"]] == ["online-aas"]
    assert data["results"][0]["travel_miles"] is None
    assert data["next"] is None


def test_list_paginates(client, django_assert_max_num_queries, before_counting_queries):
    ProgramFactory.create_batch(25)
    before_counting_queries(client)
    with django_assert_max_num_queries(6):
        data = client.get("/api/programs/", {"sort": "name"}).json()
    assert data["count"] == 25 and data["pages"] == 2 and len(data["results"]) == 20
    assert data["next"].endswith("sort=name&page=2")
    second = client.get(data["next"]).json()
    assert len(second["results"]) == 5
    assert client.get("/api/programs/", {"page": "3"}).status_code == 404
    assert client.get("/api/programs/", {"page": "x"}).status_code == 400
    assert client.get("/api/programs/", {"page": "0"}).status_code == 400
    assert client.get("/api/programs/", {"page": "002"}).json()["page"] == 2
    too_long = client.get("/api/programs/", {"page": "9" * 5000})  # past int()'s limit
    assert too_long.status_code == 404
    assert too_long.json() == {"errors": {"page": ["There are 2 pages."]}}


def test_bad_filters_are_400_with_field_errors(client):
    response = client.get(
        "/api/programs/", {"zip": "00000", "credential": "phd", "max_months": "-3"}
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"zip", "credential", "max_months"}
    assert "ZIP" in errors["zip"][0]


def test_detail_and_404(client):
    session = LabSessionFactory(program__slug="hybrid")
    data = client.get("/api/programs/hybrid/").json()
    assert data["slug"] == "hybrid"
    assert data["lab_sessions"][0]["total_days"] == session.total_days
    assert data["source_url"] == session.program.source_url
    assert client.get("/api/programs/missing/").status_code == 404
    ProgramFactory(slug="draft", status="draft")
    assert client.get("/api/programs/draft/").status_code == 404


def test_openapi_document_lists_every_filter(client):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    params = {p["name"]: p for p in doc["paths"]["/api/programs/"]["get"]["parameters"]}
    for name in [
        "q",
        "state",
        "credential",
        "accreditation",
        "agency",
        "delivery",
        "certification",
        "clinical",
        "max_tuition",
        "max_months",
        "lab",
        "zip",
        "radius",
        "enrolls",
        "sort",
        "page",
    ]:
        assert name in params, name
    assert params["state"]["schema"]["type"] == "array"
    assert "OH" in params["state"]["schema"]["items"]["enum"]
    # One-value parameters also accept an empty value ("not given"), as the page's form sends.
    assert "pass_rate" in params["sort"]["schema"]["anyOf"][0]["enum"]


def test_api_rejects_post(client):
    assert client.post("/api/programs/").status_code == 405

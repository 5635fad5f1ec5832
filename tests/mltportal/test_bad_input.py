"""Bad input never produces a server error: property-based fuzzing of the query strings.

CI runs at least 1,000 examples (the "ci" profile, chosen when CI is set); a local run of
`make test` runs fewer.
"""

import os
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.tests.factories import LabSessionFactory, ProgramFactory

pytestmark = pytest.mark.django_db

EXAMPLES = 1000 if os.environ.get("CI") else 200

PARAMS = [
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
    "programs",
]

GOOD_VALUES = [
    "OH",
    "aas",
    "continuing",
    "naacls",
    "hybrid",
    "ascp",
    "student_finds",
    "none",
    "43210",
    "150",
    "pass_rate",
    "distance",
    "relevance",
    "2",
    "0",
    "-1",
    "1e9",
    "99999999999999999999",
    "hybrid-mlt",
    "NaN",
    "Infinity",
    "1.5",
]

ENDPOINTS = [
    "/programs/",
    "/api/programs/",
    "/programs/compare/",
    "/programs/hybrid-mlt/",
    "/api/programs/hybrid-mlt/",
]

byte_values = st.one_of(
    st.sampled_from(GOOD_VALUES).map(str.encode),
    st.text(max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.binary(max_size=40),  # includes NUL and bytes that are not UTF-8
    st.just(b"x" * 10_240),  # 10 kB
    st.just("\u202e\ufeff\U0001f9ea".encode()),
    st.just(b"a\x00b"),  # PostgreSQL cannot store a NUL: refused up front (400)
)
keys = st.one_of(st.sampled_from(PARAMS), st.text(max_size=10).map(str.encode).map(bytes.decode))
pairs = st.lists(st.tuples(keys, byte_values), max_size=8)


def has_nul(items) -> bool:
    """Whether a generated query holds a NUL character once decoded (invalid UTF-8 is
    replaced, so only a real NUL byte counts)."""
    return any("\x00" in key or b"\x00" in value for key, value in items)


def encode(items) -> str:
    return "&".join(
        f"{quote_from_bytes(key.encode('utf-8', 'surrogatepass'))}={quote_from_bytes(value)}"
        for key, value in items
    )


@pytest.fixture
def data():
    LabSessionFactory(program__slug="hybrid-mlt")
    ProgramFactory.create_batch(3)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(endpoint=st.sampled_from(ENDPOINTS), items=pairs)
def test_no_query_string_causes_a_server_error(client, data, endpoint, items):
    response = client.get(f"{endpoint}?{encode(items)}")
    assert response.status_code < 500, (endpoint, items)
    if response.status_code == 302 and endpoint == "/programs/":
        # Empty parameters are dropped from the address first (a clean URL), then shown.
        assert response["Location"].startswith("/programs/")
        response = client.get(response["Location"])
    if endpoint.startswith("/api/"):
        assert response.status_code in (200, 400, 404)
        assert response["Content-Type"] == "application/json"
    else:
        assert response.status_code == (400 if has_nul(items) else 200), (endpoint, items)


# Every other public page and form (issue: production readiness): GET query strings and
# POSTed form bodies of the same generated pairs. 404 (unknown shortlist token) and 429
# (rate limit) are fine; a 5xx never is.
PUBLIC_PAGES = [
    "/",
    "/careers/",
    "/careers/salary/",
    "/careers/eligibility/",
    "/careers/is-this-career-for-you/",
    "/shortlists/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/shortlists/" + "A" * 43 + "/",
]
FORMS = [
    "/shortlists/add/",
    "/shortlists/remove/",
    "/shortlists/clear/",
    "/shortlists/share/",
    "/careers/eligibility/",
    "/careers/is-this-career-for-you/",
]


@settings(
    max_examples=EXAMPLES // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(page=st.sampled_from(PUBLIC_PAGES), items=pairs)
def test_no_query_string_breaks_any_public_page(client, data, page, items):
    response = client.get(f"{page}?{encode(items)}")
    assert response.status_code < 500, (page, items)


@settings(
    max_examples=EXAMPLES // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(form=st.sampled_from(FORMS), items=pairs)
def test_no_form_body_breaks_a_public_form(client, data, form, items):
    response = client.post(form, encode(items), content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, (form, items)


@pytest.mark.parametrize(
    "query",
    [
        "zip=%01%02",  # NUL itself is refused before any form: tests/test_nul_bytes.py
        "q=%FF%FE",
        "q=" + "a" * 10_240,
        "state=OH&state=ZZ",
        "max_tuition=1e999",
        "lab=%F0%9F%A7%AA",
        "radius=0",
        "sort=distance",
        "page=-1",
        "programs=" + "x," * 2000,
    ],
)
def test_known_bad_values_show_a_message_not_an_error(client, data, query):
    response = client.get(f"/programs/?{query}")
    assert response.status_code == 200
    api = client.get(f"/api/programs/?{query}")
    assert api.status_code in (200, 400)


def test_bad_value_messages_are_visible(client, data):
    text = client.get("/programs/?q=" + "a" * 10_240 + "&zip=4321&max_tuition=abc").text
    assert "There is a problem with your search" in text
    assert "Ensure this value has at most 200 characters" in text
    assert "Enter a whole number" in text

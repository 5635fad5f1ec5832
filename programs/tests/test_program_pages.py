"""Program detail and compare pages."""

import json
import re

import pytest

from programs.choices import AccreditationStatus
from programs.tests.factories import LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hybrid():
    dayton = SiteFactory(name="Dayton lab", city="Dayton", state="OH", zip_code="45402")
    cleveland = SiteFactory(name="Cleveland lab", city="Cleveland", state="OH", zip_code="44114")
    session = LabSessionFactory(
        program__name="Hybrid MLT AAS",
        program__slug="hybrid-mlt-aas",
        program__pass_rate=72,
        program__graduation_rate=88,
        program__placement_rate=None,
        program__outcomes_year=2025,
        sites=[dayton, cleveland],
    )
    return session.program


def test_detail_has_every_section(client, hybrid, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(hybrid.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    for expected in [
        "Hybrid MLT AAS",
        "Accredited: continuing",
        "MLT(ASCP) Route 1:</strong> Yes: the program is accredited by NAACLS",
        "MLT(AMT):</strong> Yes: the program is accredited by NAACLS",
        "24 days on campus in total",
        "Dayton lab",
        "Cleveland lab",
        "Cannot enrol residents of",
        "Certification pass rate",
        hybrid.source_url,
    ]:
        assert expected in text, expected


def test_detail_outcomes_against_benchmarks(client, hybrid):
    text = client.get(hybrid.get_absolute_url()).text
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td>'
        r".*?</td><td>(.*?)</td></tr>",
        text,
    )
    results = {
        label: (value, "Meets" in verdict, "Below" in verdict) for label, value, verdict in rows
    }
    assert results["Certification pass rate"] == ("72%", False, True)  # benchmark 75%
    assert results["Graduation rate"] == ("88%", True, False)  # benchmark 70%
    assert results["Placement rate"][0] == "Not published by the school"


def test_detail_distances_with_zip(client, hybrid):
    text = client.get(hybrid.get_absolute_url(), {"zip": "43210"}).text
    assert "The farthest trip from 43210 is about 64 miles in a straight line" in text
    assert "about 64 miles in a straight line <strong>(nearest)</strong>" in text
    bad = client.get(hybrid.get_absolute_url(), {"zip": "1234x"})
    assert bad.status_code == 200
    assert "Enter a 5-digit US ZIP code" in bad.text


def test_detail_structured_data_canonical_and_open_graph(client, hybrid):
    text = client.get(hybrid.get_absolute_url(), {"zip": "43210"}).text
    assert '<link rel="canonical" href="http://testserver/programs/hybrid-mlt-aas/">' in text
    assert '<meta property="og:title" content="Hybrid MLT AAS,' in text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["provider"]["name"] == hybrid.institution.name
    assert data["occupationalCategory"]["codeValue"] == "29-2012"
    assert data["offers"]["price"] == hybrid.tuition_total
    assert data["timeToComplete"] == "P24M"


def test_structured_data_escapes_script_breakouts(client):
    program = ProgramFactory(description="</script><script>alert(1)</script>")
    text = client.get(program.get_absolute_url()).text
    assert "</script><script>alert(1)" not in text
    assert "\\u003C/script\\u003E" in text


def test_stale_listing_notice(client):
    import datetime

    program = ProgramFactory(last_verified=datetime.date.today() - datetime.timedelta(days=400))
    assert "over a year ago" in client.get(program.get_absolute_url()).text
    fresh = ProgramFactory()
    assert "over a year ago" not in client.get(fresh.get_absolute_url()).text


def test_compare_side_by_side(client, hybrid, django_assert_max_num_queries):
    ProgramFactory(
        name="Online Cert", slug="online-cert", accreditation_status=AccreditationStatus.INITIAL
    )
    with django_assert_max_num_queries(6):
        response = client.get("/programs/compare/", {"programs": "hybrid-mlt-aas,online-cert"})
    text = response.text
    assert response.status_code == 200
    assert "Hybrid MLT AAS" in text and "Online Cert" in text
    assert '<tr class="differs"><th scope="row">Accreditation</th>' in text
    assert '<tr><th scope="row">Credential</th>' in text  # same credential: not marked


def test_compare_reports_unknown_slugs_and_caps_at_four(client, hybrid):
    for n in range(5):
        ProgramFactory(slug=f"p{n}")
    response = client.get("/programs/compare/?programs=hybrid-mlt-aas,nope,p0&programs=p1,p2,p3")
    assert response.status_code == 200
    assert "We could not find 1 of the programs" in response.text
    assert "<code>nope</code>" in response.text
    assert "we left out 2" in response.text
    empty = client.get("/programs/compare/")
    assert "Choose up to 4 programs" in empty.text


def test_compare_leaves_out_drafts(client):
    ProgramFactory(slug="secret-draft", status="draft")
    response = client.get("/programs/compare/", {"programs": "secret-draft"})
    assert "We could not find 1 of the programs" in response.text

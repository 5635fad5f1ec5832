"""What each accreditation says about MLT(AMT) when the college's accreditor is not recorded:
never that the program's accreditation is unrecorded when the listing records it."""

import pytest

from programs.accreditation import AGENCY_STATUSES, outlook, verdict
from programs.choices import AccreditationStatus, Agency


@pytest.mark.parametrize(
    ("status", "agency", "amt", "says"),
    [
        (AccreditationStatus.CONTINUING, Agency.NAACLS, True, "Yes: the program is accredited"),
        (
            AccreditationStatus.SERIOUS_APPLICANT,
            Agency.NAACLS,
            False,
            "the program is applying for accreditation but does not hold it yet",
        ),
        (
            AccreditationStatus.NOT_ACCREDITED,
            Agency.NAACLS,
            False,
            "the program is not accredited at present",
        ),
        (
            AccreditationStatus.NOT_ACCREDITED,
            Agency.NONE,
            False,
            "the program is not accredited at present",
        ),
        (
            AccreditationStatus.UNKNOWN,
            Agency.NONE,
            False,
            "neither the program's nor the college's accreditation is recorded",
        ),
    ],
)
def test_amt_reason_says_what_the_listing_records(status, agency, amt, says):
    result = outlook(status, agency, "")
    assert result.amt is amt
    assert says in result.amt_reason
    if status != AccreditationStatus.UNKNOWN:
        assert "neither the program's" not in result.amt_reason
    # A recorded college accreditor is enough for AMT whatever the program's status.
    assert outlook(status, agency, "Northwest Commission on Colleges and Universities").amt


def test_a_program_the_school_calls_accredited_without_naming_the_agency_is_not_denied():
    """Barton's and SUNY Broome's listings: 'accredited, says the school', no agency named.
    The ASCP line said 'No: the program is not accredited at present' beside that badge."""
    result = outlook(AccreditationStatus.ACCREDITED, "", "")
    assert result.ascp is False and result.amt is False
    assert result.ascp_reason.startswith("Not confirmed: the school says the program is accredited")
    assert "not accredited at present" not in result.ascp_reason
    assert "not accredited at present" not in result.amt_reason
    assert "does not name the agency" in result.amt_reason
    assert outlook(AccreditationStatus.ACCREDITED, "", "Higher Learning Commission").amt


@pytest.mark.parametrize(
    ("agency", "status"),
    [(agency, status) for agency, statuses in AGENCY_STATUSES.items() for status in statuses],
)
@pytest.mark.parametrize("college", ["", "Higher Learning Commission"])
def test_every_reason_opens_with_the_answer_compare_and_the_csv_give(agency, status, college):
    """Compare and the CSV print accreditation.verdict(reason): it must say "Yes" exactly when
    graduates are eligible, and never a bare "Not shown" or a whole sentence."""
    result = outlook(status, agency, college)
    for eligible, reason in ((result.ascp, result.ascp_reason), (result.amt, result.amt_reason)):
        answer = verdict(reason)
        assert answer.startswith("Yes") == eligible, reason
        assert answer.split(",")[0] in {"Yes", "No", "Not known", "Not confirmed"}, reason
        assert len(answer) < 80 and reason.startswith(answer + ":")

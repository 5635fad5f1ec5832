"""The College Scorecard reader: official columns, the three spellings of "not reported",
row-level rejections and whole-file errors."""

from decimal import Decimal
from pathlib import Path

import pytest

from curation import scorecard

SAMPLE = Path(__file__).parent / "data" / "scorecard-sample.csv"
REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
EXTRACT = REAL / "scorecard-2023-24-extract.csv"
HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]


def rows_by_unitid():
    rows = scorecard.parse_text(SAMPLE.read_text())
    return {row.institution.unitid: row.institution for row in rows}


def test_sample_rows_parse_with_official_values():
    rows = rows_by_unitid()
    assert len(rows) == 7
    kankakee = rows[146348]
    assert kankakee.name == "Kankakee Community College"
    assert (kankakee.city, kankakee.state, kankakee.zip_code) == ("Kankakee", "IL", "60901")
    assert kankakee.latitude == pytest.approx(41.098178)
    assert kankakee.website == "https://www.kcc.edu/"
    assert kankakee.control == "public"
    assert kankakee.accreditor == "Higher Learning Commission"
    assert (kankakee.tuition_fee_in_state, kankakee.tuition_fee_out_of_state) == (5070, 25680)
    assert kankakee.average_net_price == 5190  # NPT4_PUB for a public college
    assert kankakee.completion_rate == Decimal("0.3815")  # C150_L4: less-than-4-year
    assert kankakee.undergraduate_enrollment == 1904
    assert kankakee.distance_only is False


def test_every_spelling_of_not_reported_becomes_none_never_zero():
    rows = rows_by_unitid()
    barton = rows[154697]  # PrivacySuppressed
    assert barton.median_debt is None and barton.median_earnings is None
    kankakee = rows[146348]  # NULL in C150_4 and NPT4_PRIV: the reported C150_L4 is kept
    assert kankakee.completion_rate == Decimal("0.3815")
    houston = rows[225423]  # C150_L4 suppressed: C150_4 is used instead
    assert houston.completion_rate == Decimal("0.1697")
    itasca = rows[17373501]  # NA everywhere it can be
    assert itasca.latitude is None and itasca.longitude is None
    assert itasca.net_price_calculator_url is None
    assert itasca.distance_only is None
    assert itasca.undergraduate_enrollment is None
    assert itasca.tuition_fee_in_state == 6004


def test_scheme_added_to_bare_web_addresses_and_zip_plus_four_shortened():
    mesa = rows_by_unitid()[127556]
    assert mesa.website == "https://www.coloradomesa.edu/"
    assert mesa.zip_code == "81501"
    # Four-year institution: C150_4, and private net price column ignored for a public college.
    assert mesa.completion_rate == Decimal("0.4152")
    assert mesa.average_net_price == 15331


def test_private_college_uses_private_net_price():
    rasmussen = rows_by_unitid()[138309]
    assert rasmussen.control == "for_profit"
    assert rasmussen.average_net_price == 19113


def test_nine_digit_zip_without_dash():
    row = dict.fromkeys(HEADER.split(","), "NA")
    row.update(UNITID="1", INSTNM="X College", CITY="Y", STABBR="WI", ZIP="557311900")
    assert scorecard.parse_row(row).zip_code == "55731"


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("UNITID", "NA", "UNITID is missing"),
        ("UNITID", "12a", "UNITID is not a number"),
        ("INSTNM", "NULL", "INSTNM"),
        ("STABBR", "Ohio", "two-letter state code"),
        ("ZIP", "4321", "not a US ZIP code"),
        ("LATITUDE", "123.5", "out of range"),
        ("CONTROL", "7", "CONTROL should be 1, 2 or 3"),
        ("TUITIONFEE_IN", "-5", "cannot be negative"),
        ("TUITIONFEE_IN", "five", "not a number"),
        ("UGDS", "10.5", "whole number"),
        ("C150_L4", "1.7", "share from 0 to 1"),
        ("INSTURL", "nowhere", "not a web address"),
    ],
)
def test_bad_cells_reject_the_row_with_a_reason(column, value, reason):
    line = SAMPLE.read_text().splitlines()[4]  # Kankakee
    cells = dict(zip(HEADER.split(","), line.split(","), strict=True))
    cells[column] = value
    text = HEADER + "\n" + ",".join(cells.values()) + "\n"
    [row] = scorecard.parse_text(text)
    assert row.institution is None
    assert reason in row.error
    assert row.line == 2


def test_short_row_and_repeated_unitid_are_rejected_others_kept():
    lines = SAMPLE.read_text().splitlines()
    text = "\n".join([HEADER, lines[4], lines[4], "999,short,row"]) + "\n"
    rows = scorecard.parse_text(text)
    assert [bool(r.institution) for r in rows] == [True, False, False]
    assert rows[1].error == "UNITID appears earlier in the file"
    assert "different number of columns" in rows[2].error


def test_extra_columns_of_the_full_file_are_ignored():
    lines = SAMPLE.read_text().splitlines()
    text = "OPEID," + HEADER + ",SOME_OTHER_COLUMN\n" + "00735800," + lines[4] + ",42\n"
    [row] = scorecard.parse_text(text)
    assert row.institution.name == "Kankakee Community College"


def test_byte_order_mark_in_header_is_accepted():
    [row, *_] = scorecard.parse_text("\ufeff" + SAMPLE.read_text())
    assert row.institution is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("name,city,state\nA,B,C\n", "lacks UNITID, INSTNM, CITY, STABBR"),
        ('UNITID,INSTNM,CITY,STABBR\n1,"unclosed,B,OH\n', "not valid CSV"),
    ],
)
def test_malformed_files_raise_a_clear_error(text, message):
    with pytest.raises(scorecard.ScorecardFormatError, match=message):
        scorecard.parse_text(text)


def test_binary_file_is_a_format_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"UNITID,INSTNM,CITY,STABBR\n1,\xff\xfe,B,OH\n")
    with (
        path.open(encoding="utf-8", newline="") as handle,
        pytest.raises(scorecard.ScorecardFormatError, match="UTF-8"),
    ):
        list(scorecard.read_rows(handle))


def test_shipped_extract_parses_without_rejections():
    with EXTRACT.open(encoding="utf-8", newline="") as handle:
        rows = list(scorecard.read_rows(handle))
    assert len(rows) == 728
    assert [r.error for r in rows if r.error] == []

"""Dates keep the precision the editor wrote, and impossible dates are reported plainly."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spiralld.reading.dates import XSD, PartialDate, coerce_date, find_trailing_date, parse_date

# -- PartialDate -------------------------------------------------------------------------------


def test_year_is_a_gyear() -> None:
    date = PartialDate(2017)
    assert date.lexical == "2017"
    assert date.datatype == XSD + "gYear"
    assert date.precision == "year"
    assert date.earliest() == datetime.date(2017, 1, 1)
    assert date.latest() == datetime.date(2017, 12, 31)


def test_month_is_a_gyearmonth_zero_padded() -> None:
    date = PartialDate(2024, 5)
    assert date.lexical == "2024-05"
    assert date.datatype == "http://www.w3.org/2001/XMLSchema#gYearMonth"
    assert date.precision == "month"
    assert date.earliest() == datetime.date(2024, 5, 1)
    assert date.latest() == datetime.date(2024, 5, 31)


def test_day_is_an_xsd_date() -> None:
    date = PartialDate(2023, 9, 1)
    assert date.lexical == "2023-09-01"
    assert date.datatype == XSD + "date"
    assert date.precision == "day"
    assert date.earliest() == date.latest() == datetime.date(2023, 9, 1)


def test_latest_day_of_february_follows_leap_years() -> None:
    assert PartialDate(2024, 2).latest() == datetime.date(2024, 2, 29)
    assert PartialDate(2023, 2).latest() == datetime.date(2023, 2, 28)


def test_dates_sort_chronologically_across_precisions() -> None:
    dates = [PartialDate(2024, 5, 22), PartialDate(2017), PartialDate(2024), PartialDate(2024, 5)]
    assert sorted(dates) == [
        PartialDate(2017),
        PartialDate(2024),
        PartialDate(2024, 5),
        PartialDate(2024, 5, 22),
    ]
    assert [d.lexical for d in sorted(dates)] == sorted(d.lexical for d in dates)


def test_partial_dates_are_frozen_and_hashable() -> None:
    date = PartialDate(2023, 9, 21)
    assert {date, PartialDate(2023, 9, 21)} == {date}
    with pytest.raises(AttributeError):
        date.year = 2024  # type: ignore[misc]


def test_constructing_an_impossible_partial_date_fails() -> None:
    with pytest.raises(ValueError, match="February 2023 has 28 days"):
        PartialDate(2023, 2, 29)
    with pytest.raises(ValueError, match="a day needs a month"):
        PartialDate(2023, None, 5)


# -- parse_date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017", PartialDate(2017)),
        ("2024-05", PartialDate(2024, 5)),
        ("2023-09-21", PartialDate(2023, 9, 21)),
        ("September 21, 2023", PartialDate(2023, 9, 21)),
        ("Sep 21, 2023", PartialDate(2023, 9, 21)),
        ("Sept. 21, 2023", PartialDate(2023, 9, 21)),
        ("Sep. 21, 2023", PartialDate(2023, 9, 21)),
        ("September 21 2023", PartialDate(2023, 9, 21)),
        ("September 21st, 2023", PartialDate(2023, 9, 21)),
        ("21 September 2023", PartialDate(2023, 9, 21)),
        ("21 Sept. 2023", PartialDate(2023, 9, 21)),
        ("May 2024", PartialDate(2024, 5)),
        ("May, 2024", PartialDate(2024, 5)),
        ("  may 22, 2024  ", PartialDate(2024, 5, 22)),
        ("NOVEMBER 10, 2024", PartialDate(2024, 11, 10)),
        ("July 8, 2025", PartialDate(2025, 7, 8)),
    ],
)
def test_parse_date_accepts_the_documented_forms(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


def test_parse_date_never_invents_a_month_or_day() -> None:
    assert parse_date("2017").precision == "year"
    assert parse_date("May 2024").precision == "month"
    assert parse_date("May 2024").lexical == "2024-05"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("September 41, 2023", "impossible date 'September 41, 2023': September has 30 days"),
        ("2023-13-01", "impossible date '2023-13-01': month 13 is not 1-12"),
        ("2023-00", "impossible date '2023-00': month 0 is not 1-12"),
        ("2023-04-31", "impossible date '2023-04-31': April has 30 days"),
        ("2023-09-00", "impossible date '2023-09-00': day 0 is not 1-30"),
        ("February 29, 2023", "impossible date 'February 29, 2023': February 2023 has 28 days"),
        ("1900-02-29", "impossible date '1900-02-29': February 1900 has 28 days"),
        ("0999", "impossible date '0999': year 999 is not 1000-9999"),
    ],
)
def test_impossible_dates_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["February 29, 2024", "2000-02-29", "29 Feb 2024"])
def test_february_29_exists_in_leap_years(text: str) -> None:
    assert parse_date(text).day == 29


@pytest.mark.parametrize(
    "text", ["sometime in 2024", "17", "20170", "Spring 2024", "2023/09/21", "Septembre 2023"]
)
def test_unrecognised_dates_list_the_expected_forms(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert str(caught.value) == (
        f"unrecognised date {text!r} (expected e.g. 2023, 2023-09, 2023-09-21, "
        "September 2023 or September 21, 2023)"
    )


def test_an_empty_date_is_reported_as_empty() -> None:
    with pytest.raises(ValueError, match=r"^empty date \(expected e\.g\. 2023"):
        parse_date("   ")


@settings(database=None)
@given(st.dates(min_value=datetime.date(1000, 1, 1)))
def test_every_real_day_round_trips_through_its_written_forms(day: datetime.date) -> None:
    expected = PartialDate(day.year, day.month, day.day)
    month = day.strftime("%B")
    assert parse_date(day.isoformat()) == expected
    assert parse_date(f"{month} {day.day}, {day.year:04d}") == expected
    assert parse_date(f"{day.day} {month} {day.year:04d}") == expected
    assert parse_date(expected.lexical) == expected
    assert expected.earliest() == expected.latest() == day


@settings(database=None)
@given(st.text())
def test_parse_date_returns_a_date_or_raises_value_error(text: str) -> None:
    try:
        date = parse_date(text)
    except ValueError:
        return
    assert date.earliest() <= date.latest()


# -- coerce_date -------------------------------------------------------------------------------


def test_coerce_date_accepts_what_yaml_produces() -> None:
    assert coerce_date("September 21, 2023") == PartialDate(2023, 9, 21)
    assert coerce_date(2017) == PartialDate(2017)
    assert coerce_date(datetime.date(2023, 9, 21)) == PartialDate(2023, 9, 21)
    assert coerce_date(datetime.datetime(2023, 9, 21, 12, 30)) == PartialDate(2023, 9, 21)
    assert coerce_date(PartialDate(2024, 5)) == PartialDate(2024, 5)


@pytest.mark.parametrize("value", [None, 3.5, True, ["2017"], {"year": 2017}])
def test_coerce_date_rejects_other_types(value: object) -> None:
    with pytest.raises(ValueError, match=r"expected a date \(expected e\.g\. 2023.*\), got "):
        coerce_date(value)


def test_coerce_date_rejects_an_out_of_range_year() -> None:
    with pytest.raises(ValueError, match=r"^impossible date 99: year 99 is not 1000-9999$"):
        coerce_date(99)


# -- find_trailing_date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vaswani et al., Attention Is All You Need, arXiv, 2017",
            ("Vaswani et al., Attention Is All You Need, arXiv", PartialDate(2017), None),
        ),
        (
            "NEAR Foundation, NEAR co-founder joins the NEAR Foundation as CEO, September 21, 2023",
            (
                "NEAR Foundation, NEAR co-founder joins the NEAR Foundation as CEO",
                PartialDate(2023, 9, 21),
                None,
            ),
        ),
        (
            "NEAR AI, Who we are, reviewed May 16, 2026",
            ("NEAR AI, Who we are", PartialDate(2026, 5, 16), "reviewed"),
        ),
        ("Title, Accessed 2024-05-01", ("Title", PartialDate(2024, 5, 1), "accessed")),
        ("Title, retrieved on 21 May 2024", ("Title", PartialDate(2024, 5, 21), "retrieved")),
        ("Title, last updated May, 2024", ("Title", PartialDate(2024, 5), "updated")),
        ("Title, 2017.", ("Title", PartialDate(2017), None)),
        ("The Story of May, 2024", ("The Story of May", PartialDate(2024), None)),
        ("September 21, 2023", ("", PartialDate(2023, 9, 21), None)),
        ("reviewed 2020", ("", PartialDate(2020), "reviewed")),
    ],
)
def test_find_trailing_date(text: str, expected: tuple[str, PartialDate, str | None]) -> None:
    assert find_trailing_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Who we are", "Title, soon", "Title, reviewed recently", "Title, 17", "Chapter 41, 2023x", ""],
)
def test_find_trailing_date_returns_none_without_a_date(text: str) -> None:
    assert find_trailing_date(text) is None


def test_find_trailing_date_reports_an_impossible_date_instead_of_ignoring_it() -> None:
    with pytest.raises(ValueError, match="^impossible date 'September 41, 2023': September has 30"):
        find_trailing_date("NEAR Foundation, CEO news, September 41, 2023")
    with pytest.raises(ValueError, match="^impossible date '2026-02-30': February 2026 has 28"):
        find_trailing_date("NEAR AI, Who we are, reviewed 2026-02-30")

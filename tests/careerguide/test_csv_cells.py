"""`careerguide.csv_cells`: CSV cells a spreadsheet cannot run as formulas, and the text read back from them."""

import pytest

from careerguide.csv_cells import csv_cell, csv_cell_text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-see the note", "'-see the note"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("'=already quoted", "''=already quoted"),
    ],
)
def test_text_that_starts_a_formula_gets_a_quote(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize("value", ["-12", "-0.50", "120000.00", "plain text", "'quoted", "'", "", "a=b"])
def test_numbers_and_plain_text_are_written_as_they_are(value):
    assert csv_cell(value) == value


def test_none_booleans_and_numbers_are_written_as_text():
    assert [csv_cell(value) for value in (None, True, False, -3, 7)] == ["", "true", "false", "-3", "7"]


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","x")', "'=x", "''@x", "'quoted", "'-5", "-5", "'", "+", "\t", "text", ""],
)
def test_reading_a_cell_back_gives_the_text_written(text):
    assert csv_cell_text(csv_cell(text)) == text


def test_a_quote_typed_before_ordinary_text_is_kept_on_reading():
    assert csv_cell_text("'hello") == "'hello"

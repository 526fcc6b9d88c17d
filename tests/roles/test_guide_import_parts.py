"""roles.guide_import's money and places modules on their own: amounts, ranges, scales, countries, demonyms."""

from decimal import Decimal

import pycountry
import pytest
import yaml

from roles.guide_import.money import money_ranges
from roles.guide_import.places import DEMONYMS_FILE, country_for_phrase, place_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CAD 90,000 to CAD 140,000", [("CAD", "90000", "140000")]),
        ("$65,000-$100,000 USD", [("USD", "65000", "100000")]),
        ("€70k", [("EUR", "70000", "70000")]),
        ("≈194.5k USD", [("USD", "194500", "194500")]),
        ("85.000 € - 95.000 €", [("EUR", "85000", "95000")]),  # German-style thousands separators
        ("₹12 lakh", [("INR", "1200000", "1200000")]),
        ("$90,000 and $140,000 CAD", [("CAD", "90000", "140000")]),  # the code after the amount wins over "$"
        ("In 2024, 15% more keepers", []),  # a year and a percentage are no money
    ],
)
def test_money_ranges_read_amounts_currencies_and_scales(text, expected):
    found = [(pay.currency, str(pay.low.value), str(pay.high.value)) for pay in money_ranges(text)]
    assert found == expected


def test_money_range_marks_an_open_upper_end():
    (pay,) = money_ranges("$120,000+")
    assert (pay.low.value, pay.high.open_ended) == (Decimal(120000), True)


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("the UK", "GB"),
        ("Germany", "DE"),
        ("UAE", "AE"),
        ("Canadian", "CA"),  # a demonym from demonyms.yaml
        ("JAPANESE", "JP"),  # matched after folding
        ("Moonbase", ""),
    ],
)
def test_country_for_phrase(phrase, code):
    assert country_for_phrase(phrase) == code


def test_every_listed_demonym_names_a_real_country_and_is_read_as_it():
    listed = yaml.safe_load(DEMONYMS_FILE.read_text(encoding="utf-8"))
    assert len(listed) > 100
    for word, code in listed.items():
        assert pycountry.countries.get(alpha_2=code) is not None, word
        assert country_for_phrase(word) == code, word


def test_a_region_wins_over_the_countries_given_as_its_examples():
    place, guess = place_for("In Western Europe, such as Germany or the UK, keepers earn", "", "", "EUR", "europe")
    assert (place.kind, place.name, place.examples, guess) == ("region", "Western Europe", ("DE", "GB"), "")

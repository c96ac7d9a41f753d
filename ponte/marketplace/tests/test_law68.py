"""The Law 68/1999 quota from the number of employees (art. 3 of the law; fractions above 0.50
count as a unit, art. 3 of D.P.R. 333/2000)."""

from decimal import Decimal

import pytest

from ponte.marketplace.law68 import law68_quota, round_fraction


@pytest.mark.parametrize(
    ("employees", "quota"),
    [
        (None, 0),
        (0, 0),
        (14, 0),
        (15, 1),
        (35, 1),
        (36, 2),
        (50, 2),
        (51, 4),  # 3.57
        (60, 4),  # 4.20
        (64, 4),  # 4.48
        (65, 5),  # 4.55
        (100, 7),
        (150, 10),  # 10.50: a fraction of exactly 0.50 is dropped
        (1000, 70),
    ],
)
def test_the_quota_follows_the_law(employees, quota):
    assert law68_quota(employees) == quota


@pytest.mark.parametrize(
    ("value", "rounded"),
    [("3.57", 4), ("4.20", 4), ("10.50", 10), ("10.51", 11), ("7", 7), ("0.4", 0)],
)
def test_fractions_above_one_half_count_as_a_unit(value, rounded):
    assert round_fraction(Decimal(value)) == rounded

"""The suggested level of an assessment (docs/domain.md, "Assessment"): m < 1.8 → 1, < 2.6 → 2,
< 3.4 → 3, < 4.2 → 4, otherwise 5; an item scored 1 caps the suggestion at 2."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ponte.pathways.services.assessments import suggested_level


def twelve(total: int) -> list[int]:
    """Twelve integer scores (each 1–5, as even as possible) adding up to `total`."""
    base, extra = divmod(total, 12)
    return [base + 1] * extra + [base] * (12 - extra)


def hundred(total: int) -> list[int]:
    base, extra = divmod(total, 100)
    return [base + 1] * extra + [base] * (100 - extra)


@pytest.mark.parametrize(
    ("scores", "mean", "level"),
    [
        ([1, 2, 2, 2, 2], "1.80", 2),
        ([2, 3, 3, 2, 3], "2.60", 3),
        ([3, 4, 4, 3, 3], "3.40", 4),
        ([4, 4, 4, 4, 5], "4.20", 5),
    ],
)
def test_a_mean_exactly_on_a_threshold_suggests_the_level_above(scores, mean, level):
    assert suggested_level(scores) == (Decimal(mean), level)


@pytest.mark.parametrize(
    ("total", "mean", "level"),
    [
        (179, "1.79", 1),
        (259, "2.59", 2),
        (339, "3.39", 3),
        (419, "4.19", 4),
    ],
)
def test_a_mean_a_hundredth_below_a_threshold_suggests_the_level_below(total, mean, level):
    assert suggested_level(hundred(total)) == (Decimal(mean), level)


@pytest.mark.parametrize(
    ("total", "mean", "level"),
    [
        (21, "1.75", 1),  # the closest to 1.8 from below that twelve items can make
        (22, "1.83", 2),
        (31, "2.58", 2),
        (32, "2.67", 3),
        (40, "3.33", 3),
        (41, "3.42", 4),
        (50, "4.17", 4),
        (51, "4.25", 5),
    ],
)
def test_twelve_items_either_side_of_each_threshold(total, mean, level):
    scores = twelve(total)
    assert sum(scores) == total
    if level > 2:
        assert 1 not in scores
    assert suggested_level(scores) == (Decimal(mean), level)


def test_all_fives_suggest_level_5():
    assert suggested_level([5] * 12) == (Decimal("5.00"), 5)


def test_all_ones_suggest_level_1():
    assert suggested_level([1] * 12) == (Decimal("1.00"), 1)


def test_a_single_item_is_enough():
    assert suggested_level([3]) == (Decimal("3.00"), 3)


def test_the_mean_is_rounded_to_two_decimals():
    assert suggested_level([3, 3, 4]) == (Decimal("3.33"), 3)
    assert suggested_level([4, 4, 5]) == (Decimal("4.33"), 5)


@pytest.mark.parametrize(
    "scores",
    [
        [1] + [5] * 11,  # mean 4.67
        [1, 5, 5, 5, 5],  # mean 4.20
        [1, 3, 3, 3, 3],  # mean 2.60
        [1, 4, 4],  # mean 3.00
    ],
)
def test_any_item_scored_1_caps_the_suggestion_at_2(scores):
    mean, level = suggested_level(scores)
    assert mean >= Decimal("2.6")
    assert level == 2


def test_an_item_scored_1_does_not_raise_a_lower_suggestion():
    assert suggested_level([1, 1, 1, 2]) == (Decimal("1.25"), 1)


def test_it_accepts_any_iterable():
    assert suggested_level(score for score in [2, 2, 3, 3]) == (Decimal("2.50"), 2)


@pytest.mark.parametrize("bad", [0, 6, -1, 10])
def test_a_score_outside_1_to_5_is_refused(bad):
    with pytest.raises(ValidationError):
        suggested_level([3] * 11 + [bad])


def test_no_scores_at_all_is_refused():
    with pytest.raises(ValidationError):
        suggested_level([])

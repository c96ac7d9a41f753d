"""Progress toward the target: (current − baseline) / (target − baseline), clipped to 0–100 %."""

from decimal import Decimal

from ponte.projects.selectors import progress

D = Decimal


def test_progress_is_the_share_of_the_way_from_baseline_to_target():
    assert progress(D("30"), D("10"), D("50")) == D("50.0")
    assert progress(D("10"), D("10"), D("50")) == D("0.0")
    assert progress(D("50"), D("10"), D("50")) == D("100.0")


def test_progress_is_clipped_between_zero_and_a_hundred():
    assert progress(D("80"), D("10"), D("50")) == D("100")
    assert progress(D("5"), D("10"), D("50")) == D("0")


def test_a_target_below_the_baseline_counts_the_fall():
    assert progress(D("15"), D("20"), D("10")) == D("50.0")
    assert progress(D("25"), D("20"), D("10")) == D("0")


def test_a_target_equal_to_the_baseline_is_reached_or_not():
    assert progress(D("10"), D("10"), D("10")) == D("100")
    assert progress(D("12"), D("10"), D("10")) == D("0")


def test_no_current_value_means_no_progress():
    assert progress(None, D("0"), D("10")) is None


def test_progress_is_rounded_to_one_decimal():
    assert progress(D("1"), D("0"), D("3")) == D("33.3")


def test_the_bar_shows_the_progress_rounded_to_a_whole_per_cent():
    from ponte.projects.models import Indicator
    from ponte.projects.selectors import IndicatorStatus

    indicator = Indicator(baseline=D("12"), target=D("60"))
    assert IndicatorStatus(indicator, D("42"), None, None).progress_int == 63
    assert IndicatorStatus(indicator, None, None, None).progress_int == 0

"""CappedPaginator: long lists count at most CAP + 1 rows, and say so."""

import pytest

from ponte.core.pagination import CappedPaginator
from ponte.network.models import Sector

pytestmark = pytest.mark.django_db


class Small(CappedPaginator):
    cap = 3


def test_below_the_cap_it_counts_exactly():
    paginator = Small(Sector.objects.order_by("pk")[:2], 10)
    assert paginator.count == 2
    assert not paginator.capped


def test_above_the_cap_it_stops_counting_and_says_so(django_assert_num_queries):
    assert Sector.objects.count() > 4
    paginator = Small(Sector.objects.order_by("code"), 2)
    with django_assert_num_queries(1) as queries:
        assert paginator.count == 4
    # The count does not sort the rows it counts.
    assert "ORDER BY" not in queries.captured_queries[0]["sql"]
    assert paginator.capped
    assert paginator.num_pages == 2


def test_a_list_is_capped_too():
    paginator = Small(list(range(10)), 5)
    assert paginator.count == 4
    assert paginator.capped

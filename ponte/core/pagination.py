"""Pagination of long lists that never counts more rows than a reader could page through.

Counting every matching row of a table of 100,000 listings costs more than finding the page
itself; past a thousand results nobody pages on, they filter. So the count stops at CAP + 1 rows
(`SELECT COUNT(*) FROM (... LIMIT CAP + 1)`) and the page says "more than CAP"."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 1000


class CappedPaginator(Paginator):
    cap = CAP

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # No ORDER BY in the count: sorting every row before the LIMIT is what costs (an
            # already sliced query keeps its order, which decides which rows it holds).
            unordered = rows if rows.query.is_sliced else rows.order_by()
            return int(unordered[: self.cap + 1].count())
        return len(rows[: self.cap + 1])

    @property
    def capped(self) -> bool:
        """True when there are more rows than the cap (and the count says cap + 1)."""
        return self.count > self.cap

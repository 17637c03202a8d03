"""Query shapes the planner may not change: for pages whose cost must follow their scope."""

from django.db.models import Exists


class ExistsPerBaris(Exists):
    """EXISTS checked once per row of the outer query, by the subquery's own index.

    PostgreSQL may otherwise turn an EXISTS into a hashed subplan or a hash (anti) join:
    it reads the subquery's whole table into a hash before the first outer row, which
    for a page about one RW means every visit or recipient of the city. An OFFSET
    (even 0) keeps the subquery from being pulled up or hashed (PostgreSQL's
    simplify_EXISTS_query gives up on it), so the cost grows with the outer rows, a
    page's few hundred families, not with the table. SQLite reads it as written.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"

"""Search stays on its indexes: the site's PostgreSQL connections carry the planner costs it needs."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


def test_the_sites_connections_price_random_reads_for_ssds():
    # At 10,000 roles, PostgreSQL's default of 4 made search scan every stored tsvector (benchmarks/README).
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert cursor.fetchone() == ("0.4",)

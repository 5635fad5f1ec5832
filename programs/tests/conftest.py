import pytest


@pytest.fixture
def before_counting_queries():
    """What a test does before it counts a search's queries: nothing, inside a transaction
    (the results come from SQL). test_directory_on_index.py replaces it: there, the first
    search after a write reads the facet index, once per process and generation."""
    return lambda client: None

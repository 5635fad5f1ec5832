"""The benchmark's URL sets: the HTTP mix is at least 200 distinct directory URLs."""

from programs import benchmarking


def test_the_http_mix_has_at_least_200_distinct_urls_of_every_type():
    scenarios = benchmarking.scenarios([f"synthetic-{i}" for i in range(100)])
    urls = benchmarking.mix_urls(scenarios)
    assert len(urls) == len(set(urls)) >= 200
    assert {u.split("?")[0] for u in urls} >= {"/programs/", "/api/programs/", "/careers/"}
    assert all(" " not in u for u in urls)

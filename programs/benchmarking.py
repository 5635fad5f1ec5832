"""What `make bench` measures (programs/management/commands/bench.py drives it).

- `scenarios`: the request types of issue #16, each a function of a counter giving a URL,
  so repeated requests rotate over 10-20 variants (and `mix_urls` gives >= 200 distinct).
- `measure`: server time in-process through Django's whole stack, cold (page and facet
  caches off) or warm (both on, every URL requested once first).
- `Gunicorn` and `wrk`: real HTTP load on loopback.
"""

import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from urllib.parse import quote_plus

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from core.serving import tune_garbage_collection

CITY_WORDS = "Dayton Columbus Cleveland Houston Denver Phoenix Seattle Atlanta Chicago Boston "
CITY_WORDS += "Portland Nashville Omaha Tulsa Albany Fresno Austin Memphis Toledo Raleigh"
TYPOS = ["Laboratroy", "Techncian", "Valey Colege", "Meadw", "Technolgy", "Harbr Colege"]
TYPOS += ["Cedr", "Polytechnc", "Prarie", "Montain"]
ZIPS = "43210 45402 44114 60601 30303 75201 80202 98101 19103 37203 85004 97204 55401 63101"
ZIPS += " 27601 32801 70801 84101 68102 12207"
STATES = ["OH", "TX", "CA", "NY", "FL", "PA", "IL", "GA", "NC", "MI", "WA", "AZ", "CO", "TN"]
GUIDES = ["/careers/salary/", "/careers/", "/careers/eligibility/", "/"]
TRIVIAL_URL = "/robots.txt"
VARIANTS = 20  # distinct URLs per request type in the warm measurement
POPULAR_URL = "/programs/"


def percentile(values, p):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def scenarios(slugs, seed=42):
    """{request type: url_for(i)}. Detail and compare draw from `slugs`, seeded."""
    rnd = random.Random(seed)
    details = [rnd.choice(slugs) for _ in range(40)]
    compares = [",".join(rnd.sample(slugs, 4)) for _ in range(40)]

    def pick(seq):
        return lambda i: seq[i % len(seq)]

    city, typo = pick(CITY_WORDS.split()), pick(TYPOS)
    zip_code, state = pick(ZIPS.split()), pick(STATES)
    return {
        "List, unfiltered": lambda i: "/programs/" + (f"?page={i % 5 + 1}" if i % 5 else ""),
        "Keyword": lambda i: f"/programs/?q={quote_plus(city(i))}",
        "Misspelled keyword": lambda i: f"/programs/?q={quote_plus(typo(i))}",
        "Keyword + state + accredited": lambda i: (
            f"/programs/?q=college&state={state(i)}&accreditation=initial&accreditation=continuing"
        ),
        "ZIP + 150-mile radius": lambda i: f"/programs/?zip={zip_code(i)}&radius=150",
        "All filters at once": lambda i: (
            f"/programs/?q=college&state={state(i)}&credential=aas&credential=as"
            "&accreditation=initial&accreditation=continuing&agency=naacls&delivery=hybrid"
            "&delivery=online&certification=ascp&clinical=program_arranges"
            f"&max_tuition=30000&max_months=30&lab=20&zip={zip_code(i)}&radius=500"
            f"&enrolls={state(i)}&sort=distance"
        ),
        "Detail page": lambda i: f"/programs/{details[i % len(details)]}/",
        "Compare 4": lambda i: f"/programs/compare/?programs={compares[i % len(compares)]}",
        "API list": lambda i: f"/api/programs/?state={state(i)}&credential=aas",
        "Guide page": lambda i: GUIDES[i % len(GUIDES)],
    }


def mix_urls(scenario_map, per_type=30):
    """Distinct URLs across every request type (>= 200 with the default 30 per type)."""
    urls = []
    for url_for in scenario_map.values():
        for i in range(per_type):
            url = url_for(i)
            if url in urls and url.startswith("/programs/?"):
                url += f"&sort=tuition&page={i % 3 + 1}"  # a repeat: the same search, paged
            if url not in urls:
                urls.append(url)
    return urls


def measure(scenario_map, n, warm, log=print):
    """{type: median, p95, n, queries, statuses}. Cold: page and facet caches off, every
    request renders and counts. Warm: caches on, each rotating URL requested once first."""
    page = settings.PAGE_CACHE_SECONDS if warm else 0
    facets = settings.FACET_CACHE_SECONDS if warm else 0
    results = {}
    tune_garbage_collection()  # as a server process does (mltportal/wsgi.py)
    with override_settings(
        PAGE_CACHE_SECONDS=page, FACET_CACHE_SECONDS=facets, SECURE_SSL_REDIRECT=False
    ):
        django_cache.clear()
        client = Client(HTTP_HOST="127.0.0.1")
        for name, url_for in scenario_map.items():
            for i in range(VARIANTS if warm else 3):  # fill the caches / warm up
                client.get(url_for(i))
            timings, queries, statuses = [], [], set()
            for i in range(n):
                # Warm requests cycle over the filled variants; cold ones keep rotating.
                url = url_for(i % VARIANTS if warm else i)
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                queries.append(len(captured.captured_queries))
                statuses.add(response.status_code)
            results[name] = {
                "median": statistics.median(timings),
                "p95": percentile(timings, 95),
                "queries": max(queries),
                "statuses": sorted(statuses),
                "n": n,
            }
            r = results[name]
            log(
                f"{'warm' if warm else 'cold'} {name:30} median {r['median']:7.1f} ms"
                f"  p95 {r['p95']:7.1f} ms  queries {r['queries']}  {r['statuses']}"
            )
    return results


class Gunicorn:
    """gunicorn on a free loopback port, with extra environment; a context manager."""

    def __init__(self, workers, env=None):
        self.workers, self.env = str(workers), env or {}

    def __enter__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "gunicorn", "mltportal.wsgi"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", self.workers]
        command += ["--no-control-socket", "--log-level", "warning"]
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            command, cwd=settings.BASE_DIR, env={**os.environ, "DJANGO_DEBUG": "0", **self.env}
        )
        for _ in range(150):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer at {self.base}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGINT)  # quick shutdown: wrk's keep-alives are gone
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


def python_speed() -> float:
    """Seconds this machine takes for a fixed pure-Python loop (10 million additions, best
    of three): a yardstick for comparing reports made on different machines."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def prime(base, paths, times=1):
    """Request each path `times` times (loads each worker's code, templates, ZIP table)."""
    for _ in range(times):
        for path in paths:
            try:
                with urllib.request.urlopen(base + path, timeout=60):  # noqa: S310
                    pass
            except OSError:
                pass


def wrk(base, seconds, path=None, paths=None):
    """requests/s, p99 ms and non-2xx of one wrk run: one path, or a random mix of paths
    (a Lua script picks one per request)."""
    command = [shutil.which("wrk"), "-t2", "-c16", f"-d{seconds}s", "--latency"]
    script = None
    if paths:
        listed = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                f"local paths = {{\n{listed}\n}}\n"
                "request = function()\n"
                '  return wrk.format("GET", paths[math.random(#paths)])\nend\n'
            )
        command += ["-s", script.name]
    command.append(base + (path or "/"))
    try:
        run = subprocess.run(  # noqa: S603 - fixed arguments
            command, capture_output=True, text=True, check=True, timeout=seconds + 60
        )
    finally:
        if script:
            os.unlink(script.name)
    return parse_wrk(run.stdout)


def parse_wrk(text):
    """wrk's figures; a p99 it could not measure (no request finished: "-nan") is None."""

    def ms(value):
        found = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value)
        if found is None:
            return None
        number, unit = found.groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1e3, "m": 6e4, "h": 3.6e6}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text)[1])
    p99 = ms(re.search(r"99%\s+(\S+)", text)[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": rps, "p99_ms": p99, "non_2xx": int(errors[1]) if errors else 0}

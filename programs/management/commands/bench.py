"""`make bench`: the directory's speed at 100,000 listings on PostgreSQL.

1. Generates the synthetic listings (timed), then ANALYZE.
2. Server time per request type, in-process through Django's full stack (middleware,
   views, templates), with the production cache settings: median and p95 over N requests
   whose parameters rotate (so cached facet counts are not always hits), and SQL queries
   per request. A second, shorter pass with the facet cache off gives the cold cost.
3. Real HTTP load through gunicorn on loopback with wrk: requests/s and p99 for the search
   page and for a trivial view in the same run.
Writes BENCHMARKS.md.
"""

import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import django
import psycopg2
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from programs.models import Program

CITY_WORDS = [
    "Dayton",
    "Columbus",
    "Cleveland",
    "Houston",
    "Denver",
    "Phoenix",
    "Seattle",
    "Atlanta",
    "Chicago",
    "Boston",
    "Portland",
    "Nashville",
    "Omaha",
    "Tulsa",
    "Albany",
    "Fresno",
    "Austin",
    "Memphis",
    "Toledo",
    "Raleigh",
]
TYPOS = [
    "Laboratroy",
    "Techncian",
    "Valey Colege",
    "Meadw",
    "Technolgy",
    "Harbr Colege",
    "Cedr",
    "Polytechnc",
    "Prarie",
    "Montain",
]
ZIPS = [
    "43210",
    "45402",
    "44114",
    "60601",
    "30303",
    "75201",
    "80202",
    "98101",
    "19103",
    "37203",
    "85004",
    "97204",
    "55401",
    "63101",
    "27601",
    "32801",
    "70801",
    "84101",
    "68102",
    "12207",
]
STATES = ["OH", "TX", "CA", "NY", "FL", "PA", "IL", "GA", "NC", "MI", "WA", "AZ", "CO", "TN"]
TARGET_P95_MS = 30
TARGET_QUERIES = 8


def percentile(values, p):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class Command(BaseCommand):
    help = "Benchmark the directory at 100,000 listings on PostgreSQL; writes BENCHMARKS.md."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--cold-requests", type=int, default=50)
        parser.add_argument("--http-seconds", type=int, default=15)
        parser.add_argument("--regenerate", action="store_true")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "BENCHMARKS.md"))

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        self.ensure_database()
        call_command("migrate", verbosity=0)
        call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
        generated = self.generate(options["count"], options["regenerate"])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        rnd = random.Random(42)
        slugs = list(
            Program.objects.published()
            .filter(slug__startswith="synthetic-")
            .values_list("slug", flat=True)[:5000]
        )
        scenarios = self.scenarios(rnd, slugs)
        warm = self.measure(scenarios, options["requests"], cache=True)
        cold = self.measure(scenarios, options["cold_requests"], cache=False)
        http = self.http_load(options["http_seconds"])
        self.write(options["output"], options["count"], generated, warm, cold, http)
        self.stdout.write(f"Wrote {options['output']}")

    # --- set-up ---------------------------------------------------------------------------

    def ensure_database(self):
        db = settings.DATABASES["default"]
        try:
            connection.ensure_connection()
            return
        except OperationalError:
            self.stdout.write(f"Creating database {db['NAME']}.")
        admin = psycopg2.connect(
            dbname="postgres",
            user=db["USER"],
            password=db["PASSWORD"],
            host=db["HOST"],
            port=db["PORT"] or 5432,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
        admin.close()

    def generate(self, count, regenerate):
        have = Program.objects.filter(slug__startswith="synthetic-").count()
        if have == count and not regenerate:
            self.stdout.write(f"{have:,} synthetic listings already present.")
            return None
        started = time.perf_counter()
        call_command("generate_programs", count=count)
        return time.perf_counter() - started

    def scenarios(self, rnd, slugs):
        def pick(seq):
            return lambda i: seq[i % len(seq)]

        city, typo, zip_code, state = pick(CITY_WORDS), pick(TYPOS), pick(ZIPS), pick(STATES)
        return {
            "List, unfiltered": lambda i: "/programs/" + ("" if i % 2 else "?page=2"),
            "Keyword": lambda i: f"/programs/?q={city(i)}",
            "Misspelled keyword": lambda i: f"/programs/?q={typo(i)}",
            "Keyword + state + accredited": lambda i: (
                f"/programs/?q=college&state={state(i)}&accreditation=initial"
                "&accreditation=continuing"
            ),
            "ZIP + 150-mile radius": lambda i: f"/programs/?zip={zip_code(i)}&radius=150",
            "All filters at once": lambda i: (
                f"/programs/?q=college&state={state(i)}&credential=aas&credential=as"
                "&accreditation=initial&accreditation=continuing&agency=naacls&delivery=hybrid"
                "&delivery=online&certification=ascp&clinical=program_arranges"
                f"&max_tuition=30000&max_months=30&lab=20&zip={zip_code(i)}&radius=500"
                f"&enrolls={state(i)}&sort=distance"
            ),
            "Detail page": lambda i: f"/programs/{rnd.choice(slugs)}/",
            "Compare 4": lambda i: "/programs/compare/?programs=" + ",".join(rnd.sample(slugs, 4)),
            "API list": lambda i: f"/api/programs/?state={state(i)}&credential=aas",
            "Guide page": lambda i: "/careers/salary/",
        }

    # --- in-process server time -----------------------------------------------------------

    def measure(self, scenarios, n, cache):
        from django.core.cache import cache as django_cache

        results = {}
        seconds = settings.FACET_CACHE_SECONDS if cache else 0
        with override_settings(FACET_CACHE_SECONDS=seconds, SECURE_SSL_REDIRECT=False):
            django_cache.clear()
            client = Client(HTTP_HOST="127.0.0.1")
            for name, url_for in scenarios.items():
                for i in range(5):  # warm-up: connections, templates, caches
                    client.get(url_for(i))
                timings, queries, statuses = [], [], set()
                for i in range(n):
                    url = url_for(i)
                    if i < 20:
                        with CaptureQueriesContext(connection) as captured:
                            response = client.get(url)
                        queries.append(len(captured.captured_queries))
                    else:
                        started = time.perf_counter()
                        response = client.get(url)
                        timings.append((time.perf_counter() - started) * 1000)
                    statuses.add(response.status_code)
                if len(timings) < 20:  # small runs: time the query-counted requests too
                    timings = [self.time_one(client, url_for(i)) for i in range(n)]
                results[name] = {
                    "median": statistics.median(timings),
                    "p95": percentile(timings, 95),
                    "queries": max(queries),
                    "statuses": sorted(statuses),
                    "n": len(timings),
                }
                self.stdout.write(
                    f"{'warm' if cache else 'cold'} {name:32} median {results[name]['median']:7.1f}"
                    f" ms  p95 {results[name]['p95']:7.1f} ms  queries {results[name]['queries']}"
                )
        return results

    @staticmethod
    def time_one(client, url):
        started = time.perf_counter()
        client.get(url)
        return (time.perf_counter() - started) * 1000

    # --- HTTP load ------------------------------------------------------------------------

    def http_load(self, seconds):
        wrk = shutil.which("wrk")
        if not wrk:
            self.stdout.write("wrk not found: skipping the HTTP load test.")
            return None
        call_command("collectstatic", interactive=False, verbosity=0)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        workers = str(os.cpu_count() * 2 + 1)
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "mltportal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                workers,
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_DEBUG": "0"},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            self.wait_until_up(base + "/healthz")
            search = "/programs/?q=college&state=OH&accreditation=initial&accreditation=continuing"
            trivial = "/robots.txt"
            out = {
                "workers": workers,
                "seconds": seconds,
                "search_url": search,
                "trivial_url": trivial,
            }
            for key, path in (("search", search), ("trivial", trivial)):
                run = subprocess.run(  # noqa: S603 - fixed arguments
                    [wrk, "-t2", "-c16", f"-d{seconds}s", "--latency", base + path],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=seconds + 30,
                )
                out[key] = self.parse_wrk(run.stdout)
                self.stdout.write(f"HTTP {key}: {out[key]}")
            out["ratio"] = out["search"]["rps"] / out["trivial"]["rps"]
            return out
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    @staticmethod
    def wait_until_up(url):
        import urllib.request

        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"gunicorn did not answer at {url}")

    @staticmethod
    def parse_wrk(text):
        def ms(value):
            number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
            return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text)[1])
        p99 = ms(re.search(r"99%\s+(\S+)", text)[1])
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        return {"rps": rps, "p99_ms": p99, "non_2xx": int(errors[1]) if errors else 0}

    # --- report ---------------------------------------------------------------------------

    def write(self, path, count, generated, warm, cold, http):
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg = cursor.fetchone()[0]
        cpu = "unknown CPU"
        if Path("/proc/cpuinfo").exists():
            found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
            cpu = found[1] if found else cpu
        memory = ""
        if Path("/proc/meminfo").exists():
            kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
            memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
        lines = [
            "# Benchmarks",
            "",
            "Measured by `make bench` (`programs/management/commands/bench.py`). Re-run it to",
            "refresh this file; numbers below are from the run described here.",
            "",
            f"- Date: {date.today().isoformat()}",
            f"- Machine: {os.cpu_count()} cores ({cpu}){memory}; {platform.platform()}",
            f"- Software: Python {platform.python_version()}, Django {django.get_version()}, "
            f"PostgreSQL {pg}",
            f"- Data: {count:,} synthetic programs (plus the demo set) with institutions, sites "
            "and lab sessions; `ANALYZE` after loading.",
            "- Generation: "
            + (
                f"{generated:.0f} s (target: under 120 s)"
                if generated
                else "reused from a previous run"
            ),
            "",
            "## Server time per request type",
            "",
            "In-process through the whole Django stack (middleware, view, template), with the",
            f"production cache settings (facet counts cached for {settings.FACET_CACHE_SECONDS} s; "
            "parameters rotate over 10-20 variants per type, so most but not all facet look-ups "
            "are cache hits). SQL queries are the most seen in one request of that type.",
            "",
            "| Request | n | median ms | p95 ms | p95 target 30 ms | SQL queries | target <= 8 |",
            "|---|---:|---:|---:|---|---:|---|",
        ]
        for name, r in warm.items():
            lines.append(
                f"| {name} | {r['n']} | {r['median']:.1f} | {r['p95']:.1f} | "
                f"{'met' if r['p95'] <= TARGET_P95_MS else 'missed'} | {r['queries']} | "
                f"{'met' if r['queries'] <= TARGET_QUERIES else 'missed'} |"
            )
        lines += [
            "",
            "### Cold: facet cache off",
            "",
            "Every request computes its facet counts (the first visitor to a new combination of "
            "filters pays this).",
            "",
            "| Request | n | median ms | p95 ms |",
            "|---|---:|---:|---:|",
        ]
        for name, r in cold.items():
            lines.append(f"| {name} | {r['n']} | {r['median']:.1f} | {r['p95']:.1f} |")
        lines += ["", "## HTTP load through gunicorn", ""]
        if http:
            ratio = http["ratio"] * 100
            lines += [
                f"gunicorn with {http['workers']} workers on 127.0.0.1, `wrk -t2 -c16 "
                f"-d{http['seconds']}s --latency`, both URLs in the same run, one after the other.",
                "",
                "| URL | requests/s | p99 ms | non-2xx |",
                "|---|---:|---:|---:|",
                f"| search `{http['search_url']}` | {http['search']['rps']:.0f} | "
                f"{http['search']['p99_ms']:.1f} | {http['search']['non_2xx']} |",
                f"| trivial `{http['trivial_url']}` | {http['trivial']['rps']:.0f} | "
                f"{http['trivial']['p99_ms']:.1f} | {http['trivial']['non_2xx']} |",
                "",
                f"Search page throughput is {ratio:.0f}% of the trivial view's (target: 40% or "
                f"more: {'met' if ratio >= 40 else 'missed'}).",
            ]
        else:
            lines.append("Skipped: wrk is not installed (`apt-get install -y wrk`).")
        # Keep the hand-written analysis that follows the marker, if any.
        marker = "<!-- analysis: kept by make bench -->"
        previous = Path(path).read_text(encoding="utf-8") if Path(path).exists() else ""
        analysis = previous[previous.index(marker) :] if marker in previous else marker + "\n"
        Path(path).write_text("\n".join(lines) + "\n\n" + analysis, encoding="utf-8")

"""The yearly funder report on PostgreSQL over the large synthetic data set (part of `make bench`).

The budget (architecture.md): computing the yearly funder report over 1,000,000 attendance rows
on PostgreSQL takes under 1 s. The script builds the data set once in its own database (about a
minute), then times, best of five after a warm-up: the computation of every indicator for the
last complete year, for the whole district and for three sub-projects; and once, the report of
three sub-projects with its workbook and PDF (drawing the PDF is most of it; the budget is for
the computation).

Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/ponte_bench; the
database is created when missing), and the BENCH_* sizes of bench/run.py.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ponte_bench")
SIZES = {
    "organisations": os.environ.get("BENCH_ORGANISATIONS", "3000"),
    "people": os.environ.get("BENCH_PEOPLE", "10000"),
    "attendance": os.environ.get("BENCH_ATTENDANCE", "1000000"),
    "openings": os.environ.get("BENCH_OPENINGS", "1000"),
    "listings": os.environ.get("BENCH_LISTINGS", "100000"),
    "subprojects": os.environ.get("BENCH_SUBPROJECTS", "1000"),
    "meetings": os.environ.get("BENCH_MEETINGS", "2000"),
}
BUDGET_MS = 1000.0

ENSURE_DATABASE = """
import sys, psycopg
from urllib.parse import urlparse
url = urlparse(sys.argv[1])
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True) as connection:
    exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        connection.execute(f'CREATE DATABASE "{name}"')
"""

COUNT_ATTENDANCE = """
from ponte.pathways.models import Attendance
print(Attendance.objects.count())
"""

TIMING = """
import statistics, time
from datetime import date
from django.db import connection
from ponte.projects.models import SubProject
from ponte.reports.indicators import Scope
from ponte.reports.services import funder_report_data

year = date.today().year - 1
whole = Scope(start=date(year, 1, 1), end=date(year, 12, 31), statistics_consent_only=True)
three = Scope(
    start=whole.start, end=whole.end, statistics_consent_only=True,
    subprojects=tuple(SubProject.objects.order_by("pk")[:3]),
)
for name, scope in (("whole district", whole), ("three sub-projects", three)):
    funder_report_data(scope)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        funder_report_data(scope)
        runs.append((time.perf_counter() - started) * 1000)
    print(f"RESULT|{name}|{min(runs):.0f}|{statistics.median(runs):.0f}")
"""

WHOLE_REPORT = """
import time
from datetime import date
from ponte.network.models import User
from ponte.projects.models import SubProject
from ponte.reports import services
from ponte.reports.models import FunderReport

year = date.today().year - 1
user = User.objects.get(username="coordinatore")
started = time.perf_counter()
report = services.funder_report_request(
    user=user, start=date(year, 1, 1), end=date(year, 12, 31),
    subprojects=tuple(SubProject.objects.order_by("pk")[:3]),
)
report.refresh_from_db()
print(f"RESULT|three sub-projects, with workbook and PDF ({report.status})|"
      f"{(time.perf_counter() - started) * 1000:.0f}|")
report.delete()
"""


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def main() -> int:
    env = dict(
        os.environ,
        DATABASE_URL=URL,
        DEBUG="1",
        LOG_LEVEL="WARNING",
        PONTE_VAR_DIR=str(ROOT / "var" / "bench-reports"),
    )
    try:
        subprocess.run([PYTHON, "-c", ENSURE_DATABASE, URL], check=True, capture_output=True)  # noqa: S603
    except subprocess.CalledProcessError:
        print(f"No PostgreSQL server at {URL}: set BENCH_PG_URL to one.", file=sys.stderr)
        return 1
    manage(env, "migrate", "--no-input")
    if int(manage(env, "shell", "-c", COUNT_ATTENDANCE).split()[-1]) < int(SIZES["attendance"]):
        started = time.monotonic()
        manage(env, "seed_demo")
        manage(env, "seed_scale", *(f"--{name}={size}" for name, size in SIZES.items()))
        print(f"PostgreSQL data set built in {time.monotonic() - started:.0f} s.")
    # Fresh statistics, as autovacuum would have gathered them on a live database.
    manage(env, "dbshell", "--", "-c", "VACUUM ANALYZE")
    lines = manage(env, "shell", "-c", TIMING).splitlines()
    lines += manage(env, "shell", "-c", WHOLE_REPORT).splitlines()
    print(
        f"\nFunder report for last year on PostgreSQL, {SIZES['attendance']} attendance rows "
        f"(best and median of 5)"
    )
    over = False
    for line in lines:
        if not line.startswith("RESULT|"):
            continue
        _tag, name, best, median = line.split("|")
        print(f"  {name:<52} {best:>6} ms" + (f"  (median {median} ms)" if median else ""))
        if median and float(median) > BUDGET_MS:
            over = True
    print(f"Budget: computation under {BUDGET_MS:g} ms." + (" Over budget." if over else " Met."))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

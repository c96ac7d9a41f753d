"""`make bench`: the production server (gunicorn, DEBUG off) on the large synthetic data set,
driven by wrk from a second process; each key page's median and 99th-percentile latency and
throughput are printed next to /healthz measured in the same run, as ratios.

Environment: BENCH_DATABASE_URL (default: a SQLite file of its own under var/bench/),
BENCH_DURATION (seconds per page, default 10), BENCH_CONNECTIONS (default 16),
BENCH_ORGANISATIONS (synthetic organisations, default 3000), BENCH_PEOPLE (synthetic people in
pathways, default 10000), BENCH_ATTENDANCE (attendance rows, default 1000000), BENCH_OPENINGS
(open openings, default 1000), BENCH_LISTINGS (marketplace listings, default 100000),
BENCH_SUBPROJECTS (default 1000), BENCH_MEETINGS (past meetings of the tables, default 2000),
BENCH_WORKERS (default 2).
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "3000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "10000"))
ATTENDANCE = int(os.environ.get("BENCH_ATTENDANCE", "1000000"))
OPENINGS = int(os.environ.get("BENCH_OPENINGS", "1000"))
LISTINGS = int(os.environ.get("BENCH_LISTINGS", "100000"))
SUBPROJECTS = int(os.environ.get("BENCH_SUBPROJECTS", "1000"))
MEETINGS = int(os.environ.get("BENCH_MEETINGS", "2000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
BUDGET_RATIO = 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_HTTPS": "0",
            "PONTE_VAR_DIR": str(BENCH_DIR),
            "LOG_LEVEL": "WARNING",
        }
    )
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        env.pop("DATABASE_URL", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def prepare_data(env: dict[str, str]) -> None:
    sizes = [ORGANISATIONS, PEOPLE, ATTENDANCE, OPENINGS, LISTINGS, SUBPROJECTS, MEETINGS]
    marker = BENCH_DIR / ("seeded-" + "-".join(str(size) for size in sizes))
    if "DATABASE_URL" not in env and marker.exists():
        print("Synthetic data set already built (delete var/bench/ to rebuild).")
        manage(env, "migrate", "--no-input")
        return
    if "DATABASE_URL" not in env:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    print(
        manage(
            env,
            "seed_scale",
            f"--organisations={ORGANISATIONS}",
            f"--people={PEOPLE}",
            f"--attendance={ATTENDANCE}",
            f"--openings={OPENINGS}",
            f"--listings={LISTINGS}",
            f"--subprojects={SUBPROJECTS}",
            f"--meetings={MEETINGS}",
        ).strip()
    )
    print(f"Data set built in {time.monotonic() - started:.1f} s.")
    marker.touch()


def pages(base: str) -> list[tuple[str, str]]:
    with urllib.request.urlopen(f"{base}/rete/?kind=social_coop_b", timeout=30) as response:  # noqa: S310
        html = response.read().decode()
    code = re.search(r'href="/rete/([A-Z0-9]{8})/"', html)
    organisation = f"/rete/{code.group(1)}/" if code else "/rete/"
    return [
        ("healthz", "/healthz"),
        ("home", "/"),
        ("directory", "/rete/"),
        ("directory filtered", "/rete/?kind=company&valley=fiemme&q=Dolomiti"),
        ("directory page 50", "/rete/?page=50"),
        ("organisation", organisation),
        ("catalogue", "/catalogo/"),
        ("catalogue filtered", "/catalogo/?category=service"),
        ("open data", "/dati/"),
    ]


SESSION_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from django.conf import settings
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
from ponte.network.models import User
user = User.objects.get(username="operatore.oltre")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "ponte.network.backends.PonteModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
# Case workers need the second factor: the session is the one of a user who has verified it.
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
print(session.session_key)
"""


# The person of the signed-in case worker's care team with the longest history: the heaviest
# timeline among theirs.
PERSON_SNIPPET = """
from django.db.models import Count, Q
from ponte.pathways.models import Person
person = (
    Person.objects.filter(Q(case_manager__username="operatore.oltre")
                          | Q(care_team__username="operatore.oltre"))
    .annotate(days=Count("placements__attendance", distinct=True))
    .order_by("-days", "code")
    .first()
)
print(person.code if person else "")
"""


def care_team_person(env: dict[str, str]) -> str:
    """The pseudonymous code of a person in operatore.oltre's care team (empty if none)."""
    lines = manage(env, "shell", "-c", PERSON_SNIPPET).strip().splitlines()
    return lines[-1].strip() if lines else ""


OPENING_SNIPPET = """
from ponte.pathways.models import Opening
opening = Opening.objects.filter(status="open").order_by("pk").first()
print(opening.code if opening else "")
"""


def open_opening(env: dict[str, str]) -> str:
    lines = manage(env, "shell", "-c", OPENING_SNIPPET).strip().splitlines()
    return lines[-1].strip() if lines else ""


def signed_in_pages(env: dict[str, str]) -> list[tuple[str, str]]:
    """The pages measured signed in as the case worker: the directory as a member sees it, the
    caseload and one person's timeline (pathways), the candidates of an opening (matching)."""
    person = care_team_person(env)
    result = [
        # The reference of the signed-in pages: the same health check, but with the session
        # cookie every signed-in request carries (session, user and roles are loaded).
        ("healthz (signed in)", "/healthz"),
        ("directory (signed in)", "/rete/"),
        ("directory filtered (signed in)", "/rete/?kind=company&valley=fiemme&q=Dolomiti"),
        ("caseload", "/percorsi/"),
    ]
    if person:
        result.append(("timeline", f"/percorsi/{person}/cronologia/"))
    result += [
        ("marketplace", "/mercato/"),
        ("marketplace search", "/mercato/?q=uova"),
        ("sub-projects", "/progetti/"),
        ("tables", "/tavoli/"),
        ("decisions", "/tavoli/decisioni/"),
        ("dashboard", "/cruscotto/"),
        ("dashboard filtered", "/cruscotto/?period=last_year&valley=fiemme"),
    ]
    if opening := open_opening(env):
        result.append(("candidates", f"/opportunita/{opening}/candidati/"))
    return result


def signed_in_cookie(env: dict[str, str]) -> str:
    """A session of a demo case worker, made directly: demo passwords are refused with DEBUG off."""
    key = manage(env, "shell", "-c", SESSION_SNIPPET).strip().splitlines()[-1]
    return f"sessionid={key}"


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure(url: str, cookie: str = "") -> dict[str, float]:
    output = subprocess.run(  # noqa: S603 - wrk is the OS package, found on PATH
        [  # noqa: S607
            "wrk",
            *(["--header", f"Cookie: {cookie}"] if cookie else []),
            "--latency",
            f"--threads={min(CONNECTIONS, 2)}",
            f"--connections={CONNECTIONS}",
            f"--duration={DURATION}s",
            "--timeout=10s",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # wrk pads short values ("1.02s "): allow trailing spaces.
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = re.search(r"(\d+) requests in", output)
    return {
        "median_ms": to_ms(latency["50"]),
        "p99_ms": to_ms(latency["99"]),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "requests": float(requests.group(1)) if requests else 0.0,
        "errors": float(errors + (int(non_2xx.group(1)) if non_2xx else 0)),
    }


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is missing: sudo apt-get install -y wrk", file=sys.stderr)
        return 1
    env = server_environment()
    prepare_data(env)
    manage(env, "collectstatic", "--no-input", "--verbosity=0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "ponte.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        targets = pages(base)
        cookie = signed_in_cookie(env)
        signed_in = signed_in_pages(env)
        # Warm-up: caches, connections, lazy imports.
        warm_up = [(path, "") for _name, path in targets] + [(p, cookie) for _n, p in signed_in]
        for path, session_cookie in warm_up:
            headers = {"Cookie": session_cookie} if session_cookie else {}
            for _ in range(20):
                request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    response.read()
                    if response.status != 200 or response.url != base + path:
                        raise SystemExit(f"{path}: answered {response.status} at {response.url}")
        results = {name: {"path": path, **measure(base + path)} for name, path in targets}
        for name, path in signed_in:
            results[name] = {"path": path, "signed_in": 1.0, **measure(base + path, cookie)}
    finally:
        server.terminate()
        server.wait(timeout=30)

    reference = results["healthz"]
    database = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    print(
        f"\nPonte benchmark: gunicorn with {WORKERS} workers, {database}, "
        f"{ORGANISATIONS} synthetic organisations, {PEOPLE} people, {ATTENDANCE} attendance "
        f"rows, wrk with {CONNECTIONS} connections, "
        f"{DURATION} s per page."
    )
    signed_reference = results.get("healthz (signed in)")
    header = (
        f"{'page':<30} {'median':>9} {'p99':>9} {'req/s':>8} {'errors':>6} "
        f"{'median×':>8} {'p99×':>6} {'×signed':>8}"
    )
    print(header)
    print("-" * len(header))
    over_budget = []
    for name, r in results.items():
        ratio = r["median_ms"] / reference["median_ms"]
        ratio99 = r["p99_ms"] / reference["p99_ms"]
        # Signed-in pages also against the signed-in health check: what the page itself adds
        # to the cost of authenticating a request.
        signed = (
            f"{r['median_ms'] / signed_reference['median_ms']:>8.2f}"
            if signed_reference and r.get("signed_in")
            else f"{'':>8}"
        )
        print(
            f"{name:<30} {r['median_ms']:>7.2f}ms {r['p99_ms']:>7.2f}ms {r['rps']:>8.1f} "
            f"{int(r['errors']):>6} {ratio:>8.2f} {ratio99:>6.2f} {signed}"
        )
        if ratio > BUDGET_RATIO or r["errors"]:
            over_budget.append(name)
    print(f"\nBudget: median within {BUDGET_RATIO:g}× /healthz and no errors.", end=" ")
    print("Over budget: " + ", ".join(over_budget) if over_budget else "All pages within budget.")
    out = BENCH_DIR / "results.json"
    out.write_text(json.dumps(results, indent=2))
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main())

"""Install uv into the project (.tools/bin/uv) using only the Python standard library: a fresh
machine has python3 but maybe neither pip nor venv. The wheel comes from PyPI and its SHA-256 is
checked against the one PyPI publishes."""

import hashlib
import io
import json
import platform
import stat
import sys
import urllib.request
import zipfile
from pathlib import Path

ARCHES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}


def main(target_dir: str, version: str) -> None:
    arch = ARCHES.get(platform.machine().lower())
    if arch is None or sys.platform != "linux":
        sys.exit(f"No uv wheel known for {sys.platform}/{platform.machine()}: install uv by hand.")
    request = urllib.request.Request(
        "https://pypi.org/simple/uv/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as r:  # noqa: S310
        files = json.load(r)["files"]
    wanted = f"uv-{version}-py3-none-manylinux_2_17_{arch}.manylinux2014_{arch}.whl"
    wheel = next((f for f in files if f["filename"] == wanted), None)
    if wheel is None:
        sys.exit(f"{wanted} is not on PyPI.")
    print(f"Downloading {wheel['filename']}")
    with urllib.request.urlopen(wheel["url"], timeout=300) as r:  # noqa: S310
        data = r.read()
    if hashlib.sha256(data).hexdigest() != wheel["hashes"]["sha256"]:
        sys.exit("The uv wheel's checksum does not match PyPI's: not installing it.")
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith("/scripts/uv") or name.endswith("/scripts/uvx"):
                path = target / Path(name).name
                path.write_bytes(archive.read(name))
                path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    print(f"uv {version} installed in {target}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

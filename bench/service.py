"""Benchmark: latency of the HTTP API for the reference letter's PDF.

    .venv/bin/python bench/service.py                  # 200 renders, 8 clients
    .venv/bin/python bench/service.py --renders 400 --clients 16

Starts ``docgen serve`` on loopback (a free port, a throw-away key and
settings, default workers), warms it, then sends the reference letter
(config/lopburi-jpt-2562/circular.yaml) for its PDF from concurrent clients
(httpx, one thread each) and prints p50/p95/max latency and throughput:
once as a warm server answers repeated identical requests (from its answer
cache), once with the cache off (every request rendered).  In the same run
it measures the in-process baseline, ``docgen.pipeline.render()`` of the same
file, one at a time.  Not a unit test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
LETTER = REPO / "config" / "lopburi-jpt-2562" / "circular.yaml"
KEY = "bench-key-not-secret-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(folder: Path, cache: bool, workers: int | None = None) -> tuple[subprocess.Popen, str]:
    from docgen.service.settings import hash_key

    settings = folder / f"service-{'cache' if cache else 'nocache'}.yaml"
    settings.write_text(f"config_root: {REPO / 'config'}\nbatch_dir: batches\nregister_url: register.sqlite\n"
                        f"cache_entries: {64 if cache else 0}\n"
                        f"api_keys:\n- name: bench\n  hash: {hash_key(KEY)}\n  scopes: [render]\n", "utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "docgen.cli", "serve", "--settings", str(settings),
                               "--port", str(port), *(["--workers", str(workers)] if workers else [])], cwd=folder, env={**os.environ, "PYTHONPATH": str(REPO)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 90
    while True:
        try:
            httpx.get(url + "/health", timeout=1).raise_for_status()
            return server, url
        except httpx.HTTPError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("docgen serve did not start")
            time.sleep(0.2)


def load(url: str, renders: int, clients: int) -> tuple[list[float], float]:
    """``renders`` POSTs of the letter from ``clients`` threads; latencies (s) and wall time."""
    import httpx

    body = LETTER.read_bytes()
    headers = {"X-API-Key": KEY, "Content-Type": "application/yaml"}
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(renders))

    def client() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
            while True:
                with lock:
                    if next(counter, None) is None:
                        return
                began = time.perf_counter()
                answer = http.post("/api/v1/render", params={"base": "lopburi-jpt-2562", "format": "pdf"},
                                   content=body)
                elapsed = time.perf_counter() - began
                if answer.status_code != 200 or not answer.content.startswith(b"%PDF"):
                    raise SystemExit(f"render failed: {answer.status_code} {answer.text[:200]}")
                with lock:
                    latencies.append(elapsed)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began


def in_process(n: int) -> list[float]:
    from docgen.pipeline import render

    render(LETTER, ("pdf",))  # warm
    times = []
    for _ in range(n):
        began = time.perf_counter()
        render(LETTER, ("pdf",))
        times.append(time.perf_counter() - began)
    return times


def row(label: str, latencies: list[float], wall: float | None) -> str:
    q = statistics.quantiles(latencies, n=100)
    ms = lambda s: f"{s * 1000:.0f}"  # noqa: E731
    rate = f"{len(latencies) / wall:.1f}" if wall else f"{1 / statistics.mean(latencies):.1f}"
    return f"| {label} | {len(latencies)} | {ms(q[49])} | {ms(q[94])} | {ms(max(latencies))} | {rate} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warm", type=int, default=16, help="requests before measuring")
    parser.add_argument("--baseline", type=int, default=20, help="in-process renders")
    parser.add_argument("--workers", type=int, default=None, help="server processes (default: docgen serve's)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        for cache in (True, False):
            server, url = start(Path(temp), cache, args.workers)
            try:
                load(url, args.warm, args.clients)
                latencies, wall = load(url, args.renders, args.clients)
            finally:
                server.terminate()
                server.wait(timeout=30)
            label = "API, warm server, repeated request (answer cache)" if cache else "API, cache off (every request rendered)"
            rows.append(row(f"{label}, {args.clients} clients", latencies, wall))
    rows.append(row("in process: pipeline.render(), one at a time", in_process(args.baseline), None))
    print(f"reference letter PDF, {os.cpu_count()} cores, `docgen serve` defaults\n")
    print("| run | renders | p50 ms | p95 ms | max ms | renders/s |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

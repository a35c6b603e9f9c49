"""Times the Python gordo-client 6.3.0 predicting models of the real Gordo server (scenario 3 of
tools/bench). Prints one JSON object on stdout: per run, the wall time from creating the Client
to the end of predict, the server's own time (the Server-Timing header of every response), the
request count and the rows per model. The interpreter start and imports are not timed."""
import argparse
import json
import random
import statistics  # noqa: F401  (kept for quick manual checks)
import sys
import time
from datetime import datetime

import requests
from gordo_client import Client


def server_seconds(response):
    # "request_walltime_s;dur=0.0123"
    header = response.headers.get("Server-Timing", "")
    for part in header.split(";"):
        if part.strip().startswith("dur="):
            return float(part.strip()[4:])
    return 0.0


def one_run(args, use_parquet):
    timings = []
    session = requests.Session()
    session.hooks["response"].append(lambda r, *a, **k: timings.append(server_seconds(r)))
    # RandomDataProvider draws its point counts from Python's random: the same rows on every run.
    random.seed(0)
    started = time.perf_counter()
    client = Client(
        project=args.project,
        host=args.host,
        port=args.port,
        scheme="http",
        batch_size=args.batch_size,
        parallelism=args.parallelism,
        use_parquet=use_parquet,
        session=session,
    )
    results = client.predict(
        datetime.fromisoformat(args.start), datetime.fromisoformat(args.end), targets=args.models
    )
    wall = time.perf_counter() - started
    errors = [e for _, _, errs in results for e in errs]
    return {
        "wall_ms": wall * 1000,
        "server_ms": sum(timings) * 1000,
        "requests": len(timings),
        "rows": {name: int(frame.shape[0]) for name, frame, _ in results},
        "errors": [str(e)[:300] for e in errors],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--end", required=True)
    parser.add_argument("--batch-size", type=int, required=True)
    parser.add_argument("--parallelism", type=int, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmups", type=int, default=1)
    parser.add_argument("--format", choices=["parquet", "json"], required=True)
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    use_parquet = args.format == "parquet"
    for _ in range(args.warmups):  # imports on first use, the server's model cache
        one_run(args, use_parquet)
    runs = [one_run(args, use_parquet) for _ in range(args.runs)]
    json.dump({"runs": runs}, sys.stdout)


if __name__ == "__main__":
    main()

"""Records golden request/response pairs from a running real Gordo server (run by record-golden.sh).

Usage: python record_golden.py <out-dir>   with the LATIGO_TEST_GORDO_* variables of start.sh in the environment.
Each file: {"note", "request": {method, path, headers, body}, "response": {status, reason, headers: [[name, value],
...] in wire order, body}, "volatile": [...]}. Bodies are the exact bytes received, as text (so bare NaN stays NaN).
Only the standard library is used, so that header order and body bytes are exactly what the server sent.
"""
import http.client
import json
import os
import re
import shutil
import sys
from urllib.parse import urlsplit

URL = urlsplit(os.environ["LATIGO_TEST_GORDO_URL"])
PROJECT = os.environ["LATIGO_TEST_GORDO_PROJECT"]
REVISIONS = os.environ["LATIGO_TEST_GORDO_REVISIONS"].split(",")
COLLECTION_DIR = os.environ["LATIGO_TEST_GORDO_COLLECTION_DIR"]
OLD, LATEST = REVISIONS[0], REVISIONS[-1]
MISSING_REVISION = "1699999999999"
THROWAWAY_REVISION = str(int(OLD) + 500)  # a copy of the old revision, deleted through the API
P = f"/gordo/v0/{PROJECT}"
MAX_BYTES = 40_000

HEADER_PAIR = re.compile(r'\[\n\s+("(?:[^"\\]|\\.)*"),\n\s+("(?:[^"\\]|\\.)*")\n\s+\]')
VOLATILE_HEADERS = ["response header Date", "response header Server-Timing"]


def frame(tags, rows, step_minutes, start_hour=0):
    """Gordo-client JSON shape: {tag: {"YYYY-MM-DD HH:MM:SS+00:00": value}}, deterministic values in [0, 1)."""
    keys = []
    for i in range(rows):
        minutes = start_hour * 60 + i * step_minutes
        keys.append(f"2020-02-01 {minutes // 60:02d}:{minutes % 60:02d}:00+00:00")
    return {
        f"tag-{t}": {k: round(((7 * i + 3 * t) % 17) / 17 + 0.01 * t, 4) for i, k in enumerate(keys)}
        for t in range(1, tags + 1)
    }


def xy(tags, rows, step_minutes):
    x = frame(tags, rows, step_minutes)
    return json.dumps({"X": x, "y": x})


def call(method, path, body=None, headers=None):
    headers = dict(headers or {})
    conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
    conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    return {
        "request": {"method": method, "path": path, "headers": headers, "body": body},
        "response": {
            "status": resp.status,
            "reason": resp.reason,
            "headers": [[k, v] for k, v in resp.getheaders()],
            "body": raw.decode("utf-8"),
        },
    }


def record(out_dir, name, note, method, path, body=None, headers=None, volatile=(), expect=200):
    pair = call(method, path, body, headers)
    status = pair["response"]["status"]
    if status != expect:
        sys.exit(f"{name}: expected HTTP {expect}, got {status}: {pair['response']['body'][:300]}")
    doc = {"note": note, **pair, "volatile": VOLATILE_HEADERS + list(volatile)}
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    text = HEADER_PAIR.sub(r"[\1, \2]", text)  # one line per [name, value] header pair
    if len(text.encode()) > MAX_BYTES:
        sys.exit(f"{name}: {len(text.encode())} bytes, over the {MAX_BYTES} limit")
    with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{name}.json  {status}  {len(text.encode())} B", file=sys.stderr)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.endswith(".json"):
            os.remove(os.path.join(out, f))

    jh = {"Content-Type": "application/json"}
    anomaly_volatile = ["response body time-seconds"]
    build_volatile = [
        "response header Content-Length",
        "response body metadata.metadata.build_metadata.model.model_creation_date",
        "response body metadata.metadata.build_metadata.model.model_training_duration_sec",
        "response body metadata.metadata.build_metadata.model.cross_validation.cv_duration_sec",
        "response body metadata.metadata.build_metadata.dataset.query_duration_sec",
    ]

    record(out, "01-server-version", "GET /server-version", "GET", "/server-version")
    record(out, "02-revisions", "latest revision and all revision dirs (listdir order, unsorted)", "GET", f"{P}/revisions")
    record(out, "03-revisions-pinned-old", "revisions with ?revision=<old>: 'revision' echoes the pin, 'latest' does not change",
           "GET", f"{P}/revisions?revision={OLD}")
    record(out, "04-models", "models of the latest revision (listdir order)", "GET", f"{P}/models")
    record(out, "05-models-old-revision", "models of the old revision (only diff-3tags)", "GET", f"{P}/models?revision={OLD}")
    record(out, "06-expected-models", "EXPECTED_MODELS as configured at start", "GET", f"{P}/expected-models")
    record(out, "07-metadata-diff-3tags", "metadata as the Python client reads it (pinned to latest)", "GET",
           f"{P}/diff-3tags/metadata?revision={LATEST}", volatile=build_volatile)
    record(out, "08-anomaly-diff-3tags", "anomaly prediction, 6 rows at 10 min, client JSON shape, y = X", "POST",
           f"{P}/diff-3tags/anomaly/prediction?format=json&revision={LATEST}", xy(3, 6, 10), jh, anomaly_volatile)
    record(out, "09-anomaly-diff-3tags-old-revision", "same input pinned to the old revision (Ridge alpha 10: other numbers)",
           "POST", f"{P}/diff-3tags/anomaly/prediction?format=json&revision={OLD}", xy(3, 6, 10), jh, anomaly_volatile)
    record(out, "10-anomaly-diff-3tags-revision-header", "revision pinned by the 'revision' request header instead of the query",
           "POST", f"{P}/diff-3tags/anomaly/prediction?format=json", xy(3, 2, 10), {**jh, "revision": OLD}, anomaly_volatile)
    record(out, "11-anomaly-diff-3tags-all-columns", "all_columns=true adds smooth-* groups; first window-1 rows are bare NaN",
           "POST", f"{P}/diff-3tags/anomaly/prediction?format=json&all_columns=true&revision={LATEST}", xy(3, 6, 10), jh,
           anomaly_volatile)
    record(out, "12-anomaly-diff-10tags", "10 input tags, 4 target tags (y has all 10; extra columns dropped), 3 rows", "POST",
           f"{P}/diff-10tags/anomaly/prediction?format=json&revision={LATEST}", xy(10, 3, 10), jh, anomaly_volatile)
    record(out, "13-anomaly-diff-25tags", "25 tags at 1T, 1 row (end = start + 1 min)", "POST",
           f"{P}/diff-25tags/anomaly/prediction?format=json&revision={LATEST}", xy(25, 1, 1), jh, anomaly_volatile)
    record(out, "14-prediction-plain-3tags", "plain model on /prediction: start, end (null), model-input, model-output",
           "POST", f"{P}/plain-3tags/prediction?format=json&revision={LATEST}", xy(3, 2, 10), jh)
    record(out, "15-anomaly-plain-3tags-422", "plain Pipeline on /anomaly/prediction: 422 (client falls back to /prediction)",
           "POST", f"{P}/plain-3tags/anomaly/prediction?format=json&revision={LATEST}", xy(3, 2, 10), jh, expect=422)
    record(out, "16-revision-missing-410", "a revision that never existed: 410", "POST",
           f"{P}/diff-3tags/anomaly/prediction?format=json&revision={MISSING_REVISION}", xy(3, 2, 10), jh, expect=410)

    # The "revision gone" path: a revision that existed, deleted while a client is pinned to it.
    shutil.copytree(os.path.join(COLLECTION_DIR, OLD), os.path.join(COLLECTION_DIR, THROWAWAY_REVISION))
    record(out, "17-delete-revision", f"DELETE of a non-current revision ({THROWAWAY_REVISION}, a copy of {OLD}); "
           "the dir goes once its last model is removed; 'revision' is the current one", "DELETE",
           f"{P}/diff-3tags/revision/{THROWAWAY_REVISION}")
    record(out, "18-revision-gone-410", f"anomaly prediction pinned to the deleted revision {THROWAWAY_REVISION}: 410", "POST",
           f"{P}/diff-3tags/anomaly/prediction?format=json&revision={THROWAWAY_REVISION}", xy(3, 2, 10), jh, expect=410)
    record(out, "19-revision-not-numeric-410", "?revision=latest is not a number: 410 with another message", "GET",
           f"{P}/models?revision=latest", expect=410)
    record(out, "20-unknown-model-404", "unknown model: 404 with an HTML body", "GET", f"{P}/no-such-model/metadata", expect=404)
    record(out, "21-anomaly-without-y-400", "anomaly route without y: 400 JSON", "POST",
           f"{P}/diff-3tags/anomaly/prediction?format=json&revision={LATEST}",
           json.dumps({"X": frame(3, 2, 10)}), jh, expect=400)


if __name__ == "__main__":
    main()

"""The original Latigo's side of the wire, for the interop test (confluent-kafka, as Latigo used).

  python original_client.py produce <topic> <project> <model> <from epoch s> <to epoch s>
      Sends one task exactly as the original scheduler did: dataclasses-json `to_json()` of
      Task(project_name, model_name, from_time, to_time), i.e. json.dumps with the datetimes as
      epoch seconds (float); no key, no headers. Prints the bytes sent.
  python original_client.py consume <topic> <group> <count>
      Reads <count> messages and decodes each with the original executor's rule (json, the four
      fields, datetime.fromtimestamp(x, tz=UTC); other fields ignored). Prints one JSON line each.

Connection (env): KAFKA_BOOTSTRAP, KAFKA_CONNECTION_STRING, KAFKA_CA_FILE: SASL_SSL, PLAIN as
$ConnectionString, like the original's prepare_kafka_config.
"""
import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime, timezone

from confluent_kafka import Consumer, Producer


@dataclass
class Task:
    project_name: str
    model_name: str
    from_time: datetime
    to_time: datetime


def kafka_config(**extra):
    return {
        "bootstrap.servers": os.environ["KAFKA_BOOTSTRAP"],
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "PLAIN",
        "sasl.username": "$ConnectionString",
        "sasl.password": os.environ["KAFKA_CONNECTION_STRING"],
        "ssl.ca.location": os.environ["KAFKA_CA_FILE"],
        **extra,
    }


def produce(topic, project, model, from_s, to_s):
    task = Task(project, model, datetime.fromtimestamp(float(from_s), tz=timezone.utc),
                datetime.fromtimestamp(float(to_s), tz=timezone.utc))
    # What dataclasses-json 0.3.8 to_json() writes: declaration order, datetimes via .timestamp().
    value = json.dumps({"project_name": task.project_name, "model_name": task.model_name,
                        "from_time": task.from_time.timestamp(), "to_time": task.to_time.timestamp()})
    errors = []
    producer = Producer(kafka_config())
    producer.produce(topic, value.encode("utf-8"), on_delivery=lambda err, _msg: err and errors.append(err))
    producer.flush(30)
    if errors:
        sys.exit(f"delivery failed: {errors[0]}")
    print(value)


def decode(raw):
    data = json.loads(raw)
    to_dt = lambda x: datetime.fromtimestamp(x, tz=timezone.utc)
    return Task(data["project_name"], data["model_name"], to_dt(data["from_time"]), to_dt(data["to_time"]))


def consume(topic, group, count):
    consumer = Consumer(kafka_config(**{"group.id": group, "auto.offset.reset": "earliest"}))
    consumer.subscribe([topic])
    seen = 0
    try:
        while seen < int(count):
            msg = consumer.poll(30)
            if msg is None:
                sys.exit("no message within 30 s")
            if msg.error():
                sys.exit(f"consume error: {msg.error()}")
            task = decode(msg.value())
            print(json.dumps({"project_name": task.project_name, "model_name": task.model_name,
                              "from_time": task.from_time.isoformat(), "to_time": task.to_time.isoformat(),
                              "key": msg.key().decode() if msg.key() else None}), flush=True)
            seen += 1
    finally:
        consumer.close()


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"produce": produce, "consume": consume}[command](*args)

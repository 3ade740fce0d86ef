"""pymongo's half of scripts/bench/wire: the workload of WireBenchmark.swift, printed as one JSON
line of ops/s. Usage: wire_client.py URL DOCUMENTS SECONDS; wire_client.py URL scan 0 reads the
collection speak_ai_db.scan whole (WireScanBenchmark.swift) and prints its count and seconds."""
import datetime
import json
import sys
import time

from bson import ObjectId
from pymongo import MongoClient


def per_second(seconds, step):
    """Runs step() for about `seconds` after a 0.2 s warm-up; returns calls per second."""
    warm = time.perf_counter() + 0.2
    while time.perf_counter() < warm:
        step()
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(16):
            step()
        count += 16
    return count / (time.perf_counter() - start)


def scan(url):
    client = MongoClient(url)
    start, count = time.perf_counter(), 0
    for _ in client["speak_ai_db"]["scan"].find({}, batch_size=1000):
        count += 1
    print(json.dumps({"count": count, "seconds": time.perf_counter() - start}))
    client.close()


def main():
    if sys.argv[2] == "scan":
        return scan(sys.argv[1])
    url, documents, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    client = MongoClient(url)
    items = client["speak_ai_db"]["pymongo"]
    prepared = [{"_id": ObjectId(), "email": f"user-{i}@example.com", "age": i % 100, "name": f"User {i}",
                 "created": datetime.datetime.fromtimestamp(1_745_000_000 + i / 1000, datetime.timezone.utc)}
                for i in range(documents)]
    start = time.perf_counter()
    for document in prepared:
        items.insert_one(document)
    figures = {"insert": documents / (time.perf_counter() - start)}
    ids = [document["_id"] for document in prepared]
    state = {"i": 0}

    def find_by_id():
        state["i"] += 7919
        return items.find_one({"_id": ids[state["i"] % len(ids)]})

    def find_filter():
        state["i"] += 31
        return list(items.find({"age": state["i"] % 100}).limit(10))

    def update():
        state["i"] += 7919
        return items.update_one({"_id": ids[state["i"] % len(ids)]}, {"$inc": {"visits": 1}})

    figures["find_by_id"] = per_second(seconds, find_by_id)
    figures["find_filter"] = per_second(seconds, find_filter)
    figures["update"] = per_second(seconds, update)
    figures["ping"] = per_second(seconds, lambda: client.admin.command("ping"))
    client.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

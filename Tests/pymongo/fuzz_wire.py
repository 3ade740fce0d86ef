"""Fuzzes speakai's wire-protocol server: commands shaped after the real ones, with values,
types, operators, nesting and numbers mutated at random, plus some frames damaged byte by byte,
sent over raw sockets. After every batch `ping` must be answered (no crash, no hang), and every
well-framed command must get a reply.

Run by scripts/test with SPEAKAI_MONGO_URL pointing at a live `speakai serve --mongo-port`.
Usage: fuzz_wire.py [COMMANDS] (default 100,000); the seed is printed so a failure can be replayed
with FUZZ_SEED=<seed> (FUZZ_SEED=random for a new one).
"""
import datetime
import os
import random
import socket
import struct
import sys
import time
import urllib.parse

import bson
from bson import Binary, Code, Decimal128, Int64, MaxKey, MinKey, ObjectId, Regex, Timestamp

URL = os.environ.get("SPEAKAI_MONGO_URL", "mongodb://127.0.0.1:27017/?directConnection=true")
TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
BATCH = 1000
REPLY_TIMEOUT = 20.0
# A fixed seed by default (CI runs are reproducible); FUZZ_SEED=random explores anew.
SEED = random.randrange(1 << 30) if os.environ.get("FUZZ_SEED") == "random" else int(os.environ.get("FUZZ_SEED", "20261201"))
rng = random.Random(SEED)
DB = "fuzz"
COLLECTIONS = ["a", "b", "c"]


def scalar():
    choices = [
        lambda: rng.choice([0, 1, -1, 2**31 - 1, -(2**31), 7]),
        lambda: Int64(rng.choice([0, 1, -1, 2**63 - 1, -(2**63), 2**53 + 1, -(2**53) - 1])),
        lambda: rng.choice([0.0, -0.0, 1.5, -1e308, 1e308, float("inf"), float("-inf"), float("nan"), 5e-324, 9.3e18]),
        lambda: rng.choice(["", "a", "A", "ſ", "ﬆ", "x" * rng.randint(0, 40), "\u202e", "é", "a.b", "$x", "\x00"[:0] + "z", "日本"]),
        lambda: None,
        lambda: rng.choice([True, False]),
        lambda: ObjectId(),
        lambda: datetime.datetime(rng.randint(1, 9999), 1, 1, tzinfo=datetime.timezone.utc),
        lambda: Binary(bytes(rng.randrange(256) for _ in range(rng.randint(0, 20))), rng.choice([0, 4, 128])),
        lambda: Regex(rng.choice(["^a", "(a+)+$", "[", "a{0,1000}", ".*", "(?i)x", "\\"]), rng.choice(["", "i", "m", "x", "s", "q"])),
        lambda: Decimal128(rng.choice(["0", "-0", "1E+6144", "NaN", "-Infinity", "1.5"])),
        lambda: Timestamp(rng.randint(0, 2**32 - 1), rng.randint(0, 2**32 - 1)),
        lambda: rng.choice([MinKey(), MaxKey()]),
        lambda: Code("function(){}"),
    ]
    return rng.choice(choices)()


def nested(depth):
    value = scalar()
    for _ in range(depth):
        value = {"d": value} if rng.random() < 0.7 else [value]
    return value


def value(depth=0):
    r = rng.random()
    if depth > 3 or r < 0.55:
        return scalar()
    if r < 0.7:
        return [value(depth + 1) for _ in range(rng.randint(0, 4))]
    if r < 0.8:
        return nested(rng.choice([5, 50, 99, 101, 150, 199, 201, 300]))
    if r < 0.9:
        return {field(): value(depth + 1) for _ in range(rng.randint(0, 4))}
    return {operator(): value(depth + 1)}


def field():
    return rng.choice(["x", "y", "_id", "a.b", "a.0", "a.100000000", "a.$", "$bad", "", "email", "tags", "n", "a..b", "é", "x" * 200])


def operator():
    return rng.choice(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$type", "$regex", "$options", "$and",
                       "$or", "$nor", "$not", "$elemMatch", "$size", "$all", "$mod", "$expr", "$where", "$text", "$near", "$bogus"])


def update_operator():
    return rng.choice(["$set", "$unset", "$inc", "$mul", "$min", "$max", "$rename", "$push", "$addToSet", "$pull", "$pop",
                       "$currentDate", "$setOnInsert", "$bit", "$bogus", "x"])


def filter_doc():
    return {field(): value() for _ in range(rng.randint(0, 3))}


def update_doc():
    if rng.random() < 0.1:
        return [{"$set": {field(): value()}}]
    if rng.random() < 0.1:
        return {field(): value()}
    return {update_operator(): {field(): value() for _ in range(rng.randint(0, 2))} for _ in range(rng.randint(1, 2))}


def number():
    return rng.choice([0, 1, -1, 5, 2**31 - 1, -(2**31), Int64(2**63 - 1), Int64(-(2**63)), 1.5, -0.0, float("nan"), "3", None, True])


def command():
    coll = rng.choice(COLLECTIONS)
    kind = rng.choice(["find", "find", "insert", "insert", "update", "delete", "findAndModify", "count", "distinct", "aggregate",
                       "createIndexes", "listIndexes", "dropIndexes", "getMore", "killCursors", "listCollections", "create", "drop",
                       "hello", "ping", "buildInfo", "isMaster", "listDatabases", "endSessions", "nosuchcommand",
                       "saslStart", "saslContinue", "usersInfo"])
    if kind == "find":
        c = {"find": coll, "filter": filter_doc()}
        for option in ("sort", "projection", "skip", "limit", "batchSize", "singleBatch", "collation", "hint", "let"):
            if rng.random() < 0.25:
                c[option] = number() if option in ("skip", "limit", "batchSize") else (
                    {"locale": rng.choice(["en", "simple", "fr", 5, ""]), "strength": number()} if option == "collation" else value())
    elif kind == "insert":
        c = {"insert": coll, "documents": [{field(): value() for _ in range(rng.randint(0, 4))} for _ in range(rng.randint(0, 5))],
             "ordered": rng.choice([True, False, 1, "no"])}
    elif kind == "update":
        c = {"update": coll, "updates": [{"q": filter_doc(), "u": update_doc(), "upsert": rng.choice([True, False]),
                                          "multi": rng.choice([True, False])} for _ in range(rng.randint(0, 3))]}
        if rng.random() < 0.2:
            c["updates"].append({"q": value(), "u": value(), "arrayFilters": value(), "collation": value()})
    elif kind == "delete":
        c = {"delete": coll, "deletes": [{"q": filter_doc(), "limit": rng.choice([0, 1, 2, -1, "x"])} for _ in range(rng.randint(0, 3))]}
    elif kind == "findAndModify":
        c = {"findAndModify": coll, "query": filter_doc(), "sort": value(), "new": rng.choice([True, False]),
             "upsert": rng.choice([True, False])}
        if rng.random() < 0.5:
            c["update"] = update_doc()
        else:
            c["remove"] = rng.choice([True, False, 1])
    elif kind == "count":
        c = {"count": coll, "query": filter_doc(), "skip": number(), "limit": number()}
    elif kind == "distinct":
        c = {"distinct": coll, "key": rng.choice(["x", "a.b", "", "$x", 5]), "query": filter_doc()}
    elif kind == "aggregate":
        stages = [{rng.choice(["$match", "$sort", "$skip", "$limit", "$project", "$group", "$unwind", "$count", "$lookup",
                               "$addFields", "$replaceRoot", "$out", "$merge", "$facet", "$bogus"]): value()} for _ in range(rng.randint(0, 4))]
        c = {"aggregate": coll, "pipeline": stages, "cursor": {"batchSize": number()}}
    elif kind == "createIndexes":
        c = {"createIndexes": coll, "indexes": [{"key": {field(): rng.choice([1, -1, "text", 0, 2, "2dsphere"])},
                                                 "name": rng.choice(["i1", "i2", "", "x" * 300]),
                                                 "unique": rng.choice([True, False]), "sparse": rng.choice([True, False]),
                                                 "collation": rng.choice([{"locale": "en", "strength": 2}, {"locale": "simple"}, value()])}
                                                for _ in range(rng.randint(0, 2))]}
    elif kind == "dropIndexes":
        c = {"dropIndexes": coll, "index": rng.choice(["i1", "i2", "*", "_id_", "nope", 5])}
    elif kind == "getMore":
        c = {"getMore": Int64(rng.choice([0, 1, -1, 2**63 - 1, rng.randrange(1, 2**62)])), "collection": coll, "batchSize": number()}
    elif kind == "killCursors":
        c = {"killCursors": coll, "cursors": [Int64(rng.randrange(-(2**63), 2**63)) for _ in range(rng.randint(0, 3))]}
    elif kind == "saslStart":
        payload = rng.choice([b"n,,n=root,r=abc", b"p=x,,n=a,r=b", b"n,,n=a=ZZ,r=", b"", bytes(rng.randrange(256) for _ in range(40)),
                              b"n,,n=" + b"x" * 2000 + b",r=y", b"y,,n=root,r=" + b"r" * 5000])
        c = {"saslStart": 1, "mechanism": rng.choice(["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "", 5]), "payload": Binary(payload),
             "options": {"skipEmptyExchange": rng.choice([True, False])}}
    elif kind == "saslContinue":
        c = {"saslContinue": 1, "conversationId": rng.choice([0, 1, 2, -1, 2**31 - 1, "x"]),
             "payload": Binary(rng.choice([b"c=biws,r=abc,p=AAAA", b"", b",p=", bytes(rng.randrange(256) for _ in range(60))]))}
    elif kind == "usersInfo":
        c = {"usersInfo": value()}
    elif kind in ("create", "drop", "listIndexes"):
        c = {kind: rng.choice(COLLECTIONS + ["", "$x", "a.b", "x" * 300])}
    else:
        c = {kind: 1}
    if rng.random() < 0.05:
        c[rng.choice(["txnNumber", "autocommit", "lsid", "$readPreference", "comment", "maxTimeMS", "writeConcern"])] = value()
    if rng.random() < 0.1:
        key = rng.choice(list(c.keys()))
        c[key] = value()
    c["$db"] = rng.choice([DB, DB, "admin", "", "a.b"])
    return c


def frame(document, request_id):
    body = bson.encode(document, check_keys=False)
    payload = struct.pack("<I", 0) + b"\x00" + body
    return struct.pack("<iiii", 16 + len(payload), request_id, 0, 2013) + payload


def damaged(message):
    data = bytearray(message)
    how = rng.random()
    if how < 0.4:
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(16, len(data))] ^= 1 << rng.randrange(8)
    elif how < 0.7:
        cut = rng.randrange(21, len(data)) if len(data) > 21 else len(data)
        data = data[:cut]
        struct.pack_into("<i", data, 0, len(data))
    else:
        struct.pack_into("<i", data, 20, rng.choice([0, -1, 2**31 - 1, len(data) * 2, 4]))
    return bytes(data)


class Connection:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=REPLY_TIMEOUT)
        self.request_id = 0

    def send(self, message):
        self.sock.sendall(message)

    def reply(self):
        header = self.read(16)
        length = struct.unpack("<i", header[:4])[0]
        return self.read(length - 16)

    def read(self, n):
        chunks = b""
        while len(chunks) < n:
            chunk = self.sock.recv(n - len(chunks))
            if not chunk:
                raise ConnectionError("closed by the server")
            chunks += chunk
        return chunks

    def command(self, document):
        self.request_id += 1
        self.send(frame(document, self.request_id))
        body = self.reply()
        return bson.decode(body[5:])

    def close(self):
        self.sock.close()


def main():
    parsed = urllib.parse.urlparse(URL)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 27017
    print(f"fuzz: {TOTAL} commands in batches of {BATCH}, seed {SEED}", flush=True)
    started = time.monotonic()
    sent = answered = errors = damaged_sent = closed = 0
    connection = Connection(host, port)
    slowest = 0.0
    codes = {}
    while sent < TOTAL:
        for _ in range(min(BATCH, TOTAL - sent)):
            sent += 1
            try:
                document = command()
                message = frame(document, sent)
            except (bson.errors.InvalidDocument, OverflowError, ValueError, TypeError):
                continue  # the generator made something BSON itself cannot encode
            if rng.random() < 0.03:
                damaged_sent += 1
                try:
                    connection.send(damaged(message))
                    connection.sock.settimeout(0.3)
                    try:
                        connection.reply()
                    except (socket.timeout, ConnectionError, struct.error):
                        pass
                finally:
                    connection.close()
                    connection = Connection(host, port)
                continue
            begin = time.monotonic()
            try:
                connection.send(message)
                reply = bson.decode(connection.reply()[5:])
            except ConnectionError:
                closed += 1
                connection = Connection(host, port)
                continue
            except socket.timeout:
                print(f"fuzz: HANG — no reply in {REPLY_TIMEOUT} s to {document!r:.2000} (seed {SEED})", flush=True)
                return 1
            slowest = max(slowest, time.monotonic() - begin)
            answered += 1
            if reply.get("ok") != 1:
                errors += 1
                codes[reply.get("codeName", "?")] = codes.get(reply.get("codeName", "?"), 0) + 1
        ping = Connection(host, port)
        try:
            if ping.command({"ping": 1, "$db": "admin"}).get("ok") != 1:
                print(f"fuzz: ping failed after {sent} commands (seed {SEED})", flush=True)
                return 1
        except (OSError, ConnectionError) as error:
            print(f"fuzz: the server is gone after {sent} commands: {error} (seed {SEED})", flush=True)
            return 1
        finally:
            ping.close()
    elapsed = time.monotonic() - started
    print(f"fuzz: {sent} commands in {elapsed:.1f} s: {answered} answered ({errors} with an error reply), {damaged_sent} damaged frames, "
          f"{closed} connections closed by the server on well-framed commands; slowest reply {slowest * 1000:.0f} ms; "
          f"ping answered after every batch", flush=True)
    print("fuzz: error replies by code: " + ", ".join(f"{name} {count}" for name, count in sorted(codes.items(), key=lambda item: -item[1])), flush=True)
    return 1 if closed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Runs MongoDB's unified CRUD spec tests (mongodb/specifications, source/crud/tests/unified) with
pymongo against `speakai serve --mongo-port`, and prints how many of those that apply to a 6.0
standalone pass, with each failure's reason.

The spec files are not part of this repository (their licence does not allow it): pass the path
of a checkout, or of a folder of the test files (scripts/setup extracts the copy pymongo ships in its
source distribution on PyPI into .venv/crud-spec, which scripts/test uses). Checked: each operation's result or error, and the collections' contents after
the test. Not checked: the command events a test expects (`expectEvents`); tests that need
fail points, client-level bulk writes, sessions or a replica set are counted as not applicable.

Usage: .venv/bin/python scripts/spec/unified_crud.py SPECS_CHECKOUT_OR_FOLDER [--verbose] [--only NAME] [--require PERCENT]
(with --require, exits 1 when fewer pass)
"""
import argparse
import glob
import json
import os
import re
import sys
import tempfile

import bson
import pymongo
from bson import json_util
from pymongo.errors import BulkWriteError, OperationFailure, PyMongoError

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "pymongo"))
import speakai_server  # noqa: E402

SERVER_VERSION = (6, 0, 0)


def version(text):
    return tuple(int(p) for p in (text.split(".") + ["0", "0"])[:3])


def applies(requirements):
    """Whether a runOnRequirements list admits a 6.0 standalone without auth."""
    if not requirements:
        return True
    for r in requirements:
        if "minServerVersion" in r and version(r["minServerVersion"]) > SERVER_VERSION:
            continue
        if "maxServerVersion" in r and version(r["maxServerVersion"]) < SERVER_VERSION:
            continue
        if "topologies" in r and "single" not in r["topologies"]:
            continue
        if r.get("serverless") == "require" or r.get("auth") is True or "csfle" in r or "serverParameters" in r:
            continue
        return True
    return False


class Mismatch(Exception):
    pass


def matches(expected, actual, path="", root=True):
    """The unified format's matching rules: extra fields allowed in root-level documents,
    `$$exists`, `$$type`, `$$unsetOrMatches`, numbers compared by value."""
    if isinstance(expected, dict) and len(expected) == 1:
        (op, arg), = expected.items()
        if op == "$$unsetOrMatches":
            return actual is None or matches(arg, actual, path, root)
        if op == "$$exists":
            return (actual is not None) == arg
        if op == "$$type":
            types = arg if isinstance(arg, list) else [arg]
            names = {int: ("int", "long"), float: ("double",), str: ("string",), dict: ("object",), list: ("array",),
                     bool: ("bool",), bson.ObjectId: ("objectId",), bson.Int64: ("long",), type(None): ("null",)}
            return any(t in names.get(type(actual), ()) for t in types) or (isinstance(actual, bson.Int64) and "long" in types)
        if op in ("$$matchesEntity", "$$sessionLsid", "$$lte", "$$matchAsDocument", "$$matchAsRoot"):
            return True
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise Mismatch(f"{path}: expected a document, got {actual!r}")
        for key, value in expected.items():
            if isinstance(value, dict) and value.get("$$exists") is False:
                if key in actual:
                    raise Mismatch(f"{path}.{key}: expected absent")
                continue
            if not matches(value, actual.get(key), f"{path}.{key}", False):
                raise Mismatch(f"{path}.{key}: expected {value!r}, got {actual.get(key)!r}")
        if not root and set(actual) - set(expected):
            raise Mismatch(f"{path}: unexpected fields {sorted(set(actual) - set(expected))}")
        return True
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            raise Mismatch(f"{path}: expected {expected!r}, got {actual!r}")
        # Documents in a result array are root-level documents too (extra fields allowed).
        return all(matches(e, a, f"{path}[{i}]", root) for i, (e, a) in enumerate(zip(expected, actual)))
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and isinstance(actual, (int, float)) and not isinstance(actual, bool):
        return float(expected) == float(actual)
    return expected == actual


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


ARGUMENT_NAMES = {"arrayFilters": "array_filters", "returnDocument": "return_document", "batchSize": "batch_size",
                  "bypassDocumentValidation": "bypass_document_validation", "maxTimeMS": "max_time_ms", "let": "let",
                  "allowDiskUse": "allowDiskUse", "upsert": "upsert", "ordered": "ordered", "hint": "hint", "comment": "comment"}


def kwargs(arguments, skip=()):
    out = {}
    for key, value in arguments.items():
        # rawData and allowDiskUse change nothing on a 6.0 standalone; pymongo lacks rawData.
        if key in skip or key in ("session", "rawData", "allowDiskUse"):
            continue
        if key == "returnDocument":
            value = pymongo.ReturnDocument.AFTER if value == "After" else pymongo.ReturnDocument.BEFORE
        if key == "collation":
            value = pymongo.collation.Collation(**value)
        out[ARGUMENT_NAMES.get(key, snake(key))] = value
    return out


def bulk_requests(requests):
    made = []
    for request in requests:
        (kind, a), = request.items()
        extra = {k: v for k, v in a.items() if k in ("upsert", "hint", "collation", "arrayFilters", "sort")}
        extra = kwargs(extra)
        if kind == "insertOne":
            made.append(pymongo.InsertOne(a["document"]))
        elif kind == "updateOne":
            made.append(pymongo.UpdateOne(a["filter"], a["update"], **extra))
        elif kind == "updateMany":
            made.append(pymongo.UpdateMany(a["filter"], a["update"], **extra))
        elif kind == "replaceOne":
            made.append(pymongo.ReplaceOne(a["filter"], a["replacement"], **extra))
        elif kind == "deleteOne":
            made.append(pymongo.DeleteOne(a["filter"], **extra))
        elif kind == "deleteMany":
            made.append(pymongo.DeleteMany(a["filter"], **extra))
    return made


def result_document(name, value):
    """A pymongo result as the unified format describes it."""
    if isinstance(value, pymongo.results.InsertOneResult):
        return {"insertedId": value.inserted_id}
    if isinstance(value, pymongo.results.InsertManyResult):
        return {"insertedIds": {str(i): v for i, v in enumerate(value.inserted_ids)}}
    if isinstance(value, pymongo.results.UpdateResult):
        return {"matchedCount": value.matched_count, "modifiedCount": value.modified_count,
                "upsertedCount": 0 if value.upserted_id is None else 1, "upsertedId": value.upserted_id}
    if isinstance(value, pymongo.results.DeleteResult):
        return {"deletedCount": value.deleted_count}
    if isinstance(value, pymongo.results.BulkWriteResult):
        return {"insertedCount": value.inserted_count, "matchedCount": value.matched_count, "modifiedCount": value.modified_count,
                "deletedCount": value.deleted_count, "upsertedCount": value.upserted_count,
                "upsertedIds": {str(k): v for k, v in value.upserted_ids.items()}}  # pymongo does not report insertedIds
    return value


def run_operation(operation, entities):
    name, arguments = operation["name"], operation.get("arguments", {})
    target = entities[operation["object"]]
    if name in ("failPoint", "targetedFailPoint", "clientBulkWrite"):
        raise NotImplementedError(name)
    if name == "bulkWrite":
        return target.bulk_write(bulk_requests(arguments["requests"]), **kwargs(arguments, ("requests",)))
    if name == "insertOne":
        return target.insert_one(arguments["document"], **kwargs(arguments, ("document",)))
    if name == "insertMany":
        return target.insert_many(arguments["documents"], **kwargs(arguments, ("documents",)))
    if name in ("updateOne", "updateMany"):
        method = target.update_one if name == "updateOne" else target.update_many
        return method(arguments["filter"], arguments["update"], **kwargs(arguments, ("filter", "update")))
    if name == "replaceOne":
        return target.replace_one(arguments["filter"], arguments["replacement"], **kwargs(arguments, ("filter", "replacement")))
    if name in ("deleteOne", "deleteMany"):
        method = target.delete_one if name == "deleteOne" else target.delete_many
        return method(arguments["filter"], **kwargs(arguments, ("filter",)))
    if name in ("find", "findOne"):
        cursor = target.find(arguments.get("filter", {}), **kwargs(arguments, ("filter",)))
        found = list(cursor)
        return found[0] if name == "findOne" and found else (None if name == "findOne" else found)
    if name == "findOneAndUpdate":
        return target.find_one_and_update(arguments["filter"], arguments["update"], **kwargs(arguments, ("filter", "update")))
    if name == "findOneAndReplace":
        return target.find_one_and_replace(arguments["filter"], arguments["replacement"], **kwargs(arguments, ("filter", "replacement")))
    if name == "findOneAndDelete":
        return target.find_one_and_delete(arguments["filter"], **kwargs(arguments, ("filter",)))
    if name == "aggregate":
        return list(target.aggregate(arguments["pipeline"], **kwargs(arguments, ("pipeline",))))
    if name == "countDocuments":
        return target.count_documents(arguments["filter"], **kwargs(arguments, ("filter",)))
    if name == "estimatedDocumentCount":
        return target.estimated_document_count(**kwargs(arguments))
    if name == "count":
        return target.database.command("count", target.name, query=arguments.get("filter", {}))["n"]
    if name == "distinct":
        return target.distinct(arguments["fieldName"], arguments["filter"], **kwargs(arguments, ("fieldName", "filter")))
    if name == "dropCollection":
        return target.drop_collection(arguments["collection"])
    if name == "createCollection":
        return target.create_collection(arguments["collection"], **kwargs(arguments, ("collection",)))
    if name == "createIndex":
        return target.create_index(list(arguments["keys"].items()), **kwargs(arguments, ("keys",)))
    raise NotImplementedError(name)


def check_error(expected, error):
    if error is None:
        raise Mismatch(f"expected an error {expected}, got none")
    if expected.get("isClientError"):
        if isinstance(error, OperationFailure):
            raise Mismatch(f"expected a client error, got server error {error}")
    code = getattr(error, "code", None)
    details = getattr(error, "details", None) or {}
    if isinstance(error, BulkWriteError):
        write_errors = details.get("writeErrors") or []
        code = write_errors[0]["code"] if write_errors else code
    if "errorCode" in expected and code != expected["errorCode"]:
        raise Mismatch(f"expected error code {expected['errorCode']}, got {code}: {error}")
    if "errorCodeName" in expected and details.get("codeName") not in (expected["errorCodeName"], None):
        raise Mismatch(f"expected {expected['errorCodeName']}, got {details.get('codeName')}")
    if "errorContains" in expected and expected["errorContains"].lower() not in str(error).lower():
        raise Mismatch(f"expected an error containing {expected['errorContains']!r}, got {error}")


def run_test(spec, test, client):
    database_names = {}
    entities = {}
    for entity in spec.get("createEntities", []):
        (kind, e), = entity.items()
        if kind == "client":
            entities[e["id"]] = client
        elif kind == "database":
            entities[e["id"]] = client[e["databaseName"]]
            database_names[e["id"]] = e["databaseName"]
        elif kind == "collection":
            entities[e["id"]] = entities[e["database"]][e["collectionName"]]
        elif kind == "session":
            entities[e["id"]] = None
        else:
            # testRunner entities and the like (fail points, event assertions on errors).
            raise NotImplementedError(kind)
    for data in spec.get("initialData", []):
        db = client[data["databaseName"]]
        db.drop_collection(data["collectionName"])
        db.create_collection(data["collectionName"])
        if data["documents"]:
            db[data["collectionName"]].insert_many(data["documents"])
    for operation in test["operations"]:
        if operation["object"] not in entities:
            raise NotImplementedError(operation["object"])
        result, error = None, None
        try:
            result = run_operation(operation, entities)
        except NotImplementedError:
            raise
        except (PyMongoError, ValueError, TypeError) as e:
            error = e
        if "expectError" in operation:
            check_error(operation["expectError"], error)
            continue
        if error is not None:
            raise Mismatch(f"{operation['name']}: unexpected error {error}")
        if "expectResult" in operation:
            matches(operation["expectResult"], result_document(operation["name"], result), operation["name"])
        if "saveResultAsEntity" in operation:
            entities[operation["saveResultAsEntity"]] = result
    for data in test.get("outcome", []):
        actual = list(client[data["databaseName"]][data["collectionName"]].find({}, sort=[("_id", 1)]))
        expected = data["documents"]
        if len(actual) != len(expected):
            raise Mismatch(f"outcome: expected {len(expected)} documents, found {len(actual)}: {actual}")
        for e, a in zip(expected, actual):
            matches(e, a, "outcome", False)


def main():
    parser = argparse.ArgumentParser(description="MongoDB's unified CRUD spec tests against speakai's wire server")
    parser.add_argument("checkout", help="a checkout of github.com/mongodb/specifications, or a folder of the unified CRUD test files "
                        "(scripts/setup puts pymongo's copy, from its PyPI source distribution, in .venv/crud-spec)")
    parser.add_argument("--verbose", action="store_true", help="also list the tests that do not apply")
    parser.add_argument("--only", help="only the files whose name holds this text")
    parser.add_argument("--require", type=float, help="exit 1 when fewer than this percentage pass")
    options = parser.parse_args()
    verbose, only, required, checkout = options.verbose, options.only, options.require, options.checkout
    files = sorted(glob.glob(os.path.join(checkout, "source/crud/tests/unified/*.json"))) or sorted(glob.glob(os.path.join(checkout, "*.json")))
    if not files:
        sys.exit(f"no unified CRUD tests under {checkout}/source/crud/tests/unified or in {checkout}")
    print(f"unified CRUD spec tests: {len(files)} files from {checkout}")
    folder = tempfile.mkdtemp()
    log = open(os.path.join(folder, "server.log"), "w")
    process, _, port = speakai_server.start(folder, "spec.db", [], log)
    client = pymongo.MongoClient(f"mongodb://127.0.0.1:{port}/?directConnection=true", serverSelectionTimeoutMS=5000)
    passed, failed, skipped = 0, [], 0
    try:
        for path in files:
            spec = json.loads(open(path).read(), object_hook=json_util.object_hook)
            name = os.path.basename(path)[:-5]
            if only and only not in name:
                continue
            for test in spec["tests"]:
                if not applies(spec.get("runOnRequirements")) or not applies(test.get("runOnRequirements")) or test.get("skipReason"):
                    skipped += 1
                    continue
                try:
                    run_test(spec, test, client)
                    passed += 1
                except NotImplementedError as e:
                    skipped += 1
                    if verbose:
                        print(f"  n/a  {name}: {test['description']} ({e})")
                except Exception as e:  # noqa: BLE001 — every other failure is a failed test
                    failed.append((name, test["description"], f"{type(e).__name__}: {e}"[:300]))
    finally:
        speakai_server.stop(process, log)
    for name, description, reason in failed:
        print(f"  FAIL {name}: {description}\n       {reason}")
    total = passed + len(failed)
    print(f"unified CRUD spec tests that apply: {passed} of {total} passed ({100 * passed / max(1, total):.0f}%), {skipped} not applicable")
    if required is not None and 100 * passed < required * max(1, total):
        sys.exit(1)


if __name__ == "__main__":
    main()

"""pymongo (the real MongoDB driver) against speakai's embedded wire-protocol server.

Run by scripts/test with SPEAKAI_MONGO_URL pointing at a `speakai serve --mongo-port` on a
temporary data file. Standard library unittest; every test uses its own collection.
"""
import datetime
import os
import threading
import unittest

import bson
import pymongo
from pymongo import MongoClient, InsertOne, ReplaceOne, UpdateOne, DeleteOne, DeleteMany, UpdateMany
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

URL = os.environ.get("SPEAKAI_MONGO_URL", "mongodb://127.0.0.1:27017/?directConnection=true")


class WireTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = pymongo.MongoClient(URL, serverSelectionTimeoutMS=5000)
        cls.db = cls.client["pymongo_tests"]

    @classmethod
    def tearDownClass(cls):
        cls.client.drop_database("pymongo_tests")
        cls.client.close()

    def fresh(self, name):
        self.db.drop_collection(name)
        return self.db[name]

    def test_handshake_and_server_info(self):
        info = self.client.server_info()
        self.assertEqual(info["ok"], 1.0)
        self.assertTrue(info["version"].startswith("6."))
        hello = self.client.admin.command("hello")
        self.assertTrue(hello["isWritablePrimary"])
        self.assertEqual(hello["maxBsonObjectSize"], 16 * 1024 * 1024)
        self.assertEqual(hello["logicalSessionTimeoutMinutes"], 30)
        self.assertEqual(self.client.admin.command("ping")["ok"], 1.0)

    def test_crud_round_trip_keeps_types(self):
        items = self.fresh("crud")
        when = datetime.datetime(2025, 4, 22, 3, 29, 44, 652000)
        oid = bson.ObjectId()
        items.insert_one({"_id": oid, "name": "Ann", "when": when, "n": 1, "big": 2**40, "x": 1.5, "tags": ["a", "b"], "none": None, "sub": {"k": True}})
        doc = items.find_one({"_id": oid})
        self.assertEqual(doc, {"_id": oid, "name": "Ann", "when": when, "n": 1, "big": 2**40, "x": 1.5, "tags": ["a", "b"], "none": None, "sub": {"k": True}})
        self.assertEqual(list(doc.keys()), ["_id", "name", "when", "n", "big", "x", "tags", "none", "sub"])
        result = items.update_one({"_id": oid}, {"$set": {"name": "Bo"}, "$push": {"tags": "c"}})
        self.assertEqual((result.matched_count, result.modified_count), (1, 1))
        self.assertEqual(items.find_one({"tags": "c"}, {"name": 1, "_id": 0}), {"name": "Bo"})
        upserted = items.update_one({"name": "Cy"}, {"$set": {"n": 7}}, upsert=True)
        self.assertIsNotNone(upserted.upserted_id)
        self.assertEqual(items.replace_one({"name": "Cy"}, {"name": "Cy", "n": 8}).modified_count, 1)
        self.assertEqual(items.find_one({"name": "Cy"})["_id"], upserted.upserted_id)
        self.assertEqual(items.delete_one({"name": "Cy"}).deleted_count, 1)
        self.assertEqual(items.count_documents({}), 1)
        self.assertEqual(items.estimated_document_count(), 1)

    def test_find_sort_skip_limit_projection(self):
        items = self.fresh("queries")
        items.insert_many([{"_id": i, "n": i % 7, "s": f"v{i}"} for i in range(100)])
        got = list(items.find({"n": {"$gte": 5}}, {"s": 1}).sort([("n", -1), ("_id", 1)]).skip(2).limit(5))
        self.assertEqual([d["_id"] for d in got], [20, 27, 34, 41, 48])
        self.assertEqual(set(got[0].keys()), {"_id", "s"})
        self.assertEqual(items.count_documents({"n": 3}, skip=2, limit=5), 5)
        self.assertEqual(sorted(items.distinct("n", {"n": {"$lt": 3}})), [0, 1, 2])

    def test_cursors_fetch_in_batches_and_close(self):
        items = self.fresh("cursors")
        items.insert_many([{"_id": i} for i in range(1234)])
        cursor = items.find({}, batch_size=100).sort("_id", 1)
        self.assertEqual([d["_id"] for d in cursor], list(range(1234)))
        early = items.find({}, batch_size=10)
        self.assertEqual(next(early)["_id"], 0)
        early.close()
        self.assertEqual(len(list(items.find().limit(-3))), 3)
        with self.assertRaises(OperationFailure) as failure:
            self.db.command("getMore", bson.Int64(123456789), collection="cursors")
        self.assertEqual(failure.exception.code, 43)

    def test_cursor_batches_are_read_as_they_are_asked_for(self):
        # Given 3,000 documents of 1 KB and a cursor that has read its first batch of 250
        items = self.fresh("streamed")
        items.insert_many([{"_id": i, "pad": "x" * 1000} for i in range(3000)])
        cursor = items.find({"_id": {"$gte": 0}}, batch_size=250)
        seen = [next(cursor)["_id"] for _ in range(250)]
        # When documents not yet read are deleted and new ones inserted before the next getMore
        items.delete_many({"_id": {"$gte": 2900}})
        items.insert_many([{"_id": 5000 + i, "pad": "y"} for i in range(5)])
        seen += [d["_id"] for d in cursor]
        # Then the later batches see those writes, as MongoDB's do, and return each document once
        self.assertEqual(seen, list(range(2900)) + [5000 + i for i in range(5)])
        # and a cursor whose collection is dropped between batches fails with QueryPlanKilled
        cursor = items.find({}, batch_size=10)
        next(cursor)
        items.drop()
        with self.assertRaises(OperationFailure) as failure:
            list(cursor)
        self.assertEqual(failure.exception.code, 175)

    def test_bulk_writes_ordered_and_unordered(self):
        items = self.fresh("bulk")
        result = items.bulk_write([InsertOne({"_id": 1, "v": 1}), InsertOne({"_id": 2, "v": 2}), UpdateOne({"_id": 1}, {"$inc": {"v": 10}}),
                                   UpdateMany({}, {"$set": {"seen": True}}), ReplaceOne({"_id": 2}, {"v": 20}), DeleteOne({"_id": 3}),
                                   UpdateOne({"_id": 4}, {"$set": {"v": 4}}, upsert=True)])
        self.assertEqual((result.inserted_count, result.matched_count, result.modified_count, result.deleted_count, result.upserted_count), (2, 4, 4, 0, 1))
        self.assertEqual(items.find_one({"_id": 1})["v"], 11)
        with self.assertRaises(BulkWriteError) as ordered:
            items.insert_many([{"_id": 10}, {"_id": 1}, {"_id": 11}])
        self.assertEqual(ordered.exception.details["nInserted"], 1)
        self.assertEqual(ordered.exception.details["writeErrors"][0]["code"], 11000)
        self.assertEqual(ordered.exception.details["writeErrors"][0]["index"], 1)
        with self.assertRaises(BulkWriteError) as unordered:
            items.insert_many([{"_id": 20}, {"_id": 1}, {"_id": 21}, {"_id": 2}], ordered=False)
        self.assertEqual(unordered.exception.details["nInserted"], 2)
        self.assertEqual([e["index"] for e in unordered.exception.details["writeErrors"]], [1, 3])
        self.assertEqual(items.bulk_write([DeleteMany({"_id": {"$gte": 10}})]).deleted_count, 3)

    def test_indexes_and_duplicate_keys(self):
        items = self.fresh("indexes")
        self.assertEqual(items.create_index([("email", 1)], unique=True), "email_1")
        items.create_index([("a", 1), ("b", -1)], name="a_b")
        info = items.index_information()
        self.assertEqual(sorted(info), ["_id_", "a_b", "email_1"])
        self.assertTrue(info["email_1"]["unique"])
        items.insert_one({"email": "a@x.org"})
        with self.assertRaises(DuplicateKeyError) as duplicate:
            items.insert_one({"email": "a@x.org"})
        self.assertEqual(duplicate.exception.code, 11000)
        self.assertIn("email_1", str(duplicate.exception))
        # As mongod: the index's key pattern and the refused value beside the code
        self.assertEqual(duplicate.exception.details["keyPattern"], {"email": 1})
        self.assertEqual(duplicate.exception.details["keyValue"], {"email": "a@x.org"})
        items.insert_one({"_id": 7, "email": "b@x.org"})
        with self.assertRaises(DuplicateKeyError) as same_id:
            items.insert_one({"_id": 7, "email": "c@x.org"})
        self.assertEqual((same_id.exception.details["keyPattern"], same_id.exception.details["keyValue"]), ({"_id": 1}, {"_id": 7}))
        pairs = self.fresh("indexes_compound")
        pairs.create_index([("a", 1), ("b", -1)], unique=True)
        with self.assertRaises(BulkWriteError) as compound:
            pairs.insert_many([{"a": 1, "b": 2}, {"a": 1, "b": 2}])
        error = compound.exception.details["writeErrors"][0]
        self.assertEqual((error["keyPattern"], error["keyValue"]), ({"a": 1, "b": -1}, {"a": 1, "b": 2}))
        items.drop_index("a_b")
        self.assertEqual(sorted(items.index_information()), ["_id_", "email_1"])
        with self.assertRaises(OperationFailure) as missing:
            items.drop_index("nope")
        self.assertEqual(missing.exception.code, 27)

    def test_case_insensitive_unique_index_as_the_original_service_meets_it(self):
        # The collated index the Speak AI server makes on users.email, made and used through pymongo
        users = self.fresh("collated_users")
        caseless = pymongo.collation.Collation(locale="en", strength=2)
        users.create_index([("email", 1)], unique=True)
        users.create_index([("email", 1)], name="email_1_case_insensitive", unique=True, collation=caseless)
        info = users.index_information()
        self.assertEqual(info["email_1_case_insensitive"]["collation"]["strength"], 2)
        users.insert_one({"email": "Ann.Lee@example.com"})
        # The original's register inserts as typed: a variant differing only in case is refused
        with self.assertRaises(DuplicateKeyError):
            users.insert_one({"email": "ann.lee@EXAMPLE.com"})
        # Its exact look-up finds only the bytes; with the collation, any case
        self.assertIsNone(users.find_one({"email": "ann.lee@example.com"}))
        self.assertEqual(users.find_one({"email": "ANN.LEE@EXAMPLE.COM"}, collation=caseless)["email"], "Ann.Lee@example.com")

    def test_hostile_values_are_answered_never_a_dropped_connection(self):
        items = self.fresh("hostile")
        # A document nested 250 levels (past what the server reads) gets an error reply
        deep = {"x": 1}
        for _ in range(250):
            deep = {"d": deep}
        with self.assertRaises(OperationFailure) as nested:
            items.insert_one({"_id": 1, "deep": deep})
        self.assertEqual(nested.exception.code, 22)
        # One nested 150 levels is read, and refused by the store with MongoDB's limit of 100
        deep = {"x": 1}
        for _ in range(150):
            deep = {"d": deep}
        with self.assertRaises(OperationFailure):
            items.insert_one({"_id": 2, "deep": deep})
        # limit -2^63, and padding an array to index 100,000,000: answered, nothing changed
        items.insert_one({"_id": 3, "a": [1]})
        for field, value in (("limit", bson.int64.Int64(-(2**63))), ("skip", -1), ("batchSize", -5)):
            with self.assertRaises(OperationFailure) as negative:
                self.db.command({"find": "hostile", "filter": {"_id": 3}, field: value})
            self.assertEqual(negative.exception.code, 51024, field)
        with self.assertRaises(OperationFailure) as typed:
            self.db.command({"find": "hostile", "limit": "ten"})
        self.assertEqual(typed.exception.code, 14)
        reply = self.db.command({"find": "hostile", "filter": {"_id": 3}, "limit": bson.int64.Int64(2**63 - 1), "skip": bson.int64.Int64(0)})
        self.assertEqual(len(reply["cursor"]["firstBatch"]), 1)
        counted = self.db.command({"count": "hostile", "limit": bson.int64.Int64(-(2**63)), "skip": bson.int64.Int64(2**63 - 1)})
        self.assertEqual(counted["n"], 0)
        with self.assertRaises(OperationFailure) as padding:
            items.update_one({"_id": 3}, {"$set": {"a.100000000": 1}})
        self.assertIn("backfill", str(padding.exception))
        self.assertEqual(items.find_one({"_id": 3})["a"], [1])
        # A delete limit other than 0 or 1 is refused (not taken for "all"); so is a negative
        # aggregate batch size, and an aggregate without its cursor document
        items.insert_many([{"_id": 4}, {"_id": 5}])
        with self.assertRaises(OperationFailure) as limited:
            self.db.command({"delete": "hostile", "deletes": [{"q": {}, "limit": 5}]})
        self.assertEqual(limited.exception.code, 9)
        self.assertEqual(items.count_documents({}), 3)
        with self.assertRaises(OperationFailure) as batch:
            self.db.command({"aggregate": "hostile", "pipeline": [], "cursor": {"batchSize": -1}})
        self.assertEqual(batch.exception.code, 51024)
        with self.assertRaises(OperationFailure) as cursorless:
            self.db.command({"aggregate": "hostile", "pipeline": []})
        self.assertEqual(cursorless.exception.code, 9)
        # And the connection is still there
        self.assertEqual(self.client.admin.command("ping")["ok"], 1.0)

    def test_find_one_and_modify(self):
        items = self.fresh("fam")
        items.insert_many([{"_id": 1, "n": 1}, {"_id": 2, "n": 2}])
        before = items.find_one_and_update({"n": {"$gte": 1}}, {"$inc": {"n": 10}}, sort=[("n", -1)])
        self.assertEqual(before, {"_id": 2, "n": 2})
        after = items.find_one_and_update({"_id": 9}, {"$set": {"n": 9}}, upsert=True, return_document=pymongo.ReturnDocument.AFTER)
        self.assertEqual(after, {"_id": 9, "n": 9})
        self.assertEqual(items.find_one_and_replace({"_id": 1}, {"n": 100}, return_document=pymongo.ReturnDocument.AFTER), {"_id": 1, "n": 100})
        self.assertEqual(items.find_one_and_delete({"_id": 1}), {"_id": 1, "n": 100})
        self.assertIsNone(items.find_one_and_delete({"_id": 1}))
        # The raw reply tells an upsert (with its new _id) from an update
        database = items.database
        upserted = database.command("findAndModify", "fam", query={"n": 77}, update={"$set": {"m": 1}}, upsert=True, new=True)
        self.assertEqual(upserted["lastErrorObject"]["updatedExisting"], False)
        self.assertEqual(upserted["lastErrorObject"]["upserted"], upserted["value"]["_id"])
        updated = database.command("findAndModify", "fam", query={"n": 77}, update={"$inc": {"m": 1}}, new=True)
        self.assertEqual((updated["lastErrorObject"]["updatedExisting"], updated["value"]["m"]), (True, 2))

    def test_find_one_and_update_claims_each_document_once(self):
        # Given 40 pending jobs and 8 workers claiming them at the same time, each on its own connection
        jobs = self.fresh("claims")
        jobs.insert_many([{"_id": n, "status": "pending"} for n in range(40)])
        claimed, lock = [], threading.Lock()

        def worker(name):
            client = MongoClient(URL)
            mine = client[jobs.database.name][jobs.name]
            while (job := mine.find_one_and_update({"status": "pending"}, {"$set": {"status": "running", "by": name}})) is not None:
                with lock:
                    claimed.append(job["_id"])
            client.close()

        threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # Then every job was claimed exactly once
        self.assertEqual(sorted(claimed), list(range(40)))
        self.assertEqual(jobs.count_documents({"status": "running"}), 40)

    def test_aggregation(self):
        orders = self.fresh("orders")
        people = self.fresh("people")
        people.insert_many([{"_id": "ann", "city": "Hanoi"}, {"_id": "bo", "city": "Hue"}])
        orders.insert_many([{"who": "ann", "items": ["tea", "cake"], "total": 5}, {"who": "bo", "items": ["tea"], "total": 3},
                            {"who": "ann", "items": [], "total": 2}])
        grouped = list(orders.aggregate([{"$group": {"_id": "$who", "sum": {"$sum": "$total"}, "avg": {"$avg": "$total"}, "n": {"$sum": 1},
                                                    "max": {"$max": "$total"}, "all": {"$push": "$total"}}}, {"$sort": {"_id": 1}}]))
        self.assertEqual(grouped, [{"_id": "ann", "sum": 7, "avg": 3.5, "n": 2, "max": 5, "all": [5, 2]}, {"_id": "bo", "sum": 3, "avg": 3.0, "n": 1, "max": 3, "all": [3]}])
        unwound = list(orders.aggregate([{"$unwind": "$items"}, {"$group": {"_id": "$items", "n": {"$sum": 1}}}, {"$sort": {"n": -1, "_id": 1}}]))
        self.assertEqual(unwound, [{"_id": "tea", "n": 2}, {"_id": "cake", "n": 1}])
        joined = list(orders.aggregate([{"$match": {"total": {"$gte": 3}}}, {"$lookup": {"from": "people", "localField": "who", "foreignField": "_id", "as": "person"}},
                                        {"$project": {"_id": 0, "who": 1, "city": "$person.city"}}, {"$sort": {"who": 1}}]))
        self.assertEqual(joined, [{"who": "ann", "city": ["Hanoi"]}, {"who": "bo", "city": ["Hue"]}])
        self.assertEqual(list(orders.aggregate([{"$match": {"who": "ann"}}, {"$count": "n"}])), [{"n": 2}])
        self.assertEqual([d["total"] for d in orders.aggregate([{"$sort": {"total": 1}}, {"$skip": 1}, {"$limit": 1}])], [3])
        self.assertEqual(orders.count_documents({"who": "ann"}), 2)
        with self.assertRaises(OperationFailure) as unknown:
            list(orders.aggregate([{"$bogus": {}}]))
        self.assertEqual(unknown.exception.code, 40324)

    def test_pipeline_updates_and_expr(self):
        items = self.fresh("pipelines")
        items.insert_many([{"_id": 1, "x": 1, "y": 2}, {"_id": 2, "x": 10, "y": 5}])
        # A pipeline update computes from the document's own fields
        result = items.update_many({}, [{"$set": {"total": {"$add": ["$x", "$y"]}}}, {"$unset": "y"}])
        self.assertEqual((result.matched_count, result.modified_count), (2, 2))
        self.assertEqual(list(items.find({}, sort=[("_id", 1)])), [{"_id": 1, "x": 1, "total": 3}, {"_id": 2, "x": 10, "total": 15}])
        # findAndModify and an upsert take one as well
        after = items.find_one_and_update({"_id": 2}, [{"$set": {"x": {"$multiply": ["$x", 2]}}}], return_document=pymongo.ReturnDocument.AFTER)
        self.assertEqual(after, {"_id": 2, "x": 20, "total": 15})
        upserted = items.update_one({"_id": 3, "x": 4}, [{"$set": {"total": {"$add": ["$x", 1]}}}], upsert=True)
        self.assertEqual(upserted.upserted_id, 3)
        self.assertEqual(items.find_one({"_id": 3}), {"_id": 3, "x": 4, "total": 5})
        upserted = items.find_one_and_update({"x": 99}, [{"$set": {"total": 0}}], upsert=True, return_document=pymongo.ReturnDocument.AFTER)
        self.assertEqual((upserted["x"], upserted["total"]), (99, 0))
        # $expr compares two fields of one document
        self.assertEqual(sorted(d["x"] for d in items.find({"$expr": {"$gt": ["$x", "$total"]}})), [20, 99])
        # A stage an update may not use is refused with mongod's code, and nothing changes
        with self.assertRaises(OperationFailure) as refused:
            items.update_one({"_id": 1}, [{"$group": {"_id": "$x"}}])
        self.assertEqual(refused.exception.code, 72)
        self.assertEqual(items.find_one({"_id": 1}), {"_id": 1, "x": 1, "total": 3})

    def test_array_filters_and_all_positional_updates(self):
        items = self.fresh("arrayfilters")
        items.insert_one({"_id": 1, "a": [1, 5, 9], "g": [{"v": 1}, {"v": 7}]})
        items.update_one({"_id": 1}, {"$inc": {"a.$[]": 1}})
        items.update_one({"_id": 1}, {"$set": {"a.$[big]": 0, "g.$[h].v": 70}}, array_filters=[{"big": {"$gt": 5}}, {"h.v": 7}])
        self.assertEqual(items.find_one({"_id": 1}), {"_id": 1, "a": [2, 0, 0], "g": [{"v": 1}, {"v": 70}]})
        after = items.find_one_and_update({"_id": 1}, {"$set": {"g.$[x].v": 10}}, array_filters=[{"x.v": 1}], return_document=pymongo.ReturnDocument.AFTER)
        self.assertEqual(after["g"], [{"v": 10}, {"v": 70}])
        with self.assertRaises(OperationFailure) as refused:
            items.update_one({"_id": 1}, {"$set": {"a.$[x]": 1}})
        self.assertEqual(refused.exception.code, 2)

    def test_let_and_collation_on_writes(self):
        items = self.fresh("letcollation")
        items.insert_many([{"_id": 1, "s": "A", "n": 1}, {"_id": 2, "s": "b", "n": 2}])
        caseless = pymongo.collation.Collation(locale="en", strength=2)
        self.assertEqual(items.update_many({"s": "a"}, {"$set": {"t": 1}}, collation=caseless).modified_count, 1)
        self.assertEqual(items.find_one_and_update({"s": "B"}, {"$set": {"t": 2}}, collation=caseless, return_document=pymongo.ReturnDocument.AFTER)["t"], 2)
        self.assertEqual([d["_id"] for d in items.find({"$expr": {"$eq": ["$n", "$$which"]}}, let={"which": 2})], [2])
        self.assertEqual(items.update_one({"$expr": {"$eq": ["$n", "$$which"]}}, [{"$set": {"u": "$$word"}}], let={"which": 1, "word": "hi"}).modified_count, 1)
        self.assertEqual(items.find_one({"_id": 1})["u"], "hi")
        self.assertEqual(items.delete_many({"s": "A"}, collation=caseless).deleted_count, 1)
        self.assertEqual(items.delete_one({"$expr": {"$eq": ["$n", "$$which"]}}, let={"which": 2}).deleted_count, 1)
        self.assertEqual(items.count_documents({}), 0)

    def test_aggregate_out_and_merge(self):
        source = self.fresh("outsource")
        target = self.fresh("outtarget")
        source.insert_many([{"_id": i, "x": i * 11} for i in range(1, 5)])
        target.insert_one({"_id": 99, "stale": True})
        # $out replaces the target's contents with the results and answers an empty cursor
        self.assertEqual(list(source.aggregate([{"$match": {"_id": {"$gt": 2}}}, {"$out": "outtarget"}])), [])
        self.assertEqual(list(target.find({}, sort=[("_id", 1)])), [{"_id": 3, "x": 33}, {"_id": 4, "x": 44}])
        # $merge folds results in: matched documents merged, others inserted
        list(source.aggregate([{"$match": {"_id": {"$lte": 3}}}, {"$set": {"seen": True}}, {"$merge": {"into": "outtarget"}}]))
        self.assertEqual(list(target.find({}, sort=[("_id", 1)])), [
            {"_id": 1, "x": 11, "seen": True}, {"_id": 2, "x": 22, "seen": True}, {"_id": 3, "x": 33, "seen": True}, {"_id": 4, "x": 44}])
        with self.assertRaises(OperationFailure) as failed:
            list(source.aggregate([{"$merge": {"into": "outtarget", "whenMatched": "fail"}}]))
        self.assertEqual(failed.exception.code, 11000)
        with self.assertRaises(OperationFailure) as misplaced:
            list(source.aggregate([{"$out": "outtarget"}, {"$match": {}}]))
        self.assertEqual(misplaced.exception.code, 40601)

    def test_rename_collection(self):
        source = self.fresh("renamefrom")
        self.db.drop_collection("renameto")
        source.insert_many([{"_id": 1}, {"_id": 2}])
        source.create_index("x")
        source.rename("renameto")
        self.assertEqual(self.db["renameto"].count_documents({}), 2)
        self.assertIn("x_1", [index["name"] for index in self.db["renameto"].list_indexes()])
        self.assertNotIn("renamefrom", self.db.list_collection_names())
        with self.assertRaises(OperationFailure) as system:
            self.client.admin.command("renameCollection", "admin.system.users", to="admin.stolen")
        self.assertEqual(system.exception.code, 20)

    def test_sessions_are_accepted_and_ignored(self):
        items = self.fresh("sessions")
        with self.client.start_session() as session:
            items.insert_one({"_id": 1}, session=session)
            self.assertEqual(items.count_documents({}, session=session), 1)
            self.assertEqual(len(list(items.find({}, session=session, batch_size=1))), 1)

    def test_options_not_implemented_are_refused_never_ignored(self):
        items = self.fresh("unsupported")
        items.insert_one({"_id": 1, "a": [1, 2], "s": "A"})
        caseless = pymongo.collation.Collation(locale="en", strength=2)
        attempts = [
            lambda: items.count_documents({"s": "a"}, collation=caseless),
            lambda: items.distinct("s", collation=caseless),
            lambda: self.db.create_collection("a_view", viewOn="unsupported", pipeline=[]),
            lambda: self.db.create_collection("capped_one", capped=True, size=4096),
            lambda: self.db.command({"update": "unsupported", "updates": [{"q": {}, "u": {"$set": {"t": 1}}, "sort": {"_id": -1}}]}),
        ]
        for attempt in attempts:
            with self.assertRaises(OperationFailure) as refused:
                attempt()
            self.assertEqual(refused.exception.code, 238)
        self.assertEqual(items.find_one({"_id": 1}), {"_id": 1, "a": [1, 2], "s": "A"})

    def test_transactions_are_refused_as_a_standalone_mongod_refuses_them(self):
        items = self.fresh("transactions")
        # A transaction's first write is refused (code 20) and nothing of it is applied
        with self.client.start_session() as session:
            with self.assertRaises(OperationFailure) as refused:
                with session.start_transaction():
                    items.insert_one({"_id": 1}, session=session)
                    items.insert_one({"_id": 2}, session=session)
            self.assertEqual(refused.exception.code, 20)
        self.assertEqual(items.count_documents({}), 0)
        # Raw transaction commands get the same answer
        for command in ({"insert": "transactions", "documents": [{"_id": 3}], "txnNumber": bson.int64.Int64(1), "autocommit": False,
                         "startTransaction": True}, {"commitTransaction": 1, "txnNumber": bson.int64.Int64(1), "autocommit": False},
                        {"abortTransaction": 1}):
            with self.assertRaises(OperationFailure) as raw:
                self.client.admin.command(command) if "insert" not in command else self.db.command(command)
            self.assertEqual(raw.exception.code, 20)
        self.assertEqual(items.count_documents({}), 0)

    def test_errors_carry_mongodb_codes(self):
        with self.assertRaises(OperationFailure) as unknown:
            self.db.command("noSuchCommand")
        self.assertEqual((unknown.exception.code, unknown.exception.details["codeName"]), (59, "CommandNotFound"))
        with self.assertRaises(OperationFailure) as immutable:
            self.fresh("errors").insert_one({"_id": 1})
            self.db.errors.update_one({"_id": 1}, {"$set": {"_id": 2}})
        self.assertEqual(immutable.exception.code, 66)
        with self.assertRaises(OperationFailure) as conflicting:
            self.db.errors.update_one({"_id": 1}, {"$set": {"a": 1}, "$inc": {"a": 1}})
        self.assertEqual(conflicting.exception.code, 40)

    def test_databases_and_collections(self):
        self.fresh("listed").insert_one({})
        self.assertIn("pymongo_tests", self.client.list_database_names())
        self.assertIn("listed", self.db.list_collection_names())
        self.db.drop_collection("listed")
        self.assertNotIn("listed", self.db.list_collection_names())
        scratch = self.client["pymongo_scratch"]
        scratch.things.insert_one({"a": 1})
        self.client.drop_database("pymongo_scratch")
        self.assertNotIn("things", scratch.list_collection_names())


if __name__ == "__main__":
    unittest.main(verbosity=2)

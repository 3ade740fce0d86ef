"""Authentication on the wire port: SCRAM-SHA-256 users with built-in roles, MongoDB's
localhost exception, 13 Unauthorized without credentials, and the refusal to listen beyond
loopback with no user — pymongo against a `speakai serve --mongo-port` started here.

Run by scripts/test with SPEAKAI_BIN pointing at the built `speakai`.
"""
import os
import tempfile
import unittest

import pymongo
from pymongo.errors import OperationFailure

from speakai_server import free_port, run_to_exit, start, stop


class AuthTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        d = cls.folder.name
        cls.log = open(os.path.join(d, "server.log"), "w")
        cls.server, cls.http_port, cls.mongo_port = start(d, "auth.db", [], cls.log)
        # The localhost exception: with no user yet, a local client creates the first (root) one
        open_client = cls.client()
        open_client.admin.command("createUser", "root", pwd="root-pass-1", roles=[{"role": "root", "db": "admin"}])
        open_client.close()

    @classmethod
    def tearDownClass(cls):
        stop(cls.server, cls.log)
        cls.folder.cleanup()

    @classmethod
    def client(cls, credentials="", extra=""):
        return pymongo.MongoClient(f"mongodb://{credentials}127.0.0.1:{cls.mongo_port}/?directConnection=true&serverSelectionTimeoutMS=3000{extra}")

    def test_without_credentials_only_the_handshake_is_served(self):
        anonymous = self.client()
        try:
            self.assertEqual(anonymous.admin.command("ping")["ok"], 1.0)
            for attempt in (lambda: anonymous.app.items.find_one(), lambda: anonymous.app.items.insert_one({"x": 1}),
                            lambda: anonymous.list_database_names(), lambda: anonymous.admin.command("createUser", "eve", pwd="x", roles=[])):
                with self.assertRaises(OperationFailure) as refused:
                    attempt()
                self.assertEqual(refused.exception.code, 13)
        finally:
            anonymous.close()

    def test_scram_sha_256_with_the_right_password_and_not_the_wrong_one(self):
        root = self.client("root:root-pass-1@", "&authSource=admin&authMechanism=SCRAM-SHA-256")
        try:
            root.app.items.insert_one({"_id": "scram", "ok": True})
            self.assertTrue(root.app.items.find_one({"_id": "scram"})["ok"])
        finally:
            root.close()
        # Without naming the mechanism, the driver asks the server (saslSupportedMechs) and may start speculatively
        negotiated = self.client("root:root-pass-1@", "&authSource=admin")
        try:
            self.assertEqual(negotiated.app.items.count_documents({"_id": "scram"}), 1)
        finally:
            negotiated.close()
        for credentials in ("root:wrong-pass@", "nobody:root-pass-1@"):
            wrong = self.client(credentials, "&authSource=admin")
            try:
                with self.assertRaises(OperationFailure) as failed:
                    wrong.app.items.find_one()
                self.assertEqual(failed.exception.code, 18)
            finally:
                wrong.close()

    def test_roles_limit_what_a_user_may_do(self):
        root = self.client("root:root-pass-1@", "&authSource=admin")
        try:
            root.app.command("createUser", "reader", pwd="reader-pass-1", roles=["read"])
            root.app.command("createUser", "writer", pwd="writer-pass-1", roles=[{"role": "readWrite", "db": "app"}])
            with self.assertRaises(OperationFailure) as unknown_role:
                root.app.command("createUser", "odd", pwd="odd-pass-1", roles=["readWriteAnyDatabase"])
            self.assertEqual(unknown_role.exception.code, 31)
            with self.assertRaises(OperationFailure) as twice:
                root.app.command("createUser", "reader", pwd="x", roles=["read"])
            self.assertEqual(twice.exception.code, 51003)
            info = root.app.command("usersInfo")["users"]
            self.assertEqual(sorted(u["user"] for u in info), ["reader", "writer"])
            self.assertEqual(info[0]["mechanisms"], ["SCRAM-SHA-256"])
            root.app.items.insert_one({"_id": "roles"})
        finally:
            root.close()
        reader = self.client("reader:reader-pass-1@", "&authSource=app")
        writer = self.client("writer:writer-pass-1@", "&authSource=app")
        try:
            self.assertIsNotNone(reader.app.items.find_one({"_id": "roles"}))
            with self.assertRaises(OperationFailure) as denied:
                reader.app.items.insert_one({"_id": "no"})
            self.assertEqual(denied.exception.code, 13)
            with self.assertRaises(OperationFailure):
                reader.other.items.find_one()
            writer.app.items.insert_one({"_id": "yes"})
            with self.assertRaises(OperationFailure):
                writer.admin.command("createUser", "eve", pwd="eve-pass-1", roles=["root"])
            # The users' collection is not reachable by plain commands
            with self.assertRaises(OperationFailure):
                writer.admin["system.users"].find_one()
        finally:
            reader.close()
            writer.close()
        root = self.client("root:root-pass-1@", "&authSource=admin")
        try:
            root.app.command("updateUser", "reader", pwd="reader-pass-2")
            root.app.command("dropUser", "writer")
            with self.assertRaises(OperationFailure) as gone:
                root.app.command("dropUser", "writer")
            self.assertEqual(gone.exception.code, 11)
        finally:
            root.close()
        renewed = self.client("reader:reader-pass-2@", "&authSource=app")
        try:
            self.assertIsNotNone(renewed.app.items.find_one({"_id": "roles"}))
        finally:
            renewed.close()

    def test_listening_beyond_loopback_needs_a_user(self):
        d = self.folder.name
        result = run_to_exit(d, ["--port", str(free_port()), "--mongo-port", str(free_port()), "--mongo-host", "0.0.0.0",
                                 "--data", os.path.join(d, "empty.db")])
        self.assertEqual(result.returncode, 1)
        self.assertIn("with no user", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)

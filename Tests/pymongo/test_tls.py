"""TLS on the wire port: pymongo with tls=true&tlsCAFile against `speakai serve --mongo-tls-cert`,
with a certificate authority and a server certificate made here by openssl.

Run by scripts/test with SPEAKAI_BIN pointing at the built `speakai`.
"""
import os
import subprocess
import tempfile
import unittest

import pymongo
from pymongo.errors import ServerSelectionTimeoutError

from speakai_server import free_port, run_to_exit, start, stop


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class TLSTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        d = cls.folder.name
        # A certificate authority, and a certificate for 127.0.0.1 and localhost that it signs
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Speak AI test CA", cwd=d)
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost", cwd=d)
        with open(os.path.join(d, "san.ext"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                "-days", "2", "-extfile", "san.ext", cwd=d)
        cls.log = open(os.path.join(d, "server.log"), "w")
        cls.server, cls.http_port, cls.mongo_port = start(
            d, "tls.db", ["--mongo-tls-cert", os.path.join(d, "server.pem"), "--mongo-tls-key", os.path.join(d, "server.key")], cls.log)
        cls.ca = os.path.join(d, "ca.pem")

    @classmethod
    def tearDownClass(cls):
        stop(cls.server, cls.log)
        cls.folder.cleanup()

    def url(self, extra):
        return f"mongodb://127.0.0.1:{self.mongo_port}/?directConnection=true&serverSelectionTimeoutMS=2000{extra}"

    def test_a_client_trusting_the_ca_works_over_tls(self):
        client = pymongo.MongoClient(self.url(f"&tls=true&tlsCAFile={self.ca}"))
        try:
            items = client["tls_tests"]["items"]
            items.insert_one({"_id": 1, "secret": "only over TLS"})
            self.assertEqual(items.find_one({"_id": 1})["secret"], "only over TLS")
            self.assertEqual(client.admin.command("ping")["ok"], 1.0)
        finally:
            client.close()

    def test_plain_and_untrusting_clients_are_not_served(self):
        for extra in ("", "&tls=true"):  # no TLS at all; TLS without the test CA (the system's CAs do not know it)
            client = pymongo.MongoClient(self.url(extra))
            try:
                with self.assertRaises(ServerSelectionTimeoutError):
                    client.admin.command("ping")
            finally:
                client.close()

    def test_a_certificate_that_cannot_be_used_stops_the_start(self):
        d = self.folder.name
        result = run_to_exit(d, ["--port", str(free_port()), "--mongo-port", str(free_port()), "--data", os.path.join(d, "other.db"),
                                 "--mongo-tls-cert", os.path.join(d, "server.csr"), "--mongo-tls-key", os.path.join(d, "server.key")])
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot use", result.stderr)
        self.assertIn("server.csr", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(d, "other.db")))


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""Starts a real `speakai serve` for the wire-protocol suites that need a server of their own
(TLS, authentication): free ports, the process, and the wait for /health."""
import os
import socket
import subprocess
import time
import urllib.request

BIN = os.environ.get("SPEAKAI_BIN", ".build/debug/speakai")
ENV = {**os.environ, "JWT_SECRET_KEY": "wire-suite-secret-of-at-least-32-bytes"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder, data_name, extra_arguments, log):
    """Starts `speakai serve` with a wire port on a data file in `folder`; returns (process,
    HTTP port, wire port) once /health answers."""
    http_port, mongo_port = free_port(), free_port()
    process = subprocess.Popen(
        [BIN, "serve", "--port", str(http_port), "--mongo-port", str(mongo_port), "--data", os.path.join(folder, data_name),
         "--log-level", "warning", *extra_arguments], env={**ENV, "SPEAKAI_ROOT": folder}, stdout=log, stderr=log)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{http_port}/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return process, http_port, mongo_port


def run_to_exit(folder, arguments):
    """Runs `speakai serve` with `arguments` (expected to stop at start); returns the result."""
    return subprocess.run([BIN, "serve", *arguments], env={**ENV, "SPEAKAI_ROOT": folder}, capture_output=True, text=True, timeout=60)


def stop(process, log):
    """Stops a server `start` made and closes its log."""
    process.terminate()
    process.wait(timeout=30)
    log.close()

#!/usr/bin/env python3
"""Offline speech-to-text for speakai: Whisper "base" (faster-whisper, CTranslate2, int8 on the CPU)
behind the OpenAI-compatible `POST /v1/audio/transcriptions` protocol.

`speakai serve` starts this program, reads the line `LISTENING <port>` from its standard output once
the model is loaded, health-checks `GET /health` and restarts it when it dies. It listens on
loopback only. Every container PyAV/FFmpeg decodes is accepted (WAV, MP3, M4A/AAC, OGG, FLAC, WebM);
the answer is `verbose_json` with the duration and word timings.

Usage: whisper_server.py --model DIR [--host 127.0.0.1] [--port 0] [--threads 2]
"""

import argparse
import email.parser
import email.policy
import io
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 64 << 20
MAX_PROMPT = 1000  # characters of `prompt` passed on


class TooLong(Exception):
    """A recording over the caller's limit: refused before the model spends time on it."""

    def __init__(self, duration):
        super().__init__("duration=%.3f" % duration)
        self.duration = duration


class Engine:
    """One loaded model; transcriptions run one at a time (the model uses every thread given)."""

    def __init__(self, model_dir, threads):
        from faster_whisper import WhisperModel, decode_audio

        started = time.monotonic()
        self.model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=threads)
        self.decode_audio = decode_audio
        self.lock = threading.Lock()
        self.load_seconds = time.monotonic() - started

    def transcribe(self, audio_bytes, language, max_seconds=None, prompt=None):
        try:
            samples = self.decode_audio(io.BytesIO(audio_bytes), sampling_rate=16000)
        except Exception as error:  # PyAV raises many kinds for undecodable input
            raise ValueError("the audio could not be decoded: %s" % (str(error) or type(error).__name__))
        duration = len(samples) / 16000.0
        if max_seconds is not None and duration > max_seconds:
            raise TooLong(duration)
        with self.lock:
            segments, info = self.model.transcribe(
                samples, language=language or None, beam_size=5, word_timestamps=True,
                vad_filter=False, condition_on_previous_text=False, initial_prompt=prompt or None)
            segments = list(segments)
        words = []
        out_segments = []
        for index, segment in enumerate(segments):
            out_segments.append({"id": index, "start": round(segment.start, 3), "end": round(segment.end, 3),
                                 "text": segment.text, "no_speech_prob": segment.no_speech_prob})
            for word in segment.words or []:
                words.append({"word": word.word.strip(), "start": round(word.start, 3), "end": round(word.end, 3)})
        # Whisper invents words in silence; drop segments the model itself marks as no speech.
        heard = [s for s in segments if not (s.no_speech_prob > 0.6 and s.avg_logprob < -1.0)]
        text = "".join(s.text for s in heard).strip()
        if not heard:
            words = []
        return {"task": "transcribe", "language": info.language, "duration": round(duration, 3),
                "text": text, "words": words, "segments": out_segments}


def parse_multipart(content_type, body):
    """The form fields and the uploaded file of a multipart/form-data body."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise ValueError("the body is not multipart/form-data")
    fields, upload = {}, None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if name == "file":
            upload = payload
        elif name:
            fields[name] = payload.decode("utf-8", "replace")
    return fields, upload


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    engine = None

    def log_message(self, fmt, *args):  # keep stdout for the LISTENING line; stderr stays quiet
        pass

    def send_json(self, status, value):
        data = json.dumps(value).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, message):
        self.send_json(status, {"error": {"message": message, "type": "invalid_request_error"}})

    def do_GET(self):
        if self.path == "/health":
            self.send_json(200, {"status": "ok", "model": "whisper-base", "load_seconds": round(self.engine.load_seconds, 3)})
        else:
            self.error(404, "not found")

    def do_POST(self):
        if self.path.rstrip("/") not in ("/v1/audio/transcriptions", "/audio/transcriptions"):
            return self.error(404, "not found")
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            return self.error(413 if length > MAX_BODY else 400, "the body must be 1 byte to 64 MiB")
        body = self.rfile.read(length)
        try:
            fields, upload = parse_multipart(self.headers.get("Content-Type", ""), body)
        except Exception as error:
            return self.error(400, "bad multipart body: %s" % error)
        if not upload:
            return self.error(400, "the form has no file")
        language = (fields.get("language") or "en").split("-")[0].lower()
        try:
            max_seconds = float(fields["max_seconds"]) if fields.get("max_seconds") else None
        except ValueError:
            return self.error(400, "max_seconds must be a number")
        # The OpenAI field `prompt`: Whisper's initial prompt (224 tokens at most are used).
        prompt = (fields.get("prompt") or "")[:MAX_PROMPT] or None
        try:
            result = self.engine.transcribe(upload, language, max_seconds, prompt)
        except TooLong as error:
            return self.error(413, "the recording is too long: duration=%.3f" % error.duration)
        except ValueError as error:
            return self.error(400, str(error))
        if fields.get("response_format") == "text":
            data = result["text"].encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif fields.get("response_format") == "verbose_json":
            self.send_json(200, result)
        else:
            self.send_json(200, {"text": result["text"]})


def exit_when_parent_goes():
    """The parent holds our standard input open; when it ends (even SIGKILLed), so do we."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--stay", action="store_true", help="keep running when standard input closes")
    args = parser.parse_args()
    if not args.stay:
        threading.Thread(target=exit_when_parent_goes, daemon=True).start()
    Handler.engine = Engine(args.model, args.threads)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print("LISTENING %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())

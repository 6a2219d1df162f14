"""A fault-injecting stand-in for an OpenAI-compatible server, on loopback, for the tests.

usage: fake_openai_server.py PORT_FILE LOG_FILE MODE [EXPECTED_KEY]

Binds 127.0.0.1 on a free port and writes the port to PORT_FILE. Every POST (to
/v1/chat/completions or /v1/completions) is appended to LOG_FILE as one JSON line
{"body", "authorization", "path"}.
MODE says how it answers:
  ok         200 with a chat completion whose text is the reply below
  flaky      per distinct body: 429 the first time, 500 the second, then as ok
  down       500, always
  malformed  200 with a body that is no JSON
  slow       as ok, after 3 seconds
The reply text is " R-<n> " (spaces included, to check that replies are stripped), n being the
length in characters of the first message's last text part (on /v1/completions: of the prompt),
so a test can tell which prompt a reply answers.
With EXPECTED_KEY, a request whose Authorization header is not "Bearer EXPECTED_KEY" gets 401.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, log_file, mode = sys.argv[1], sys.argv[2], sys.argv[3]
expected_key = sys.argv[4] if len(sys.argv) > 4 else None
seen = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, payload):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        authorization = self.headers.get("Authorization")
        with lock:
            with open(log_file, "a") as log:
                log.write(json.dumps({"body": json.loads(raw), "authorization": authorization, "path": self.path}) + "\n")
            count = seen.get(raw, 0)
            seen[raw] = count + 1
        if self.path not in ("/v1/chat/completions", "/v1/completions"):
            return self.answer(404, {"error": {"message": "no such route"}})
        if expected_key is not None and authorization != f"Bearer {expected_key}":
            return self.answer(401, {"error": {"message": "bad key"}})
        if mode == "down" or (mode == "flaky" and count == 1):
            return self.answer(500, {"error": {"message": "overloaded"}})
        if mode == "flaky" and count == 0:
            return self.answer(429, {"error": {"message": "slow down"}})
        if mode == "malformed":
            return self.answer(200, b"<html>not json</html>")
        if mode == "slow":
            time.sleep(3)
        body = json.loads(raw)
        if self.path == "/v1/completions":
            return self.answer(200, {
                "id": "fake", "object": "text_completion", "model": body["model"],
                "choices": [{"index": 0, "finish_reason": "stop", "text": f" R-{len(body['prompt'])} "}],
            })
        text = body["messages"][0]["content"][-1]["text"]
        self.answer(200, {
            "id": "fake", "object": "chat.completion", "model": body["model"], "system_fingerprint": "fp-test",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": f" R-{len(text)} "}}],
        })


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file, "w") as file:
    file.write(str(server.server_address[1]))
server.serve_forever()

"""`make bench`'s serving table: mpo-serve's throughput at 1, 8 and 32 concurrent clients, beside
the in-process generator on the same model in the same run (model-bench's sampling figures).

    python3 scripts/bench-serve.py BIN

Each request: a 64 × 64 image (a data URL), a short question, 128 new tokens (`ignore_eos`, as
model-bench decodes past the end of the turn), temperature 1, a seed of its own. New tokens/s
counts the replies' `usage.completion_tokens` over the wall time of all requests.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import base64

sys.path.insert(0, os.path.dirname(__file__))
from tiny_png import png  # noqa: E402

NEW_TOKENS = 128


def main():
    bin_dir = sys.argv[1]
    work = tempfile.mkdtemp(prefix="bench-serve-")
    model = os.path.join(work, "small.mmpr")
    subprocess.run([f"{bin_dir}/mpo-train", "init", "--preset", "small", "--seed", "1", "-o", model], check=True, capture_output=True)
    figures = os.path.join(work, "model-bench.json")
    subprocess.run([f"{bin_dir}/model-bench", "--presets", "small", "--repetitions", "1", "--json", figures], check=True, capture_output=True)
    in_process = json.load(open(figures))["presets"]["small"]

    log = open(os.path.join(work, "serve.log"), "w+")
    server = subprocess.Popen([f"{bin_dir}/mpo-serve", "--model", model, "--port", "0", "--batch-size", "32"], stderr=log)
    url = None
    for _ in range(400):
        log.seek(0)
        found = re.search(r"http://127\.0\.0\.1:\d+/v1", log.read())
        if found:
            url = found.group(0)
            break
        time.sleep(0.05)
    if url is None:
        server.kill()
        sys.exit("bench-serve: mpo-serve did not start")
    image = "data:image/png;base64," + base64.b64encode(png()).decode()

    def ask(seed):
        body = {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": image}},
                                                          {"type": "text", "text": "Describe the bars in the chart."}]}],
                "max_tokens": NEW_TOKENS, "ignore_eos": True, "temperature": 1, "seed": seed}
        request = urllib.request.Request(url + "/chat/completions", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=600) as reply:
            return json.load(reply)["usage"]["completion_tokens"]

    rows = []
    try:
        ask(0)  # warm-up
        for clients in (1, 8, 32):
            per_client = max(2, 64 // clients)
            tokens = [0] * clients
            def client(index):
                for k in range(per_client):
                    tokens[index] += ask(1000 * index + k)
            start = time.perf_counter()
            threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - start
            rows.append((clients, clients * per_client, sum(tokens) / seconds))
    finally:
        server.terminate()
        server.wait()

    print("## mpo-serve (small preset, 128 new tokens per request, 2 threads)\n")
    print("| concurrent clients | requests | served: new tokens/s | in process, batch 1 | in process, batch 16 |")
    print("|---|---|---|---|---|")
    for clients, requests, rate in rows:
        print(f"| {clients} | {requests} | {rate:.0f} | {in_process['sample_b1_tokens_per_s']:.0f} | {in_process['sample_b16_tokens_per_s']:.0f} |")
    print("\nServed figures include HTTP, JSON and the image's decoding; the in-process ones are model-bench's, this run.")


if __name__ == "__main__":
    main()

"""The official `openai` Python package against mpo-serve: a chat with an image, n = 4, and the
same seed twice giving the same texts. Run by MPOServeTests with the venv of `make test`.

usage: openai_client_check.py BASE_URL MODEL_NAME
"""
import base64
import os
import sys

from openai import OpenAI

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
from tiny_png import png  # noqa: E402


def main():
    base_url, model = sys.argv[1], sys.argv[2]
    client = OpenAI(base_url=base_url, api_key="unused")
    listed = [entry.id for entry in client.models.list().data]
    assert listed == [model], listed
    image = "data:image/png;base64," + base64.b64encode(png()).decode()
    messages = [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": image}}, {"type": "text", "text": "Describe the image."}]}]
    first = client.chat.completions.create(model=model, messages=messages, n=4, seed=7, max_tokens=16, temperature=1)
    second = client.chat.completions.create(model=model, messages=messages, n=4, seed=7, max_tokens=16, temperature=1)
    texts = [choice.message.content for choice in first.choices]
    assert len(texts) == 4 and [choice.index for choice in first.choices] == [0, 1, 2, 3], first
    assert texts == [choice.message.content for choice in second.choices], "the same seed gave other texts"
    assert len(set(texts)) > 1, "four choices of one request should differ"
    assert first.usage.completion_tokens > 0 and first.system_fingerprint.startswith("mpo-"), first
    print(f"openai {__import__('openai').__version__}: models {listed}; n=4 with seed 7 twice: the same 4 texts; usage {first.usage.completion_tokens} tokens")


if __name__ == "__main__":
    main()

"""What InternVL's MPO trainer does with a meta file before any model sees the data, written
after its build_datasets and its preference dataset's __getitem__: relative `annotation` and
`root` paths are taken from the working directory (no folder of ours is assumed), the annotation
must be .jsonl, repeat_time >= 1 repeats the lines int(r) times, and each line's image is
os.path.join(root, image), opened as a file.

usage: (cd TRAINING_DIR && python3 internvl_loader.py META_PATH)

Prints one JSON line per example: subset, question, chosen, rejected, and the image's bytes in
hex (or null for a text-only line). Any missing file stops it with a traceback and exit 1, as
the trainer would stop.
"""
import json
import os
import sys


def main():
    with open(sys.argv[1]) as file:
        meta = json.load(file)
    for name, spec in meta.items():
        assert spec["annotation"].endswith("jsonl"), f"{name}: annotation must be jsonl"
        repeat_time = spec["repeat_time"]
        with open(spec["annotation"]) as file:
            lines = file.readlines()
        if repeat_time > 1:
            lines = lines * int(repeat_time)
        for line in lines:
            item = json.loads(line)
            image = None
            if item.get("image"):
                assert item["question"].startswith("<image>\n"), f"{name}: an image line's question needs the <image> placeholder"
                with open(os.path.join(spec["root"], item["image"]), "rb") as file:
                    image = file.read().hex()
            record = {"subset": name, "question": item["question"], "chosen": item["chosen"], "rejected": item["rejected"], "image": image}
            print(json.dumps(record, sort_keys=True))


if __name__ == "__main__":
    main()

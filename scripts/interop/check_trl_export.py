"""Loads `mmpr-pair export-trl`'s folder the way a TRL user does and checks what TRL reads.

usage: (cd BASE && python check_trl_export.py EXPORT_DIR RECORDS_JSONL)

EXPORT_DIR/pairs.jsonl is loaded with the `datasets` package and its "images" column cast to
images, so every path is opened and decoded by Pillow from the base folder. Each row must be
conversational for TRL (trl.data_utils.is_conversational), and TRL's own chat-template step
(maybe_apply_chat_template, with a template that renders image parts as <image>) must give back
the pair's question, chosen and rejected texts, as recorded in the pairs artifact
(RECORDS_JSONL). Finally TRL's DPOConfig must accept the MPO losses and weights. Prints one line
per check; any failure raises.
"""
import json
import sys
import tempfile
import warnings

import datasets
import trl
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from transformers import PreTrainedTokenizerFast
from trl.data_utils import is_conversational, maybe_apply_chat_template

# A chat template in the style of the vision models' own: content is a list of typed parts.
TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>"
    "{% for part in message['content'] %}{% if part['type'] == 'image' %}<image>{% else %}{{ part['text'] }}{% endif %}{% endfor %}"
    "<|end|>{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def main():
    export, records_path = sys.argv[1], sys.argv[2]
    datasets.disable_progress_bars()
    warnings.simplefilter("ignore", FutureWarning)
    with open(records_path) as file:
        records = [json.loads(line) for line in file]
    rows = datasets.load_dataset("json", data_files=f"{export}/pairs.jsonl", split="train")
    image_list = datasets.List(datasets.Image()) if hasattr(datasets, "List") else datasets.Sequence(datasets.Image())
    rows = rows.cast_column("images", image_list)
    assert len(rows) == len(records), f"{len(rows)} rows for {len(records)} pairs"
    print(f"datasets {datasets.__version__}: {len(rows)} rows, columns {sorted(rows.column_names)}")

    tokenizer = PreTrainedTokenizerFast(tokenizer_object=Tokenizer(WordLevel({"[UNK]": 0}, unk_token="[UNK]")), unk_token="[UNK]")
    tokenizer.chat_template = TEMPLATE
    decoded = 0
    for index, (row, record) in enumerate(zip(rows, records)):
        where = f"row {index + 1} ({record['pid']})"
        assert is_conversational(row), f"{where}: TRL does not see a conversational row"
        images = row["images"]
        assert len(images) == (1 if record.get("image") else 0), f"{where}: {len(images)} images"
        for image in images:
            image.load()
            assert image.size[0] > 0 and image.size[1] > 0, f"{where}: an empty image"
            decoded += 1
        text = maybe_apply_chat_template({key: row[key] for key in ("prompt", "chosen", "rejected")}, tokenizer)
        placeholder = "<image>" * len(images)
        assert text["prompt"] == f"<|user|>{placeholder}{record['question']}<|end|><|assistant|>", f"{where}: prompt {text['prompt']!r}"
        assert text["chosen"] == f"{record['chosen']}<|end|>", f"{where}: chosen {text['chosen']!r}"
        assert text["rejected"] == f"{record['rejected']}<|end|>", f"{where}: rejected {text['rejected']!r}"
    print(f"trl {trl.__version__}: every row conversational; prompt, chosen and rejected render to the pairs' texts; {decoded} images decoded")

    with tempfile.TemporaryDirectory() as output:
        config = trl.DPOConfig(output_dir=output, loss_type=["sigmoid", "bco_pair", "sft"], loss_weights=[0.8, 0.2, 1.0], report_to=[], use_cpu=True, bf16=False
        )
    print(f"trl DPOConfig accepts MPO: loss_type {config.loss_type}, loss_weights {config.loss_weights}")


if __name__ == "__main__":
    main()

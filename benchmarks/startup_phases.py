"""Where a worker's start-up time goes: each phase of `handler.py`'s start, timed in a fresh process.

Printed as JSON (seconds per phase) by `python benchmarks/startup_phases.py`; benchmarks/cold_start.py runs it.
"""
import json, time
t0 = time.perf_counter(); phases = {}
def phase(name):
    global t0
    now = time.perf_counter(); phases[name] = round(now - t0, 3); t0 = now

from runpod_worker_kit.startup import quick_cpuinfo      # as handler.py starts
with quick_cpuinfo(): import runpod                   # the SDK, without py-cpuinfo's subprocess
phase('import runpod')
import torch
phase('import torch')
import tokenizers, safetensors.torch                   # the lean encoder's loaders (not transformers: see 01_model)
phase('import tokenizers, safetensors')
from runpod_worker_kit.settings import load_settings
from runpod_worker.spec import EmbedInput, EmbedSettings
from runpod_worker_kit.weights import pick_device
from runpod_worker.model import Embedder, find_model
from runpod_worker_kit import batching, contract, inputs, serving
phase('kit modules (pydantic, inputs, contract, serving)')
settings = load_settings(EmbedSettings)
emb = Embedder(find_model(settings), pick_device(settings.device), settings.half_precision, settings.max_tokens, settings.max_batch_size)
phase('load weights')
emb.embed(['warm-up'])
phase('warm-up encode')
print(json.dumps(phases))

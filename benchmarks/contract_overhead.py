"""Contract overhead per job: validation + response formatting + output guard, against the model call itself.

Run: python benchmarks/contract_overhead.py [--rounds 7] [--n 300] [--json results.json]
Prints medians in microseconds and ratios measured in the same run (the machine is shared and noisy).
Target: overhead under 100 us per job, under 1 % of a batch-1 inference.
"""
import argparse, json, statistics, time
from tqdm import tqdm
from runpod_worker_kit.settings import load_settings
from runpod_worker.spec import EmbedInput, EmbedSettings
from runpod_worker_kit.contract import contract
from runpod_worker.model import embed_response
from runpod_worker.model import load_embedder

def per_call_us(fn, n):
    start = time.perf_counter_ns()
    for _ in range(n): fn()
    return (time.perf_counter_ns() - start) / n / 1000

class Precomputed:
    "The embedder with its model call replaced by a stored result: what is left is the contract's own work"
    def __init__(self, emb, texts): self.__dict__.update(emb.__dict__); self._v = emb.embed(texts)
    def embed(self, texts, normalize=True): return self._v

def main(rounds=7, n=300, out=None):
    settings = load_settings(EmbedSettings)
    emb = load_embedder(settings)
    job = {'id': 'bench', 'input': {'texts': ['The quick brown fox jumps over the lazy dog.']}}
    texts = job['input']['texts']
    full = contract(settings, EmbedInput)(lambda inp: embed_response(inp, emb))
    stored = Precomputed(emb, texts)
    overhead_only = contract(settings, EmbedInput)(lambda inp: embed_response(inp, stored))
    cases = {'model (embed, batch 1)': lambda: emb.embed(texts), 'contract overhead (no model)': lambda: overhead_only(job),
             'handler (contract + model)': lambda: full(job)}
    samples = {k: [] for k in cases}
    for _ in tqdm(range(rounds), desc='rounds'):
        for name, fn in cases.items():  # interleaved, so drift hits every case alike
            samples[name].append(per_call_us(fn, n if 'overhead' in name else max(n // 10, 10)))
    med = {k: statistics.median(v) for k, v in samples.items()}
    model, over, hand = med['model (embed, batch 1)'], med['contract overhead (no model)'], med['handler (contract + model)']
    for k, v in med.items(): print(f'{k:32s} {v:10.1f} us')
    print(f'overhead / model              {over / model:10.2%}   (target < 1 %)')
    print(f'handler / model               {hand / model:10.3f}x')
    print(f'overhead per job              {over:10.1f} us  (target < 100 us: {"met" if over < 100 else "MISSED"})')
    if out: json.dump({'median_us': med, 'overhead_ratio': over / model, 'handler_ratio': hand / model}, open(out, 'w'), indent=2)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rounds', type=int, default=7); ap.add_argument('--n', type=int, default=300); ap.add_argument('--json')
    a = ap.parse_args()
    main(a.rounds, a.n, a.json)

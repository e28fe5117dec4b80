"""The raw model for benchmarks/throughput.py, in a process of its own (as the worker is): reads commands, answers JSON.

`lean` / `bert`: one round of the benchmark's texts in batches of 64 through the worker's lean encoder or Hugging Face's
BertModel: {"rate": texts/s, "cpu_ms": CPU ms per text}. `lean2`: the lean encoder as the worker runs it on a CPU, two
calls at once on two threads, each with its share of torch's threads (for reference: the kit's overhead without the
gain of two calls at once). `one START N`: {"ms": median ms of one sentence at a time}.
Started with the texts' count as its argument; prints `ready` once both models are loaded and warm. Not a worker.
"""
import json, os, statistics, sys, threading, time
import torch, torch.nn.functional as F
from _common import ROOT, sentences
sys.path.insert(0, str(ROOT))
from runpod_worker_kit.settings import load_settings
from runpod_worker.spec import EmbedSettings
from runpod_worker.model import load_embedder, mean_pool

BATCH = 64
BATCHES = {'lean2': 2 * BATCH}   # texts per round step: two calls of 64 at once

class BertModelRaw:
    "Hugging Face's BertModel and tokenizer on the same weights: mean-pooled, normalised embeddings of a batch"
    def __init__(self, path, max_tokens:int):
        from transformers import AutoTokenizer, BertModel
        from transformers.utils import logging as hf_logging
        hf_logging.set_verbosity_error(); hf_logging.disable_progress_bar()  # its load report lists the pooler it leaves out
        self.tok, self.max_tokens = AutoTokenizer.from_pretrained(path), max_tokens
        self.model = BertModel.from_pretrained(path, add_pooling_layer=False).eval()
    @torch.inference_mode()
    def embed(self, texts:list[str])->torch.Tensor:
        b = self.tok(texts, padding=True, truncation=True, max_length=self.max_tokens, return_tensors='pt')
        return F.normalize(mean_pool(self.model(**b).last_hidden_state, b['attention_mask']), dim=1)

def raw_round(embed, texts, batch:int=BATCH)->dict:
    "Texts per second and CPU ms per text (this process, all threads) of `embed` in batches of `batch`"
    cpu0, t0 = time.process_time(), time.perf_counter()
    for i in range(0, len(texts), batch): embed(texts[i:i+batch])
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {'rate': len(texts) / wall, 'cpu_ms': cpu * 1000 / len(texts)}

def two_at_once(embed, threads:int):
    "`embed` run as two calls at once: a function of a batch's texts that splits them over two threads"
    def half(texts):
        torch.set_num_threads(max(1, threads // 2))   # torch keeps the count per thread
        embed(texts)
    def run(texts):
        ts = [threading.Thread(target=half, args=(texts[k::2],)) for k in range(2)]
        for t in ts: t.start()
        for t in ts: t.join()
    return run

def one_sentence_ms(embed, texts, warm:int=3)->float:
    "Median ms of the model alone on one sentence (after `warm` calls: after a pause its threads wake slowly on a busy machine)"
    for t in texts[:warm]: embed([t])
    times = []
    for t in texts:
        start = time.perf_counter(); embed([t]); times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

def main(n:int):
    os.chdir(ROOT)
    texts, settings = sentences(n), load_settings(EmbedSettings)
    emb = load_embedder(settings)
    models = {'lean': emb.embed, 'bert': BertModelRaw(str(emb.source.path), settings.max_tokens).embed,
              'lean2': two_at_once(emb.embed, torch.get_num_threads())}
    for name, f in models.items(): raw_round(f, texts[:BATCHES.get(name, BATCH)], BATCHES.get(name, BATCH))
    print('ready', flush=True)
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == 'one': out = {'ms': one_sentence_ms(emb.embed, texts[int(args[0]):int(args[0]) + int(args[1])])}
        else: out = raw_round(models[cmd], texts[:int(args[0])] if args else texts, BATCHES.get(cmd, BATCH))
        print(json.dumps(out), flush=True)

if __name__ == '__main__': main(int(sys.argv[1]))

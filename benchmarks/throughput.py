"""Throughput and latency through the local RunPod, one worker process of handler.py.

Compares this kit's worker with the kit's job loop (JobLoop) and with the SDK's own loop (job_loop = sdk), the naive
worker (benchmarks/naive_worker.py: sync handler, sentence-transformers, default concurrency) and the raw model in
this process at batch 64. Ratios are measured in the same run (the machine is shared and noisy).

Run: python benchmarks/throughput.py [--jobs 512] [--deep 4096] [--naive-jobs 20] [--rounds 3]
         [--json benchmarks/results/throughput.json] [--plot docs/throughput.png]
Targets: 512 and 4,096 queued one-sentence jobs served at >= 85 % of the raw batch-64 rate; one client, one
sentence at a time: p50 <= the model's own time for one sentence + 10 ms.
"""
import argparse, asyncio, statistics, sys, time
from pathlib import Path
import aiohttp
from tqdm import tqdm
from _common import ROOT, machine, save, sentences
sys.path.insert(0, str(ROOT))
from runpod_worker_kit.settings import load_settings
from runpod_worker.spec import EmbedInput, EmbedSettings
from runpod_worker_kit.emulator import LocalRunPod
from runpod_worker.model import load_embedder

NAIVE = [sys.executable, '-u', str(ROOT / 'benchmarks' / 'naive_worker.py')]

def raw_rate(emb, texts, batch=64)->float:
    "Texts per second of the model alone, in batches of `batch`"
    start = time.perf_counter()
    for i in range(0, len(texts), batch): emb.embed(texts[i:i+batch])
    return len(texts) / (time.perf_counter() - start)

def burst_rate(rp, texts, timeout=900)->float:
    "Jobs per second for one-sentence jobs queued at once: from queueing to the last job's end"
    start = time.monotonic()
    ids = rp.submit(*({'text': t} for t in texts))
    rp.wait(ids, timeout)
    failed = [i for i in ids if rp.jobs[i].status != 'COMPLETED']
    if failed: raise RuntimeError(f'{len(failed)} jobs did not complete: {rp.jobs[failed[0]].status_body()}')
    return len(ids) / (max(rp.jobs[i].finished for i in ids) - start)

async def _clients(url, n_clients, per_client, texts):
    lat = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as s:
        async def client(c):
            for k in range(per_client):
                t0 = time.perf_counter()
                async with s.post(url, json={'input': {'text': texts[(c * per_client + k) % len(texts)]}}) as r:
                    body = await r.json()
                assert body['status'] == 'COMPLETED', body
                lat.append((time.perf_counter() - t0) * 1000)
        start = time.perf_counter()
        await asyncio.gather(*(client(c) for c in range(n_clients)))
        return lat, len(lat) / (time.perf_counter() - start)

def latency(rp, n_clients, per_client, texts)->dict:
    "p50/p95 latency (ms) of /runsync at `n_clients` concurrent clients, and the requests served per second"
    lat, rate = asyncio.run(_clients(f'{rp.api_base}/{rp.endpoint_id}/runsync', n_clients, per_client, texts))
    q = statistics.quantiles(lat, n=20)
    return {'clients': n_clients, 'requests': len(lat), 'p50_ms': round(statistics.median(lat), 1), 'p95_ms': round(q[18], 1), 'rate': round(rate, 1)}

def one_sentence_ms(emb, texts, n=40)->float:
    "Median ms of the model alone on one sentence"
    times = []
    for t in texts[:n]:
        start = time.perf_counter(); emb.embed([t]); times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

def serving(command, label, env=None):
    rp = LocalRunPod(log_dir=None).start()
    rp.add_workers(1, command, cwd=ROOT, env=env)
    rp.wait_ready(300)
    print(f'{label}: worker ready')
    return rp

def main(jobs=512, deep=4096, naive_jobs=20, rounds=3, out=None, plot=None):
    texts = sentences(max(jobs, deep))
    settings = load_settings(EmbedSettings)
    emb = load_embedder(settings)
    res = {'machine': machine(), 'jobs': jobs, 'deep_jobs': deep, 'naive_jobs': naive_jobs,
           'settings': {k: getattr(settings, k) for k in ('max_batch_size', 'max_wait_ms', 'concurrency', 'job_loop')}}

    kit = serving(None, 'kit (JobLoop)', {'WORKER_JOB_LOOP': 'kit'})
    try:
        burst_rate(kit, texts[:128])  # warm-up: first calls of every path
        runs = {k: [] for k in ('raw_batch64_texts_per_s', 'kit_jobs_per_s', 'raw_deep_texts_per_s', 'kit_deep_jobs_per_s')}
        for _ in tqdm(range(rounds), desc=f'{jobs} and {deep} queued jobs, kit vs raw model'):
            for key, run in zip(runs, (lambda: raw_rate(emb, texts[:jobs]), lambda: burst_rate(kit, texts[:jobs]),
                                       lambda: raw_rate(emb, texts[:deep]), lambda: burst_rate(kit, texts[:deep]))):
                runs[key].append(run())   # interleaved, so that a noisy minute hits both sides
        res |= {k: round(statistics.median(v), 1) for k, v in runs.items()}
        res['one_sentence_model_ms'] = round(one_sentence_ms(emb, texts), 1)
        res['kit_latency'] = [latency(kit, c, n, texts) for c, n in tqdm([(1, 60), (8, 15), (64, 6)], desc='kit latency (1, 8, 64 clients)')]
        res['kit_held_most'] = max(w.held_most for w in kit.workers.values())
        res['kit_longest_ping_bytes'] = max(w.longest_ping for w in kit.workers.values())
    finally: kit.stop()

    sdk = serving(None, 'kit with the SDK loop', {'WORKER_JOB_LOOP': 'sdk'})
    try:
        burst_rate(sdk, texts[:128])
        res['sdk_loop_jobs_per_s'] = round(burst_rate(sdk, texts[:jobs]), 1)
        res['sdk_loop_latency'] = [latency(sdk, 1, 30, texts)]
    finally: sdk.stop()

    naive = serving(NAIVE, 'naive')
    try:
        burst_rate(naive, texts[:2])
        res['naive_jobs_per_s'] = round(burst_rate(naive, texts[:naive_jobs]), 2)
        res['naive_latency'] = [latency(naive, 1, 8, texts)]
    finally: naive.stop()

    res['kit_vs_raw'] = round(res['kit_jobs_per_s'] / res['raw_batch64_texts_per_s'], 3)
    res['kit_deep_vs_raw'] = round(res['kit_deep_jobs_per_s'] / res['raw_deep_texts_per_s'], 3)
    res['sdk_loop_vs_raw'] = round(res['sdk_loop_jobs_per_s'] / res['raw_batch64_texts_per_s'], 3)
    res['kit_vs_naive'] = round(res['kit_jobs_per_s'] / res['naive_jobs_per_s'], 1)
    res['one_client_p50_over_model_ms'] = round(res['kit_latency'][0]['p50_ms'] - res['one_sentence_model_ms'], 1)
    print(f"raw model, batch 64 (in process)     {res['raw_batch64_texts_per_s']:8.1f} texts/s ({res['raw_deep_texts_per_s']:.1f} over {deep})")
    print(f"kit worker, JobLoop, {jobs} jobs queued  {res['kit_jobs_per_s']:8.1f} jobs/s = {res['kit_vs_raw']:.1%} of raw (target >= 85 %)")
    print(f"kit worker, JobLoop, {deep} jobs queued {res['kit_deep_jobs_per_s']:8.1f} jobs/s = {res['kit_deep_vs_raw']:.1%} of raw (target >= 85 %)")
    print(f"kit worker, SDK loop, {jobs} jobs queued {res['sdk_loop_jobs_per_s']:8.1f} jobs/s = {res['sdk_loop_vs_raw']:.1%} of raw")
    print(f"naive worker, {naive_jobs} jobs queued         {res['naive_jobs_per_s']:8.2f} jobs/s; kit/naive = {res['kit_vs_naive']:.0f}x")
    print(f"one sentence: model alone {res['one_sentence_model_ms']} ms; kit p50 at 1 client {res['kit_latency'][0]['p50_ms']} ms "
          f"= model + {res['one_client_p50_over_model_ms']} ms (target <= + 10 ms)")
    print(f"kit worker held at most {res['kit_held_most']} jobs; longest ping {res['kit_longest_ping_bytes']:,} bytes")
    for name in ('kit_latency', 'sdk_loop_latency', 'naive_latency'):
        for r in res[name]: print(f"{name[:-8]:9s} {r['clients']:3d} clients: p50 {r['p50_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  {r['rate']:7.1f} req/s")
    save(out, res)
    if plot: draw(res, plot)
    return res

def draw(res, path):
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for name, style in (('kit', 'o-'), ('sdk_loop', 'd:'), ('naive', 's--')):
        pts = res[f'{name}_latency']
        for q, alpha in (('p50_ms', 1.0), ('p95_ms', 0.5)):
            ax.plot([p['rate'] for p in pts], [p[q] for p in pts], style, alpha=alpha, label=f'{name} {q[:3]}')
        for p in pts: ax.annotate(f"{p['clients']} client{'s' if p['clients'] > 1 else ''}", (p['rate'], p['p50_ms']), textcoords='offset points', xytext=(5, -12), fontsize=8)
    ax.axvline(res['raw_batch64_texts_per_s'], color='grey', ls=':', label='raw model, batch 64')
    ax.set(xscale='log', yscale='log', xlabel='requests served per second', ylabel='/runsync latency (ms)',
           title=f"One worker, {res['machine']['cpus']}-CPU {'GPU ' + res['machine']['cuda'] if res['machine']['cuda'] else 'machine'}")
    ax.legend(fontsize=8); fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True); fig.savefig(path, dpi=80)
    print(f'plot written to {path}')

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--jobs', type=int, default=512); p.add_argument('--deep', type=int, default=4096)
    p.add_argument('--naive-jobs', type=int, default=20)
    p.add_argument('--rounds', type=int, default=3); p.add_argument('--json', default='benchmarks/results/throughput.json')
    p.add_argument('--plot', default='docs/throughput.png')
    a = p.parse_args()
    main(a.jobs, a.deep, a.naive_jobs, a.rounds, a.json, a.plot)

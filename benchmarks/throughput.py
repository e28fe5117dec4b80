"""The embeddings worker against the raw model: 512 queued one-sentence jobs and one client, many interleaved rounds.

One worker process of handler.py (settings.ini's defaults, the kit's JobLoop) serves jobs queued in the local RunPod
running in this process; the raw model runs in a process of its own too (benchmarks/raw_model.py: on a busy machine
the model in this process, beside the local RunPod's thread, took twice the CPU per text), in batches of 64: the
worker's own lean encoder called directly, and Hugging Face's BertModel with its tokenizer. Each round times the two raw baselines and one
worker burst back to back (the order alternating), so a noisy minute hits all three; the ratios are per round, and
the report gives their median and spread (IQR, min-max). The baseline is the faster of the two raw models (by median),
each called as a user calls it: one call at a time, over all of torch's threads. For reference, each round also runs the
lean encoder as the worker runs it on a CPU (two calls at once, a core each: `lean, 2 at once`); the worker against
that one is the kit's overhead alone, without the gain of running two calls at once.

Besides wall-clock rates it measures CPU seconds: the worker's (all its processes: handler.py and the SDK's heartbeat)
per job, against the raw model's per text, which a shared machine moves far less than wall time; the batch sizes the
batcher formed (from each job's metadata.batching); and one client's /runsync latency over the model's own time on
one sentence, in interleaved rounds too. Optionally, the SDK's own loop and a naive worker (--compare), a py-spy
profile of the worker during a burst (--profile), and settings to try (--env MAX_WAIT_MS=0, read as WORKER_*).

Run: python benchmarks/throughput.py [--jobs 512] [--rounds 9] [--latency-rounds 7] [--compare]
         [--json benchmarks/results/throughput.json] [--plot docs/throughput.png]
Targets: the worker serves 512 queued one-sentence jobs at >= 0.85x the raw model; one client, one sentence at a
time: p50 <= the model's own time for one sentence + 10 ms.
"""
import argparse, asyncio, json, os, shutil, statistics, subprocess, sys, time
from collections import Counter
from pathlib import Path
import aiohttp, psutil
from tqdm import tqdm
from _common import ROOT, machine, save, sentences
sys.path.insert(0, str(ROOT))
from runpod_worker_kit.settings import load_settings
from runpod_worker_kit.emulator import LocalRunPod
from runpod_worker.spec import EmbedSettings

NAIVE = [sys.executable, '-u', str(ROOT / 'benchmarks' / 'naive_worker.py')]
RAW = {'lean encoder': 'lean', 'BertModel': 'bert'}   # the two raw baselines, by raw_model.py's command
TWO = 'lean, 2 at once'   # for reference: the raw model run as the worker runs it on a CPU (two calls at once)
RAW_RUNS = {**RAW, TWO: 'lean2'}   # every raw run of a round, by raw_model.py's command

def spread(xs:list, nd:int=3)->dict:
    "Median, quartiles and extremes of `xs`"
    q = statistics.quantiles(xs, n=4, method='inclusive') if len(xs) > 1 else [xs[0]] * 3
    return {'median': round(statistics.median(xs), nd), 'q1': round(q[0], nd), 'q3': round(q[2], nd),
            'min': round(min(xs), nd), 'max': round(max(xs), nd), 'n': len(xs)}

def show(s:dict, fmt:str='.3f')->str: return f"{s['median']:{fmt}} (IQR {s['q1']:{fmt}}-{s['q3']:{fmt}}, min-max {s['min']:{fmt}}-{s['max']:{fmt}}, n={s['n']})"

class RawModel:
    "The raw model in a process of its own (benchmarks/raw_model.py), the worker's peer: the same interpreter and threads"
    def __init__(self, n:int):
        self.p = subprocess.Popen([sys.executable, '-u', str(ROOT / 'benchmarks' / 'raw_model.py'), str(n)], cwd=ROOT,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        while (line := self.p.stdout.readline()) and line.strip() != 'ready': pass
        if not line: raise RuntimeError('benchmarks/raw_model.py ended before it was ready')
    def ask(self, *cmd)->dict:
        self.p.stdin.write(' '.join(map(str, cmd)) + '\n'); self.p.stdin.flush()
        return json.loads(self.p.stdout.readline())
    def round(self, name:str, n:int)->dict: return self.ask(name, n)
    def one_sentence_ms(self, start:int, n:int)->float: return self.ask('one', start, n)['ms']
    def close(self): self.p.stdin.close(); self.p.wait(30)

def worker_cpu(pid:int)->dict:
    "CPU seconds (user + system) of process `pid` and its descendants, by pid, and of its main thread (key 'main')"
    out = {}
    try: procs = [psutil.Process(pid)]; procs += procs[0].children(recursive=True)
    except psutil.NoSuchProcess: return out
    for p in procs:
        try: t = p.cpu_times(); out[p.pid] = t.user + t.system
        except psutil.NoSuchProcess: pass
    out['main'] = next((t.user_time + t.system_time for t in procs[0].threads() if t.id == pid), 0.0)
    return out

def cpu_between(before:dict, after:dict)->float:
    "CPU seconds of the worker's processes between two `worker_cpu`s"
    return sum(t - before.get(pid, 0.0) for pid, t in after.items() if pid != 'main')

def batch_sizes(rp, ids)->list[int]:
    "The size of the model call of each one-sentence job (1 + the jobs it shared the call with)"
    return [rp.jobs[i].result['output']['metadata']['batching']['shared_with'] + 1 for i in ids]

def calls_by_size(sizes:list[int])->dict:
    "How many model calls of each size, from the call size each job saw"
    return {s: round(n / s) for s, n in sorted(Counter(sizes).items())}

def burst_round(rp, pid:int, texts, timeout=900)->dict:
    "Jobs per second (queueing to the last job's end), worker CPU per job, queue CPU per job and batch sizes of one burst"
    cpu0, here0, start = worker_cpu(pid), time.process_time(), time.monotonic()
    ids = rp.submit(*({'text': t} for t in texts))
    rp.wait(ids, timeout)
    end = max(rp.jobs[i].finished for i in ids)
    cpu1, here = worker_cpu(pid), time.process_time() - here0
    cpu, loop_cpu = cpu_between(cpu0, cpu1), cpu1['main'] - cpu0['main']
    failed = [i for i in ids if rp.jobs[i].status != 'COMPLETED']
    if failed: raise RuntimeError(f'{len(failed)} jobs did not complete: {rp.jobs[failed[0]].status_body()}')
    sizes = batch_sizes(rp, ids)
    rp.call(lambda: [rp.jobs.pop(i, None) for i in ids])   # the next rounds need no old results (on the server's loop)
    return {'rate': len(ids) / (end - start), 'cpu_ms': cpu * 1000 / len(ids), 'loop_cpu_ms': loop_cpu * 1000 / len(ids),
            'queue_cpu_ms': here * 1000 / len(ids), 'calls': len(sizes) and round(sum(1 / s for s in sizes)), 'sizes': sizes}

async def _clients(url, n_clients, per_client, texts, warm=2):
    lat = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as s:
        async def client(c):
            for k in range(-warm, per_client):   # the first requests open connections: not counted
                t0 = time.perf_counter()
                async with s.post(url, json={'input': {'text': texts[(c * per_client + k) % len(texts)]}}) as r:
                    body = await r.json()
                assert body['status'] == 'COMPLETED', body
                if k >= 0: lat.append((time.perf_counter() - t0) * 1000)
        start = time.perf_counter()
        await asyncio.gather(*(client(c) for c in range(n_clients)))
        return lat, n_clients * (per_client + warm) / (time.perf_counter() - start)

def latency(rp, n_clients, per_client, texts)->dict:
    "p50/p95 latency (ms) of /runsync at `n_clients` concurrent clients, and the requests served per second"
    lat, rate = asyncio.run(_clients(f'{rp.api_base}/{rp.endpoint_id}/runsync', n_clients, per_client, texts))
    q = statistics.quantiles(lat, n=20)
    return {'clients': n_clients, 'requests': len(lat), 'p50_ms': round(statistics.median(lat), 1), 'p95_ms': round(q[18], 1), 'rate': round(rate, 1)}

def serving(command, label, env=None):
    rp = LocalRunPod(log_dir=None).start()
    rp.add_workers(1, command, cwd=ROOT, env=env)
    rp.wait_ready(300)
    print(f'{label}: worker ready')
    return rp

def profile(rp, pid, texts, out:str, bursts:int=3)->str|None:
    "py-spy's collapsed stacks of the worker (all threads, idle included) during `bursts` bursts; the file, or None"
    spy = shutil.which('py-spy') or os.environ.get('PY_SPY')
    if not spy: print('--profile: py-spy not found (pip install py-spy, or PY_SPY=path)'); return None
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    p = subprocess.Popen([spy, 'record', '--pid', str(pid), '--format', 'raw', '--threads', '--idle', '--rate', '250',
                          '--output', out, '--nonblocking'], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.5)
    for _ in range(bursts): burst_round(rp, pid, texts)
    p.send_signal(2); p.wait(60)
    print(f'profile (py-spy, collapsed stacks) written to {out}')
    return out

def burst_vs_raw(rp, pid, raw:RawModel, texts, rounds:int)->dict:
    "Interleaved rounds of each raw baseline and one worker burst; the per-round figures"
    runs = {name: [] for name in [*RAW_RUNS, 'worker']}
    for r in tqdm(range(rounds), desc=f'{len(texts)} queued jobs vs raw, interleaved rounds'):
        order = [*RAW_RUNS, 'worker'] if r % 2 == 0 else ['worker', *reversed(RAW_RUNS)]
        for name in order:
            runs[name].append(burst_round(rp, pid, texts) if name == 'worker' else raw.round(RAW_RUNS[name], len(texts)))
    return runs

def latency_vs_model(rp, raw:RawModel, texts, rounds:int, n:int)->dict:
    "Interleaved rounds of the model alone on one sentence and one client's /runsync: medians in ms, per round"
    model, client = [], []
    for r in tqdm(range(rounds), desc='one client vs the model, interleaved rounds'):
        part = texts[r * n:(r + 1) * n]
        model.append(raw.one_sentence_ms(r * n, n))
        client.append(latency(rp, 1, n, part)['p50_ms'])
    return {'model_ms': model, 'client_ms': client}

def summarise(res:dict, runs:dict, lat:dict):
    "The report's figures from the rounds"
    base = max(RAW, key=lambda n: statistics.median(r['rate'] for r in runs[n]))
    w, b = runs['worker'], runs[base]
    sizes = [s for r in w for s in r['sizes']]
    res['baseline'] = base
    res['rates'] = {n: spread([r['rate'] for r in rs], 1) for n, rs in runs.items()}
    res['cpu_ms'] = {n: spread([r['cpu_ms'] for r in rs], 3) for n, rs in runs.items()}
    res['loop_cpu_ms_per_job'] = spread([r['loop_cpu_ms'] for r in w], 3)
    res['queue_cpu_ms_per_job'] = spread([r['queue_cpu_ms'] for r in w], 3)
    res['worker_vs_raw'] = spread([x['rate'] / y['rate'] for x, y in zip(w, b)])
    res['cpu_efficiency'] = spread([y['cpu_ms'] / x['cpu_ms'] for x, y in zip(w, b)])
    res['worker_vs_raw_two_at_once'] = spread([x['rate'] / y['rate'] for x, y in zip(w, runs[TWO])])
    res['cpu_efficiency_two_at_once'] = spread([y['cpu_ms'] / x['cpu_ms'] for x, y in zip(w, runs[TWO])])
    res['batches'] = {'mean_size': round(len(sizes) / sum(1 / s for s in sizes), 1), 'calls_per_burst': [r['calls'] for r in w],
                      'calls_by_size': calls_by_size(sizes)}
    res['latency'] = {'model_ms': spread(lat['model_ms'], 2), 'client_ms': spread(lat['client_ms'], 2),
                      'over_model_ms': spread([c - m for c, m in zip(lat['client_ms'], lat['model_ms'])], 2)}
    res['runs'] = {n: [{k: round(v, 4) for k, v in r.items() if k != 'sizes'} for r in rs] for n, rs in runs.items()}

def report(res:dict):
    rt, cpu, b = res['rates'], res['cpu_ms'], res['batches']
    print(f"\n{res['jobs']} one-sentence jobs queued at once, {res['rounds']} interleaved rounds (median, IQR, min-max):")
    for n in rt:
        print(f"  {n:12s} {show(rt[n], '.1f')} {'jobs' if n == 'worker' else 'texts'}/s; CPU {cpu[n]['median']:.3f} ms per {'job' if n == 'worker' else 'text'}"
              + ('  <- baseline (faster raw)' if n == res['baseline'] else ''))
    print(f"  worker / raw ({res['baseline']}), per round: {show(res['worker_vs_raw'])}   (target >= 0.85)")
    print(f"  CPU efficiency, raw CPU per text / worker CPU per job: {show(res['cpu_efficiency'])}")
    print(f"  worker / raw run as the worker runs it ({TWO}), per round: {show(res['worker_vs_raw_two_at_once'])}; "
          f"CPU efficiency {show(res['cpu_efficiency_two_at_once'])}")
    print(f"  of the worker's CPU, its main thread (the job loop: HTTP, validation, responses): {res['loop_cpu_ms_per_job']['median']:.3f} ms per job")
    print(f"  local RunPod + client in this process: {res['queue_cpu_ms_per_job']['median']:.3f} ms CPU per job (not the worker's)")
    print(f"  batches: mean {b['mean_size']} texts per model call; calls per burst {b['calls_per_burst']}; calls by size {b['calls_by_size']}")
    lt = res['latency']
    print(f"one client, one sentence per /runsync, {res['latency_rounds']} rounds of {res['latency_requests']}:")
    print(f"  model alone {show(lt['model_ms'], '.2f')} ms; client p50 {show(lt['client_ms'], '.2f')} ms")
    print(f"  client over the model: + {show(lt['over_model_ms'], '.2f')} ms   (target <= + 10)")
    for r in res.get('kit_latency', []) + res.get('sdk_loop_latency', []) + res.get('naive_latency', []):
        print(f"  {r.get('name', 'kit'):9s} {r['clients']:3d} clients: p50 {r['p50_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  {r['rate']:7.1f} req/s")
    for k in ('sdk_loop_jobs_per_s', 'naive_jobs_per_s'):
        if k in res: print(f"  {k}: {res[k]} ({res[k] / rt[res['baseline']]['median']:.3f} of the baseline's median)")

def compare(res, texts, jobs, naive_jobs):
    "The SDK's own loop and the naive worker, one burst each after a warm-up (far from the target: one run suffices)"
    sdk = serving(None, 'kit with the SDK loop', {'WORKER_JOB_LOOP': 'sdk'})
    try:
        burst_round(sdk, sdk.workers['worker-1'].process.pid, texts[:128])
        res['sdk_loop_jobs_per_s'] = round(burst_round(sdk, sdk.workers['worker-1'].process.pid, texts[:jobs])['rate'], 1)
        res['sdk_loop_latency'] = [latency(sdk, 1, 30, texts) | {'name': 'sdk loop'}]
    finally: sdk.stop()
    naive = serving(NAIVE, 'naive')
    try:
        ids = naive.submit(*({'text': t} for t in texts[:2])); naive.wait(ids, 300)
        start = time.monotonic(); ids = naive.submit(*({'text': t} for t in texts[:naive_jobs])); naive.wait(ids, 900)
        res['naive_jobs_per_s'] = round(naive_jobs / (max(naive.jobs[i].finished for i in ids) - start), 2)
        res['naive_latency'] = [latency(naive, 1, 8, texts) | {'name': 'naive'}]
    finally: naive.stop()

def main(jobs=512, rounds=9, latency_rounds=7, latency_requests=20, env=None, compare_others=False, naive_jobs=20,
         profile_out=None, out=None, plot=None):
    n = max(jobs, latency_rounds * latency_requests)
    texts, settings = sentences(n), load_settings(EmbedSettings)
    env = {f"WORKER_{k.upper().removeprefix('WORKER_')}": v for k, v in (env or {}).items()}
    res = {'machine': machine(), 'jobs': jobs, 'rounds': rounds, 'latency_rounds': latency_rounds, 'latency_requests': latency_requests,
           'settings': {k: getattr(settings, k) for k in ('max_batch_size', 'max_wait_ms', 'concurrency', 'job_loop')}, 'env': env,
           'load_average_start': os.getloadavg()}
    raw = RawModel(n)
    kit = serving(None, 'kit worker (JobLoop)', env)
    try:
        pid = kit.workers['worker-1'].process.pid
        for _ in range(2): burst_round(kit, pid, texts[:jobs])  # warm-up: first calls of every path
        for name in RAW_RUNS.values(): raw.round(name, jobs)
        runs = burst_vs_raw(kit, pid, raw, texts[:jobs], rounds)
        lat = latency_vs_model(kit, raw, texts, latency_rounds, latency_requests)
        res['kit_latency'] = [latency(kit, c, n, texts) for c, n in tqdm([(1, 40), (8, 15), (64, 6)], desc='latency at 1, 8, 64 clients')]
        res['kit_held_most'] = max(w.held_most for w in kit.workers.values())
        res['kit_longest_ping_bytes'] = max(w.longest_ping for w in kit.workers.values())
        if profile_out: res['profile'] = profile(kit, pid, texts[:jobs], profile_out)
    finally: kit.stop(); raw.close()
    summarise(res, runs, lat)
    if compare_others: compare(res, texts, jobs, naive_jobs)
    res['load_average_end'] = os.getloadavg()
    report(res)
    save(out, res)
    if plot: draw(res, plot)
    return res

def draw(res, path):
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for name, style in (('kit', 'o-'), ('sdk_loop', 'd:'), ('naive', 's--')):
        if not (pts := res.get(f'{name}_latency')): continue
        for q, alpha in (('p50_ms', 1.0), ('p95_ms', 0.5)):
            ax.plot([p['rate'] for p in pts], [p[q] for p in pts], style, alpha=alpha, label=f'{name} {q[:3]}')
        for p in pts: ax.annotate(f"{p['clients']} client{'s' if p['clients'] > 1 else ''}", (p['rate'], p['p50_ms']), textcoords='offset points', xytext=(5, -12), fontsize=8)
    ax.axvline(res['rates'][res['baseline']]['median'], color='grey', ls=':', label=f"raw model ({res['baseline']}), batch 64")
    ax.set(xscale='log', yscale='log', xlabel='requests served per second', ylabel='/runsync latency (ms)',
           title=f"One worker, {res['machine']['cpus']}-CPU {'GPU ' + res['machine']['cuda'] if res['machine']['cuda'] else 'machine'}")
    ax.legend(fontsize=8); fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True); fig.savefig(path, dpi=80)
    print(f'plot written to {path}')

def _env_pair(s:str)->tuple:
    k, sep, v = s.partition('=')
    if not sep: raise argparse.ArgumentTypeError(f'{s!r}: give KEY=VALUE, e.g. MAX_WAIT_MS=0')
    return k, v

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--jobs', type=int, default=512, help='one-sentence jobs queued at once per burst (default 512)')
    p.add_argument('--rounds', type=int, default=9, help='interleaved raw/worker rounds (default 9)')
    p.add_argument('--latency-rounds', type=int, default=7, help='interleaved model/one-client rounds (default 7)')
    p.add_argument('--latency-requests', type=int, default=20, help='requests (and model calls) per latency round (default 20)')
    p.add_argument('--env', type=_env_pair, action='append', default=[], metavar='KEY=VALUE',
                   help="a worker setting to try, as WORKER_KEY (e.g. MAX_WAIT_MS=0); default: settings.ini's")
    p.add_argument('--compare', action='store_true', help="also the SDK's own loop and the naive worker (one burst each)")
    p.add_argument('--naive-jobs', type=int, default=20)
    p.add_argument('--profile', metavar='FILE', help="py-spy's collapsed stacks of the worker during 3 more bursts")
    p.add_argument('--json', default='benchmarks/results/throughput.json', help="results file ('' for none)")
    p.add_argument('--plot', default='docs/throughput.png', help="latency vs rate plot ('' for none)")
    a = p.parse_args()
    main(a.jobs, a.rounds, a.latency_rounds, a.latency_requests, dict(a.env), a.compare, a.naive_jobs, a.profile, a.json, a.plot)

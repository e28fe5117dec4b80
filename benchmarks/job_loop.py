"""What the job loop costs: a handler that returns at once, served by one worker process through the local RunPod.

Compares the kit's JobLoop with the SDK's JobScaler at the kit's default concurrency (128), and the SDK's loop at
512 (its old setting here) and at 8,192 (never full, so never sleeping: its rate is then its CPU cost). Reports jobs
per second and the worker process's CPU per job (user + system, from /proc), medians of the rounds, interleaved.

Run: python benchmarks/job_loop.py [--jobs 4096] [--rounds 3] [--json benchmarks/results/job_loop.json]
Target: JobLoop >= 3x the SDK's loop in jobs/s per worker process.
"""
import argparse, os, statistics, sys, time
from tqdm import tqdm
from _common import ROOT, machine, save
sys.path.insert(0, str(ROOT))
from runpod_worker_kit.emulator import LocalRunPod

NULL = [sys.executable, '-u', str(ROOT / 'benchmarks' / 'null_worker.py')]
CASES = {'kit, concurrency 128': ('kit', 128), 'sdk, concurrency 128': ('sdk', 128),
         'sdk, concurrency 512': ('sdk', 512), 'sdk, concurrency 8192': ('sdk', 8192)}

def cpu_s(pid:int)->float:
    "User + system CPU seconds of process `pid`"
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

def burst(job_loop, concurrency, jobs)->tuple:
    "(jobs/s, CPU ms per job) of one worker process serving `jobs` queued at once"
    with LocalRunPod(log_dir=None) as rp:
        rp.add_workers(1, NULL, cwd=ROOT, env={'JOB_LOOP': job_loop, 'CONCURRENCY': str(concurrency)})
        rp.wait_ready(120)
        rp.wait(rp.submit(*({'i': i} for i in range(256))), 120)   # warm-up
        pid = rp.workers['worker-1'].process.pid
        cpu0, t0 = cpu_s(pid), time.monotonic()
        ids = rp.submit(*({'i': i} for i in range(jobs)))
        rp.wait(ids, 600)
        rate = jobs / (max(rp.jobs[i].finished for i in ids) - t0)
        return rate, (cpu_s(pid) - cpu0) * 1000 / jobs

def main(jobs=4096, rounds=3, out=None):
    runs = {name: [] for name in CASES}
    for _ in tqdm(range(rounds), desc=f'{jobs} jobs that return at once, {len(CASES)} loops'):
        for name, (job_loop, concurrency) in CASES.items(): runs[name].append(burst(job_loop, concurrency, jobs))
    res = {'machine': machine(), 'jobs': jobs, 'rounds': rounds, 'cases': {}}
    for name, rs in runs.items():
        res['cases'][name] = {'jobs_per_s': round(statistics.median(r[0] for r in rs), 1), 'cpu_ms_per_job': round(statistics.median(r[1] for r in rs), 3)}
    kit = res['cases']['kit, concurrency 128']['jobs_per_s']
    for name, r in res['cases'].items():
        r['kit_vs_this'] = round(kit / r['jobs_per_s'], 2)
        print(f"{name:24s} {r['jobs_per_s']:8.1f} jobs/s  {r['cpu_ms_per_job']:6.3f} ms CPU/job  kit/this = {r['kit_vs_this']:.2f}x")
    save(out, res)
    return res

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--jobs', type=int, default=4096); p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--json', default='benchmarks/results/job_loop.json')
    a = p.parse_args()
    main(a.jobs, a.rounds, a.json)

"""Cold start: process start -> first job completed, for this kit's worker, the naive worker and the floor.

Each worker process starts with one job already queued in the local RunPod and is timed until that job ends; the
floor (benchmarks/floor.py) imports torch and transformers, loads the weights and embeds one text, without runpod.
Rounds are interleaved and medians compared (the machine is shared and noisy). The kit's start-up is also shown
phase by phase (benchmarks/startup_phases.py).

Run: python benchmarks/cold_start.py [--rounds 3] [--json benchmarks/results/cold_start.json]
Targets: kit <= 0.65 x naive, kit <= 1.15 x floor.
"""
import argparse, json, statistics, subprocess, sys, time
from tqdm import tqdm
from _common import ROOT, machine, save
sys.path.insert(0, str(ROOT))
from runpod_worker_kit.emulator import LocalRunPod

def first_job(command)->float:
    "Seconds from starting a worker process to the end of the job that was waiting for it"
    with LocalRunPod() as rp:
        [job] = rp.submit({'text': 'hello'})
        start = time.monotonic()
        rp.add_workers(1, command, cwd=ROOT)
        rp.wait([job], 300)
        if rp.jobs[job].status != 'COMPLETED': raise RuntimeError(f'cold-start job failed: {rp.jobs[job].status_body()}')
        return rp.jobs[job].finished - start

def floor()->float:
    start = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'floor.py')], cwd=ROOT, check=True)
    return time.monotonic() - start

def phases()->dict:
    out = subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'startup_phases.py')], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])

def main(rounds=3, out=None):
    cases = {'kit': lambda: first_job(None), 'naive': lambda: first_job([sys.executable, '-u', 'benchmarks/naive_worker.py']), 'floor': floor}
    times = {k: [] for k in cases}
    for _ in tqdm(range(rounds), desc='cold starts (kit, naive, floor)'):
        for name, run in cases.items(): times[name].append(run())  # interleaved, so drift hits every case alike
    med = {k: round(statistics.median(v), 3) for k, v in times.items()}
    prof = [phases() for _ in range(rounds)]
    prof = {k: round(statistics.median(p[k] for p in prof), 3) for k in prof[0]}
    res = {'machine': machine(), 'rounds': rounds, 'seconds': times, 'median_s': med, 'kit_phases_s': prof,
           'kit_vs_naive': round(med['kit'] / med['naive'], 3), 'kit_vs_floor': round(med['kit'] / med['floor'], 3)}
    for k, v in med.items(): print(f'{k:6s} process start -> first job done {v:6.2f} s   (runs: {", ".join(f"{t:.2f}" for t in times[k])})')
    print(f"kit/naive = {res['kit_vs_naive']:.2f} (target <= 0.65)   kit/floor = {res['kit_vs_floor']:.2f} (target <= 1.15)")
    print('kit start-up by phase (median, s):')
    for k, v in prof.items(): print(f'  {k:42s} {v:6.3f}')
    save(out, res)
    return res

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--rounds', type=int, default=3); p.add_argument('--json', default='benchmarks/results/cold_start.json')
    a = p.parse_args()
    main(a.rounds, a.json)

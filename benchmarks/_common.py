"Shared by the benchmarks (not a benchmark): sentences, the project root, results files, machine facts."
import json, os, platform, subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ('the quick brown fox jumps over a lazy dog while seven small birds sing about rain on the old stone '
         'bridge near a quiet river where children play every summer afternoon').split()

def sentences(n:int)->list[str]:
    "n distinct short sentences (5 to 16 words), the same every run"
    return [' '.join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(5 + i % 12)) + f' ({i}).' for i in range(n)]

def machine()->dict:
    import torch
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {'commit': commit, 'python': platform.python_version(), 'cpus': os.cpu_count(), 'torch': torch.__version__,
            'torch_threads': torch.get_num_threads(), 'cuda': torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}

def save(path, data):
    if not path: return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, indent=1) + '\n')
    print(f'results written to {path}')

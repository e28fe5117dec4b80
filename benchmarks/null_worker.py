"A worker whose handler returns at once: what the job loop itself costs (benchmarks/job_loop.py). JOB_LOOP=kit|sdk, CONCURRENCY=N."
import os
from runpod_worker_kit.startup import quick_cpuinfo
with quick_cpuinfo(): import runpod
from runpod_worker_kit.job_loop import use_job_loop

async def handler(job): return {'ok': True}

if __name__ == '__main__':
    concurrency = int(os.environ.get('CONCURRENCY', '128'))
    use_job_loop(os.environ.get('JOB_LOOP', 'kit'), 'INFO', concurrency)
    runpod.serverless.start({'handler': handler, 'concurrency_modifier': lambda _: concurrency})

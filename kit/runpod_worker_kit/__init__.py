"runpod-worker-kit: a notebook-first kit for RunPod serverless workers"
__version__ = "0.5.0"
RUNPOD_SDK = "1.12.0"   # the runpod SDK release this kit is built and tested against (pinned in requirements.txt)

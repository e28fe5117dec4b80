"runpod-worker: a RunPod serverless worker"
__version__ = "0.1.0"

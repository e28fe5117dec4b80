# syntax=docker/dockerfile:1
# runpod-worker: one image, two modes (start.sh). By default the RunPod serverless worker; with MODE=pod, JupyterLab
# on a RunPod pod for notebook development. Layers: base -> python -> dependencies -> app, so a code change rebuilds
# only the last one. Owned by the template (runpod-worker update re-renders it, keeping your edits); checked without
# a Docker engine by the kit's container checks (hadolint, an emulation that runs the CMD on every example job).
#
# CUDA, one decision kept in three places (a test compares them):
#   torch     requirements.txt pins PyPI's torch==2.13.0 (a worker that uses torch), a CUDA 13.0 build with its own CUDA libraries;
#   base      RunPod's CUDA 13.0 base image below;
#   endpoint  settings.ini [deploy] allowed_cuda_versions = 13.0 (hosts whose driver runs CUDA 13).

# --- base: RunPod's base image (Ubuntu 24.04, CUDA 13.0, uv, JupyterLab and /start.sh for pods) ---
FROM runpod/base:1.0.7-cuda1300-ubuntu2404 AS base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /
# Extension point: system packages your model needs (pin them, hadolint DL3008).
# RUN apt-get update \
#  && apt-get install -y --no-install-recommends ffmpeg=7:6.1.* \
#  && rm -rf /var/lib/apt/lists/*

# --- python: a venv of its own (no PEP 668 conflicts with the system Python), byte-compiled installs ---
FROM base AS python
ARG PYTHON_VERSION=3.12
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PYTHONUNBUFFERED=1
RUN uv venv --python "$PYTHON_VERSION" "$VIRTUAL_ENV"

# --- dependencies: the kit's run-time half (its wheel in vendor/, hash-pinned) and the worker's pins, then the
# packages installed without their dependencies (pins the worker cannot live with, or dependencies it never imports).
FROM python AS dependencies
WORKDIR /app
COPY requirements-kit.txt requirements.txt requirements-nodeps.txt /app/
COPY vendor/ /app/vendor/
RUN uv pip install --no-cache -r requirements-kit.txt -r requirements.txt \
 && uv pip install --no-cache --no-deps -r requirements-nodeps.txt

# --- app: the exported worker (handler.py and the runpod_worker package), offline; plus the notebooks and project
# files for pod mode ---
FROM dependencies AS app
ENV HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/runpod-volume/huggingface-cache \
    MODE=serverless
# Extension point: bake your own weights into the image and point the worker at them.
# COPY models/ /app/models/
# ENV MODEL_PATH=/app/models/my-model
# Extension point: extra configuration files.
# COPY config/ /app/config/
COPY settings.ini handler.py test_input.json start.sh /app/
COPY runpod_worker/ /app/runpod_worker/
# Pod mode copies /app to the volume and installs it editable with its dev tools (start.sh).
COPY pyproject.toml requirements-kit-dev.txt requirements-dev.txt README.md input_schema.json playground.ipynb .runpod-worker.yml /app/
COPY .runpod/ /app/.runpod/
COPY nbs/ /app/nbs/
CMD ["/app/start.sh"]

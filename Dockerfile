# syntax=docker/dockerfile:1
# runpod-worker: one image, two modes (start.sh). By default the RunPod serverless worker; with MODE=pod,
# JupyterLab on a RunPod pod for notebook development. Layers: base -> python -> dependencies -> app, so a code
# change rebuilds only the last one. Checked without a Docker engine by nbs/kit/20_container.ipynb (hadolint, an
# emulation that runs the CMD on every example job, and an opt-in buildah build).
#
# CUDA, one decision kept in three places (a test compares them):
#   torch     requirements.txt pins PyPI's torch==2.13.0, a CUDA 13.0 build that brings its own CUDA libraries;
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

# --- dependencies: the kit's pins and the worker's, then the packages installed without their dependencies ---
# requirements-nodeps.txt holds packages whose declared dependencies the worker must not get: pins it cannot live
# with (a package pinning an old torch) or dependencies it never imports. pip, .ci/run and start.sh do the same.
FROM python AS dependencies
COPY requirements-kit.txt requirements.txt requirements-nodeps.txt /app/
RUN uv pip install --no-cache -r /app/requirements-kit.txt -r /app/requirements.txt \
 && uv pip install --no-cache --no-deps -r /app/requirements-nodeps.txt

# --- app: the exported worker (handler.py, the kit in runpod_worker/kit/, the worker in runpod_worker/worker/),
# offline; plus the notebooks (the worker's in nbs/, the kit's in nbs/kit/) for pod mode ---
FROM dependencies AS app
ENV HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/runpod-volume/huggingface-cache \
    MODE=serverless
WORKDIR /app
# Extension point: bake your own weights into the image and point the worker at them.
# COPY models/ /app/models/
# ENV MODEL_PATH=/app/models/my-model
# Extension point: extra configuration files.
# COPY config/ /app/config/
COPY settings.ini handler.py test_input.json start.sh /app/
COPY runpod_worker/ /app/runpod_worker/
# Pod mode copies /app to the volume and installs it editable with its dev tools (start.sh).
COPY pyproject.toml requirements-kit-dev.txt requirements-dev.txt README.md input_schema.json playground.ipynb /app/
COPY .runpod/ /app/.runpod/
COPY nbs/ /app/nbs/
CMD ["/app/start.sh"]

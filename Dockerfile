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

# --- base: RunPod's base image (Ubuntu 24.04, CUDA 13.0, uv, JupyterLab and /start.sh for pods), pinned by its
# digest, with the tag beside it for the reader (and the CUDA checks): a tag can be moved, a digest cannot. To take a
# newer base, change both (`docker buildx imagetools inspect runpod/base:TAG` prints the digest). ---
ARG BASE_IMAGE=runpod/base:1.0.7-cuda1300-ubuntu2404@sha256:5056a1432409049b116029f2ed8526ea7fc0f041dbee2173ecb44a65d9a8035e
FROM ${BASE_IMAGE} AS base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /
# The unprivileged account serverless mode runs handler.py as (start.sh switches to it by its uid). The container
# starts as root, as pod mode needs: the base image's /start.sh starts nginx and SSH.
RUN useradd --no-log-init --create-home --uid 10001 --user-group --shell /usr/sbin/nologin worker
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

# --- dependencies: the kit's run-time half, every package hash-checked (its wheel in vendor/ by the sha256 in
# requirements-kit.txt, its dependencies by requirements-kit.lock); then the worker's pins, which may not move the
# kit's (the lock is their constraint); then the packages installed without their dependencies (pins the worker
# cannot live with, or dependencies it never imports).
FROM python AS dependencies
WORKDIR /app
COPY requirements-kit.txt requirements-kit.lock requirements.txt requirements-nodeps.txt /app/
COPY vendor/ /app/vendor/
RUN uv pip install --no-cache --require-hashes -r requirements-kit.txt -r requirements-kit.lock \
 && uv pip install --no-cache -r requirements.txt -c requirements-kit.lock \
 && uv pip install --no-cache --no-deps -r requirements-nodeps.txt

# --- app: the exported worker (handler.py and the runpod_worker package), offline; plus the notebooks and project
# files for pod mode ---
FROM dependencies AS app
ENV HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/runpod-volume/huggingface-cache \
    MODE=serverless \
    SERVERLESS_UID=10001
# Extension point: bake your own weights into the image and point the worker at them.
# COPY models/ /app/models/
# ENV MODEL_PATH=/app/models/my-model
# Extension point: extra configuration files.
# COPY config/ /app/config/
COPY settings.ini handler.py test_input.json start.sh /app/
COPY runpod_worker/ /app/runpod_worker/
# Pod mode copies /app to the volume and, on a container's first start, installs its dev tools (start.sh).
COPY pyproject.toml requirements-kit-dev.txt requirements-dev.txt README.md input_schema.json playground.ipynb .runpod-worker.yml /app/
COPY .runpod/ /app/.runpod/
COPY nbs/ /app/nbs/
# Serverless mode runs handler.py as uid SERVERLESS_UID (the worker account above; empty: the container's user).
# It reads /app, the venv and the model the image carries, and HF_HOME on the network volume (/runpod-volume, when
# one is attached: RunPod's cached models are readable by all); it writes only to /tmp and its home. A worker that
# writes to the volume needs that folder writable by uid 10001 (chown it from a pod) or SERVERLESS_UID="".
CMD ["/app/start.sh"]

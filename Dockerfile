# syntax=docker/dockerfile:1
# runpod-worker: one image, two modes (start.sh). By default the RunPod serverless worker; with MODE=pod, JupyterLab
# on a RunPod pod for notebook development (build that image with --target pod: it adds the development tools).
# Layers: base -> python -> dependencies -> app (-> pod), so a code change rebuilds only the last one. Owned by the template (runpod-worker update re-renders it, keeping your edits); checked without
# a Docker engine by the kit's container checks (hadolint, an emulation that runs the CMD on every example job).
#
# CUDA, one decision kept in three places (a test compares them); CUDA 12.8 by default, 13.0 with one build argument
# (docker build --build-arg CUDA=cu130 .):
#   torch     requirements.txt pins torch==2.13.0 (a worker that uses torch); uv installs that version's build for the
#             image's CUDA from PyTorch's own index (UV_TORCH_BACKEND below: cu128, or cu130), CUDA libraries included;
#   base      RunPod's base image of the same CUDA (the base-cu128 or base-cu130 stage below);
#   endpoint  settings.ini [deploy] allowed_cuda_versions = 12.8,12.9,13.0 for cu128 (hosts whose driver runs 12.8 or
#             newer: most of RunPod's), 13.0 for cu130 (fewer hosts).
ARG CUDA=cu128

# --- base: RunPod's base image (Ubuntu 24.04, CUDA, uv, JupyterLab and /start.sh for pods), one stage per CUDA build,
# each pinned by its digest, with the tag beside it for the reader (and the CUDA checks): a tag can be moved, a digest
# cannot. To take a newer base, change both (`docker buildx imagetools inspect runpod/base:TAG` prints the digest).
# The CUDA 12.8 digest is the one public RunPod projects pin for this tag, not checked against the registry here.
# Only the stage that CUDA names is built (BuildKit). ---
ARG BASE_CU128=runpod/base:1.0.7-cuda1281-ubuntu2404@sha256:abd8ebde05b7027fb95913aefbcb9a236381633a481962877f658c2ed721fc37
ARG BASE_CU130=runpod/base:1.0.7-cuda1300-ubuntu2404@sha256:5056a1432409049b116029f2ed8526ea7fc0f041dbee2173ecb44a65d9a8035e
FROM ${BASE_CU128} AS base-cu128
ENV UV_TORCH_BACKEND=cu128
FROM ${BASE_CU130} AS base-cu130
ENV UV_TORCH_BACKEND=cu130
# base-${CUDA} is one of the two stages above, which hadolint cannot tell from an untagged image:
# hadolint ignore=DL3006
FROM base-${CUDA} AS base
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
# cannot live with, or dependencies it never imports). torch, torchvision and torchaudio come from PyTorch's own index,
# built for the base's CUDA (UV_TORCH_BACKEND; the base's uv, copied from uv's own image when RunPod built the base
# in 2026, has had it since 0.7.14).
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
COPY pyproject.toml requirements-kit-dev.txt requirements-dev.txt README.md input_schema.json playground.ipynb .runpod-worker.yml /app/
COPY .runpod/ /app/.runpod/
COPY nbs/ /app/nbs/
# Serverless mode runs handler.py as uid SERVERLESS_UID (the worker account above; empty: the container's user).
# It reads /app, the venv and the model the image carries, and HF_HOME on the network volume (/runpod-volume, when
# one is attached: RunPod's cached models are readable by all); it writes only to /tmp and its home. A worker that
# writes to the volume needs that folder writable by uid 10001 (chown it from a pod) or SERVERLESS_UID="".
CMD ["/app/start.sh"]

# --- pod: the image for notebook development on a RunPod pod (docker build --target pod -t .../runpod-worker:0.1.0-pod .):
# the app plus the development tools (the kit's dev half with JupyterLab and nbdev, the worker's [dev] extra), so a pod
# starts in seconds; and the whole project (less .dockerignore), which start.sh copies to the volume once as a git
# repository. start.sh installs at start only what a changed requirements file adds. ---
FROM app AS pod
ENV MODE=pod
RUN UV_NO_CACHE=1 MODE=pod-build /app/start.sh
COPY . /app/

# --- serverless: the default target (the last stage), the app without the development tools ---
FROM app AS serverless

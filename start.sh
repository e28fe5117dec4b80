#!/usr/bin/env bash
# The worker's start command, one image in two modes:
#   MODE=serverless (default)  the RunPod serverless worker: python -u handler.py (extra arguments pass through)
#   MODE=pod                   notebook development on a RunPod pod: the project is copied once to the volume
#                              ($RP_WORKSPACE/runpod-worker, /workspace by default), installed editable with its dev
#                              tools (JupyterLab among them; nbdev-export works there) and then requirements-nodeps.txt
#                              without dependencies (as the image and pip do), its venv registered as a
#                              Jupyter kernel, the project root put on PYTHONPATH (so notebooks in nbs/ can
#                              `import handler`, as under nbdev-test), then the base image's /start.sh starts
#                              JupyterLab on port 8888 (token: JUPYTER_PASSWORD), SSH and nginx, as on any RunPod pod.
set -euo pipefail
app_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${MODE:-serverless}" in
  serverless)
    exec python -u "$app_dir/handler.py" "$@" ;;
  pod)
    if [ -z "${JUPYTER_PASSWORD:-}" ]; then
      echo "start.sh: MODE=pod needs JUPYTER_PASSWORD, the JupyterLab token (set it on the pod)" >&2; exit 2
    fi
    project="${RP_WORKSPACE:-/workspace}/runpod-worker"
    if [ ! -e "$project" ]; then
      mkdir -p "$(dirname "$project")" && cp -a "$app_dir/." "$project"
      echo "start.sh: copied the project to $project (edits there survive pod restarts)"
    fi
    (cd "$project" && uv pip install -r requirements-kit-dev.txt -e ".[dev]")
    uv pip install --no-deps -r "$project/requirements-nodeps.txt"
    export PYTHONPATH="$project${PYTHONPATH:+:$PYTHONPATH}"
    python -m ipykernel install --user --name runpod-worker --display-name "runpod-worker ($VIRTUAL_ENV)"
    exec "${BASE_START:-/start.sh}" ;;
  *)
    echo "start.sh: MODE must be 'serverless' or 'pod', got '${MODE}'" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The worker's start command, one image in two modes:
#   MODE=serverless (default)  the RunPod serverless worker: python -u handler.py (extra arguments pass through), as
#                              the unprivileged uid SERVERLESS_UID (the image's `worker` account; no new privileges)
#                              when the container starts as root; SERVERLESS_UID="" keeps the container's user
#   MODE=pod                   notebook development on a RunPod pod, as root (the base image's /start.sh starts nginx
#                              and SSH): the project is copied once to the volume ($RP_WORKSPACE/runpod-worker,
#                              /workspace by default); on the first start of a container, and again only when a
#                              requirements file or pyproject.toml changes, it is installed editable with its dev tools
#                              (JupyterLab among them; nbdev-export works there; the run-time packages are already in
#                              the image) and then requirements-nodeps.txt without dependencies (as the image and pip
#                              do); its venv is registered as a Jupyter kernel, the project root put on PYTHONPATH (so
#                              notebooks in nbs/ can `import handler`, as under nbdev-test), then the base image's
#                              /start.sh starts JupyterLab on port 8888 (token: JUPYTER_PASSWORD, at least 16
#                              characters), SSH and nginx, as on any RunPod pod.
set -euo pipefail
app_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
min_token=16

run_as_worker() {  # for good: no groups, no new privileges (a setuid program cannot take root back)
  HOME="$(getent passwd "$SERVERLESS_UID" | cut -d: -f6)" || true
  export HOME="${HOME:-/tmp}"
  exec setpriv --reuid="$SERVERLESS_UID" --regid="$SERVERLESS_UID" --clear-groups --no-new-privs -- python -u "$app_dir/handler.py" "$@"
}

check_token() {
  local token="${JUPYTER_PASSWORD:-}"
  if [ "${#token}" -lt "$min_token" ] || [[ "$token" =~ [[:space:]] ]]; then
    echo "start.sh: MODE=pod needs JUPYTER_PASSWORD, the JupyterLab token: at least $min_token characters, no spaces (set it on the pod; e.g. openssl rand -hex 16)" >&2
    exit 2
  fi
}

install_dev() {  # the dev half, once per container (the marker lives in the venv, on the container's disk)
  local project="$1" marker="$VIRTUAL_ENV/.pod-dev-installed" wanted
  wanted="$(cd "$project" && { echo "$project"; cat requirements-kit-dev.txt requirements-kit.txt requirements.txt requirements-dev.txt requirements-nodeps.txt pyproject.toml; } | sha256sum)"
  if [ "$(cat "$marker" 2>/dev/null)" = "$wanted" ]; then return; fi
  (cd "$project" && uv pip install -r requirements-kit-dev.txt -e ".[dev]")
  uv pip install --no-deps -r "$project/requirements-nodeps.txt"
  echo "$wanted" > "$marker"
  echo "start.sh: installed the development tools; later starts of this container skip it until a requirements file changes"
}

case "${MODE:-serverless}" in
  serverless)
    if [ -n "${SERVERLESS_UID:-}" ] && [ "$(id -u)" = 0 ]; then run_as_worker "$@"; fi
    exec python -u "$app_dir/handler.py" "$@" ;;
  pod)
    check_token
    project="${RP_WORKSPACE:-/workspace}/runpod-worker"
    if [ ! -e "$project" ]; then
      mkdir -p "$(dirname "$project")" && cp -a "$app_dir/." "$project"
      echo "start.sh: copied the project to $project (edits there survive pod restarts)"
    fi
    install_dev "$project"
    export PYTHONPATH="$project${PYTHONPATH:+:$PYTHONPATH}"
    python -m ipykernel install --user --name runpod-worker --display-name "runpod-worker ($VIRTUAL_ENV)"
    exec "${BASE_START:-/start.sh}" ;;
  *)
    echo "start.sh: MODE must be 'serverless' or 'pod', got '${MODE}'" >&2; exit 2 ;;
esac

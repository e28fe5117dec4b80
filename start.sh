#!/usr/bin/env bash
# The worker's start command, one image in two modes:
#   MODE=serverless (default)  the RunPod serverless worker: python -u handler.py (extra arguments pass through), as
#                              the unprivileged uid SERVERLESS_UID (the image's `worker` account; no new privileges)
#                              when the container starts as root; SERVERLESS_UID="" keeps the container's user
#   MODE=pod                   notebook development on a RunPod pod, as root (the base image's /start.sh starts nginx
#                              and SSH). On the first start the project is copied to the volume
#                              ($RP_WORKSPACE/runpod-worker, /workspace by default) as a git repository (one commit of
#                              what the image carried); later starts leave it, its history and your edits alone.
#                              The image's `pod` stage holds the development tools (JupyterLab, nbdev, the kit's dev
#                              half, the worker's [dev] extra), so a start installs nothing unless a requirements file
#                              of the copy differs from the image's (then uv installs the difference, one line says
#                              so). The project's Python is JupyterLab's only kernel (named python3, as the notebooks
#                              ask), with the project root on PYTHONPATH (notebooks in nbs/ can `import handler`, as
#                              under nbdev-test); JupyterLab opens in the project. Then the base image's /start.sh
#                              starts JupyterLab on port 8888 (token: JUPYTER_PASSWORD, at least 16 characters), SSH
#                              and nginx, as on any RunPod pod.
#   MODE=pod-build             the Dockerfile's `pod` stage: installs the development tools into the image's venv and
#                              records the requirement files it installed them from
set -euo pipefail
app_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
min_token=16
requirements=(requirements-kit.txt requirements-kit-dev.txt requirements.txt requirements-dev.txt requirements-nodeps.txt)
installed="$app_dir/.pod-requirements.sha256"  # the requirement files the venv's development tools came from

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

install_dev() {  # in a project's folder (its requirement files name the kit's wheels relative to it): what uv lacks of them
  uv pip install -q -r requirements-kit-dev.txt -r requirements.txt -r requirements-dev.txt
  uv pip install -q --no-deps -r requirements-nodeps.txt
  sha256sum "${requirements[@]}" > "$installed"
}

install_changed() {  # in the project's folder: nothing when its requirement files are those the venv was built from
  local changed
  changed="$(sha256sum --check --quiet "$installed" 2>/dev/null | cut -d: -f1 | xargs)" || true
  if [ -f "$installed" ] && [ -z "$changed" ]; then return; fi
  echo "start.sh: ${changed:-the development tools are not in this image (build its pod stage)}: installing what the venv lacks (uv pip install)"
  install_dev
}

new_checkout() {  # the image's project, copied to the volume once, as a git repository
  local project="$1"
  mkdir -p "$project" && cp -a "$app_dir/." "$project" && rm -f "$project/${installed##*/}"
  echo "start.sh: copied the project to $project (edits there survive pod restarts)"
}

init_git() {  # one commit of what the image carried; the author from GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else a neutral one
  local project="$1"
  command -v git >/dev/null || { echo "start.sh: no git in the image: $project is not a repository"; return; }
  git -C "$project" init -q
  git -C "$project" config user.name >/dev/null || git -C "$project" config user.name "${GIT_AUTHOR_NAME:-runpod-worker pod}"
  git -C "$project" config user.email >/dev/null || git -C "$project" config user.email "${GIT_AUTHOR_EMAIL:-pod@localhost}"
  git -C "$project" add -A && git -C "$project" commit -q -m "runpod-worker as the image carried it"
  echo "start.sh: $project is a git repository (nbdev-install-hooks there installs nbdev's hooks)"
}

jupyter_in_project() {  # one kernel, the project's (it shadows the venv's python3), and JupyterLab opening in the project
  local project="$1" config="${HOME:-/root}/.jupyter/jupyter_server_config.d"
  export JUPYTER_PREFER_ENV_PATH=0  # the user's kernels and config before the venv's
  python -m ipykernel install --user --name python3 --display-name "runpod-worker" --env PYTHONPATH "$PYTHONPATH" >/dev/null
  mkdir -p "$config" && printf '{"FileContentsManager": {"preferred_dir": "%s"}}\n' "$project" > "$config/runpod-worker.json"
  # a terminal opened without a folder starts in JupyterLab's (the base image starts it in /): go to the project
  grep -qsF "# runpod-worker: terminals" "${HOME:-/root}/.bashrc" || echo "[ \"\$PWD\" = / ] && cd \"$project\"  # runpod-worker: terminals start in the project" >> "${HOME:-/root}/.bashrc"
}

case "${MODE:-serverless}" in
  serverless)
    if [ -n "${SERVERLESS_UID:-}" ] && [ "$(id -u)" = 0 ]; then run_as_worker "$@"; fi
    exec python -u "$app_dir/handler.py" "$@" ;;
  pod-build)
    cd "$app_dir" && install_dev ;;
  pod)
    check_token
    project="${RP_WORKSPACE:-/workspace}/runpod-worker"
    [ -e "$project" ] || new_checkout "$project"
    [ -e "$project/.git" ] || init_git "$project"
    (cd "$project" && install_changed)
    export PYTHONPATH="$project${PYTHONPATH:+:$PYTHONPATH}"
    jupyter_in_project "$project"
    exec "${BASE_START:-/start.sh}" ;;
  *)
    echo "start.sh: MODE must be 'serverless', 'pod' or 'pod-build', got '${MODE}'" >&2; exit 2 ;;
esac

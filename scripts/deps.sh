#!/usr/bin/env bash
# Checks, and where it can installs, everything the build and the tests need:
#   C libraries (pkg-config): openblas, libarchive, libxxhash, libpng, libjpeg (libjpeg-turbo); the
#   xxhsum CLI; cjpeg and djpeg (libjpeg-turbo's tools, the reference of the JPEG tests);
#   the Python packages the tests run (scripts/test-requirements.txt: numpy, safetensors, and the
#   official openai client), in the project venv build/test-venv, which `make test` puts first on
#   PATH, so that the tests' `python3` is that venv's.
# Installs the C libraries only as root with apt-get; otherwise prints the exact command and fails.
set -euo pipefail

apt_packages="libopenblas-dev libarchive-dev libxxhash-dev libpng-dev libjpeg62-turbo-dev libjpeg-turbo-progs pkg-config xxhash"
apt_command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $apt_packages"
venv=build/test-venv
venv_command="python3 -m venv $venv && $venv/bin/pip install --quiet -r scripts/test-requirements.txt"

c_libraries_present() {
    command -v pkg-config >/dev/null && pkg-config --exists openblas libarchive libxxhash libpng libjpeg && command -v xxhsum >/dev/null \
        && command -v cjpeg >/dev/null && command -v djpeg >/dev/null
}
python_packages_present() {
    [ -x "$venv/bin/python3" ] && "$venv/bin/python3" -c 'import numpy, safetensors.numpy, scipy.stats, openai' 2>/dev/null
}

if ! c_libraries_present; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "deps: installing $apt_packages" >&2
        sh -c "$apt_command" >/dev/null
    else
        echo "deps: missing C libraries; run as root: $apt_command" >&2
        exit 1
    fi
    c_libraries_present || { echo "deps: still missing after apt-get: $apt_packages" >&2; exit 1; }
fi

if ! python_packages_present; then
    echo "deps: making $venv with scripts/test-requirements.txt (numpy, safetensors, scipy, openai)" >&2
    sh -c "$venv_command" 2>&1 | grep -v -i "notice\]" >&2 || true
    python_packages_present || { echo "deps: the test venv is incomplete; run: $venv_command" >&2; exit 1; }
fi

#!/usr/bin/env bash
# Checks, and where it can installs, everything the build and the tests need:
#   C libraries (pkg-config): openblas, libarchive, libxxhash, libpng, libjpeg (libjpeg-turbo); the
#   xxhsum CLI; cjpeg and djpeg (libjpeg-turbo's tools, the reference of the JPEG tests);
#   Python packages for the interop tests: numpy, safetensors.
# Installs only as root with apt-get/pip; otherwise prints the exact command and fails.
set -euo pipefail

apt_packages="libopenblas-dev libarchive-dev libxxhash-dev libpng-dev libjpeg62-turbo-dev libjpeg-turbo-progs pkg-config xxhash"
apt_command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $apt_packages"
pip_command="python3 -m pip install --quiet numpy safetensors"

c_libraries_present() {
    command -v pkg-config >/dev/null && pkg-config --exists openblas libarchive libxxhash libpng libjpeg && command -v xxhsum >/dev/null \
        && command -v cjpeg >/dev/null && command -v djpeg >/dev/null
}
python_packages_present() {
    python3 -c 'import numpy, safetensors.numpy' 2>/dev/null
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
    if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
        echo "deps: installing numpy safetensors (for the interop tests)" >&2
        $pip_command 2>&1 | grep -v -i "warning: running pip as" >&2 || true
    fi
    python_packages_present || { echo "deps: missing Python packages; run: $pip_command" >&2; exit 1; }
fi

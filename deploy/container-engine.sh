#!/usr/bin/env bash
# A Docker-compatible container engine for the system tests, on a Linux CI machine that has none.
#
#   eval "$(deploy/container-engine.sh)"
#
# With a Docker engine answering (DOCKER_HOST or /var/run/docker.sock) it does nothing: the tests use it
# and a public JRE base image. Otherwise, as root on Debian, it installs podman, runc and debootstrap
# (when missing), writes /etc/containers/containers.conf (when different), starts podman's Docker API
# service (when it does not answer), builds the local base images from Debian packages (when missing:
# no registry can be pulled from; a JRE image, and plain Debian with systemd for the package test), and
# prints the environment the tests need as `export` lines.
# Progress goes to stderr. On failure it prints one line saying why, exports
# TANDEM_CONTAINER_ENGINE_PROBLEM with that line (the system tests skip and quote it) and exits 1.
set -uo pipefail

SOCKET=/run/podman/podman.sock
BASE_IMAGE=localhost/tandem-jre:17
DEBIAN_IMAGE=localhost/tandem-debian:systemd
CONF=/etc/containers/containers.conf
# crun fails on hybrid cgroups; podman's default rlimits need CAP_SYS_RESOURCE; no systemd.
read -r -d '' WANTED_CONF <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF

log() { echo "container-engine: $*" >&2; }

fail() {
	log "$1"
	printf 'export TANDEM_CONTAINER_ENGINE_PROBLEM=%q\n' "$1"
	exit 1
}

# True when the Docker API at the given DOCKER_HOST-style address answers _ping.
answers() {
	local host=$1
	case $host in
		unix://*) curl -fsS --max-time 3 --unix-socket "${host#unix://}" http://d/_ping >/dev/null 2>&1 ;;
		tcp://*) curl -fsS --max-time 3 "http://${host#tcp://}/_ping" >/dev/null 2>&1 ;;
		*) return 1 ;;
	esac
}

if [[ -n ${DOCKER_HOST:-} ]] && answers "$DOCKER_HOST"; then
	log "the engine at DOCKER_HOST=$DOCKER_HOST answers; nothing to do"
	exit 0
fi
if [[ -z ${DOCKER_HOST:-} ]] && answers unix:///var/run/docker.sock; then
	log "Docker answers on /var/run/docker.sock; nothing to do"
	exit 0
fi

[[ $(uname -s) == Linux ]] || fail "no Docker engine answers and this is not Linux: start Docker to run the system tests"
[[ $(id -u) -eq 0 ]] || fail "no Docker engine answers and setting up podman needs root: start Docker or run deploy/container-engine.sh as root"
command -v apt-get >/dev/null 2>&1 || fail "no Docker engine answers and apt-get is missing: install podman and runc, or start Docker"

missing=()
for tool in podman runc debootstrap; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2 ||
		fail "apt-get could not install ${missing[*]}"
fi

if [[ ! -f $CONF || $(cat "$CONF") != "$WANTED_CONF" ]]; then
	log "writing $CONF"
	mkdir -p "$(dirname "$CONF")" && printf '%s\n' "$WANTED_CONF" >"$CONF" || fail "could not write $CONF"
fi

SERVICE_PID_FILE=/run/tandem-podman-service.pid
# A service this script started whose working directory has since been deleted (started from a
# checkout that is gone) still answers _ping, but conmon inherits that directory and every container
# start fails with "write child: broken pipe" ("Failed to get working directory" in its log).
# Restart it; only the process this script started, by its recorded pid.
if [[ -f $SERVICE_PID_FILE ]]; then
	pid=$(cat "$SERVICE_PID_FILE")
	if [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == *"(deleted)" ]]; then
		log "restarting podman's Docker API (pid $pid): its working directory was deleted"
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 20); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		rm -f "$SERVICE_PID_FILE"
	fi
fi

if ! answers "unix://$SOCKET"; then
	log "starting podman's Docker API on $SOCKET"
	mkdir -p "$(dirname "$SOCKET")" /var/log/tandem
	# Detached from this shell so that it outlives the CI step; it serves every later run. Started
	# from / so that no checkout it was started from can be deleted under it.
	(cd / && exec setsid podman system service --time=0 "unix://$SOCKET" >>/var/log/tandem/podman-service.log 2>&1 </dev/null) &
	echo $! >"$SERVICE_PID_FILE"
	for _ in $(seq 1 60); do
		answers "unix://$SOCKET" && break
		sleep 0.5
	done
	answers "unix://$SOCKET" || fail "podman system service did not answer on $SOCKET within 30 s (see /var/log/tandem/podman-service.log)"
fi

# debian_mirror: the machine's own Debian mirror, from its apt sources.
# shellcheck source=deploy/debian-mirror.sh
source "$(dirname "${BASH_SOURCE[0]}")/debian-mirror.sh"

# Builds a local image from Debian packages with debootstrap (minbase plus the packages given), unless it
# exists. The rest of the arguments go to podman import (--change ...).
build_image() {
	local image=$1 include=$2 mirror suite root status
	shift 2
	podman image exists "$image" && return 0
	mirror=$(debian_mirror)
	[[ -n $mirror ]] || fail "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources"
	# shellcheck disable=SC1091
	suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[[ -n $suite ]] || fail "no VERSION_CODENAME in /etc/os-release to pick the Debian suite"
	root=$(mktemp -d /tmp/tandem-image.XXXXXX)
	log "building $image with debootstrap ($suite, $include)"
	if ! debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror" >&2; then
		rm -rf "$root"
		fail "debootstrap of $image failed (mirror $mirror, suite $suite)"
	fi
	rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
	tar -C "$root" -c . | podman import \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$@" - "$image" >&2
	status=$?
	rm -rf "$root"
	((status == 0)) || fail "podman import of $image failed"
}

build_image "$BASE_IMAGE" openjdk-17-jre-headless,curl \
	--change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)"
# The Debian package test's base: plain Debian with systemd (for systemd-analyze and systemctl), no JRE, and
# its apt sources on this machine's mirror, so that installing the packages pulls the JRE as on a Pi.
build_image "$DEBIAN_IMAGE" systemd

cat <<EOF
export DOCKER_HOST=unix://$SOCKET
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
export TANDEM_CONTAINER_BASE_IMAGE=$BASE_IMAGE
export TANDEM_DEBIAN_BASE_IMAGE=$DEBIAN_IMAGE
EOF
log "ready: podman on $SOCKET, base images $BASE_IMAGE and $DEBIAN_IMAGE"

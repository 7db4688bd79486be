#!/usr/bin/env bash
# Builds the image of a stock Tomcat 10 from Debian's tomcat10 package for TomcatMembersIT, unless it exists:
#
#   deploy/container/tomcat-image.sh IMAGE
#
# Like deploy/container-engine.sh's base images, it is made with debootstrap (minbase plus the packages) from
# the machine's own Debian mirror and suite, since no registry can be pulled from. Run as root. Progress goes
# to stderr; on failure one line says why and the exit status is 1.
set -uo pipefail

image=${1:?usage: tomcat-image.sh IMAGE}
log() { echo "tomcat-image: $*" >&2; }
fail() {
	log "$1"
	exit 1
}

podman image exists "$image" && exit 0
# shellcheck source=deploy/debian-mirror.sh
source "$(dirname "${BASH_SOURCE[0]}")/../debian-mirror.sh"
mirror=$(debian_mirror)
[[ -n $mirror ]] || fail "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources"
# shellcheck disable=SC1091
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[[ -n $suite ]] || fail "no VERSION_CODENAME in /etc/os-release to pick the Debian suite"
# The JRE is named so that debootstrap, which takes the first of alternatives, does not pick another one.
include=openjdk-17-jre-headless,tomcat10,curl
root=$(mktemp -d /tmp/tandem-tomcat-image.XXXXXX)
log "building $image with debootstrap ($suite, $include)"
if ! debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror" >&2; then
	rm -rf "$root"
	fail "debootstrap of $image failed (mirror $mirror, suite $suite)"
fi
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
arch=$(dpkg --print-architecture)
# Tomcat runs in the foreground as the package's service would (CATALINA_BASE /var/lib/tomcat10), as root
# in the container. The test mounts its own server.xml and webapp.
tar -C "$root" -c . | podman import \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch" \
	--change 'ENV CATALINA_HOME=/usr/share/tomcat10' \
	--change 'ENV CATALINA_BASE=/var/lib/tomcat10' \
	--change 'ENV CATALINA_TMPDIR=/tmp' \
	--change 'CMD ["/usr/share/tomcat10/bin/catalina.sh", "run"]' - "$image" >&2
status=$?
rm -rf "$root"
((status == 0)) || fail "podman import of $image failed"

#!/usr/bin/env bash
# A root filesystem holding Debian's openjdk-17-jre-headless for an ARM architecture, made on any Linux
# machine without running ARM code, for running Tandem's jars under QEMU user emulation:
#
#   deploy/arm/jre-rootfs.sh ARCH DIR [DEB_CACHE]
#   qemu-aarch64-static -L DIR DIR/usr/lib/jvm/java-17-openjdk-arm64/bin/java -jar gateway.jar   (arm64)
#   qemu-arm-static -L DIR DIR/usr/lib/jvm/java-17-openjdk-armhf/bin/java -jar gateway.jar       (armhf)
#
# ARCH is arm64 or armhf. DIR gets the unpacked packages (the first stage of `debootstrap --foreign`,
# then every downloaded .deb unpacked with dpkg-deb -x: no maintainer script runs). DEB_CACHE, when
# given, keeps the downloaded .deb files for the next run. The Debian mirror is the machine's own (its
# apt sources); the suite is bookworm, or TANDEM_ARM_SUITE.
#
# armhf: a 32-bit program under qemu-user gets EOVERFLOW when it lists a directory on ext4 (64-bit
# directory offsets), so the JVM cannot read its security policy folder. DIR is therefore a tmpfs for
# armhf: this script mounts one there (size TANDEM_ARM_TMPFS_SIZE, 1g by default) unless DIR already
# is one; `umount DIR` frees it. Needs root (debootstrap, mount).
#
# Idempotent: a DIR finished by an earlier run (it holds .tandem-jre-rootfs) is kept as it is.
# Exits 1 with one line on stderr saying why when it cannot make the root filesystem.
set -uo pipefail

MARKER=.tandem-jre-rootfs
SUITE=${TANDEM_ARM_SUITE:-bookworm}

log() { echo "jre-rootfs: $*" >&2; }

fail() {
	log "$1"
	exit 1
}

usage="usage: $0 arm64|armhf DIR [DEB_CACHE]"
(($# == 2 || $# == 3)) || fail "$usage"
arch=$1
dir=$2
cache=${3:-}
case $arch in
	arm64 | armhf) ;;
	*) fail "unknown architecture '$arch': $usage" ;;
esac

[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap, and a tmpfs mount for armhf)"
command -v debootstrap >/dev/null 2>&1 || fail "debootstrap is not installed (apt-get install debootstrap)"
command -v dpkg-deb >/dev/null 2>&1 || fail "dpkg-deb is not installed"

mkdir -p "$dir" || fail "cannot create $dir"
dir=$(cd "$dir" && pwd)

if [[ $arch == armhf && $(stat -f -c %T "$dir") != tmpfs ]]; then
	log "mounting a tmpfs on $dir (armhf under qemu-user cannot list directories on ext4)"
	mount -t tmpfs -o "size=${TANDEM_ARM_TMPFS_SIZE:-1g}" tmpfs "$dir" || fail "could not mount a tmpfs on $dir"
fi

java=$dir/usr/lib/jvm/java-17-openjdk-$arch/bin/java
if [[ -f $dir/$MARKER && -x $java ]]; then
	log "$dir is complete already ($(cat "$dir/$MARKER"))"
	exit 0
fi
# A run that stopped half way leaves a partial tree: start again from nothing. Only a tree this script
# began is emptied, never a folder that was named by mistake.
if [[ -n $(ls -A "$dir") ]]; then
	[[ -f $dir/$MARKER.partial ]] || fail "$dir is not empty and was not begun by this script: name an empty or new folder"
	find "$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} + || fail "could not empty $dir"
fi
touch "$dir/$MARKER.partial" || fail "cannot write to $dir"

# shellcheck source=deploy/debian-mirror.sh
source "$(dirname "${BASH_SOURCE[0]}")/../debian-mirror.sh"
mirror=$(debian_mirror)
[[ -n $mirror ]] || fail "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources"

cache_option=()
if [[ -n $cache ]]; then
	mkdir -p "$cache" || fail "cannot create $cache"
	cache_option=(--cache-dir="$(cd "$cache" && pwd)")
fi

log "debootstrap --foreign $SUITE for $arch from $mirror into $dir"
debootstrap --arch="$arch" --foreign --variant=minbase --include=openjdk-17-jre-headless \
	"${cache_option[@]}" "$SUITE" "$dir" "$mirror" >&2 ||
	fail "debootstrap --foreign for $arch failed (mirror $mirror, suite $SUITE; see its output above)"

# The second stage would run ARM code (maintainer scripts); unpacking is all the JRE needs.
count=0
for deb in "$dir"/var/cache/apt/archives/*.deb; do
	dpkg-deb -x "$deb" "$dir" || fail "dpkg-deb -x $deb failed"
	count=$((count + 1))
done
rm -f "$dir"/var/cache/apt/archives/*.deb
[[ -x $java ]] || fail "no java at $java after unpacking $count packages"

echo "$arch $SUITE openjdk-17-jre-headless, $count packages" >"$dir/$MARKER"
rm -f "$dir/$MARKER.partial"
log "done: $java"

#!/usr/bin/env bash
# Build Tandem's two images (gateway, was-node) for linux/amd64, linux/arm64 and linux/arm/v7 from the jars
# the Maven build made, as one multi-architecture image (manifest list) each. Run from anywhere after
# `./mvnw package`:
#
#   deploy/container/build-images.sh [--push]
#
# The container files only COPY the jar onto the base image (no RUN step), so no architecture needs emulation.
#
# Environment (all optional):
#   TANDEM_PLATFORMS             platforms to build (default linux/amd64,linux/arm64,linux/arm/v7)
#   TANDEM_CONTAINER_BASE_IMAGE  base image for every platform (default eclipse-temurin:17-jre, which exists
#                                for all three); any image with a Java 17 `java` on the PATH
#   TANDEM_BASE_IMAGE_AMD64, TANDEM_BASE_IMAGE_ARM64, TANDEM_BASE_IMAGE_ARM_V7
#                                a base image for one platform only, e.g. local images of each architecture
#                                (podman only: buildx takes one base for all platforms)
#   TANDEM_IMAGE_PREFIX          put in front of the names, e.g. registry.example/tandem/ (default none)
#   TANDEM_IMAGE_TAG             the tag (default latest)
#   TANDEM_CONTAINER_TOOL        docker or podman (default: docker when `docker buildx` works, else podman)
#
# --push sends both images with every platform to the registry in TANDEM_IMAGE_PREFIX. Without it, podman keeps
# them as local manifest lists (podman manifest inspect tandem-gateway:latest), each platform's image also
# tagged on its own (tandem-gateway:latest-arm64, ...-armv7, ...-amd64); docker buildx keeps a multi-platform
# build only in its cache, so with docker build one platform to load it, or push.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLATFORMS=${TANDEM_PLATFORMS:-linux/amd64,linux/arm64,linux/arm/v7}
DEFAULT_BASE=${TANDEM_CONTAINER_BASE_IMAGE:-eclipse-temurin:17-jre}
PREFIX=${TANDEM_IMAGE_PREFIX:-}
TAG=${TANDEM_IMAGE_TAG:-latest}
PUSH=false

die() {
	echo "build-images: $*" >&2
	exit 1
}

for arg in "$@"; do
	case $arg in
		--push) PUSH=true ;;
		-h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
		*) die "unknown argument '$arg' (only --push)" ;;
	esac
done

# The base image for one platform: its own variable (TANDEM_BASE_IMAGE_ARM_V7 for linux/arm/v7), else the default.
base_for() {
	local variable
	variable=TANDEM_BASE_IMAGE_$(echo "${1#linux/}" | tr '[:lower:]/' '[:upper:]_')
	echo "${!variable:-$DEFAULT_BASE}"
}

# linux/arm/v7 -> armv7: the suffix of one platform's own tag (podman), e.g. tandem-gateway:latest-armv7.
arch_of() {
	local arch=${1#linux/}
	echo "${arch//\//}"
}

tool=${TANDEM_CONTAINER_TOOL:-}
if [[ -z $tool ]]; then
	if docker buildx version >/dev/null 2>&1; then
		tool=docker
	elif command -v podman >/dev/null 2>&1; then
		tool=podman
	else
		die "neither 'docker buildx' nor podman is installed"
	fi
fi

IFS=, read -r -a platforms <<<"$PLATFORMS"

build_podman() {
	local image=$1 containerfile=$2 context=$3 platform
	# A fresh list: a rerun must not keep the previous run's images in it.
	podman manifest exists "$image" 2>/dev/null && podman manifest rm "$image" >/dev/null
	podman manifest create "$image" >/dev/null
	for platform in "${platforms[@]}"; do
		echo "build-images: $image for $platform on $(base_for "$platform")" >&2
		# No cache: podman 4.3 reuses a layer built for another platform when two bases share their layers.
		podman build --quiet --no-cache --platform "$platform" --build-arg "BASE_IMAGE=$(base_for "$platform")" \
			--manifest "$image" -t "$image-$(arch_of "$platform")" -f "$containerfile" "$context" >/dev/null
	done
	if $PUSH; then
		podman manifest push --all "$image" "docker://$image"
	fi
}

build_docker() {
	local image=$1 containerfile=$2 context=$3 platform output=()
	for platform in "${platforms[@]}"; do
		[[ $(base_for "$platform") == "$DEFAULT_BASE" ]] ||
			die "docker buildx takes one base image for all platforms: use TANDEM_CONTAINER_BASE_IMAGE, or podman for per-platform bases"
	done
	if $PUSH; then
		output=(--push)
	elif ((${#platforms[@]} == 1)); then
		output=(--load)
	else
		echo "build-images: several platforms without --push stay in buildx's cache only" >&2
	fi
	echo "build-images: $image for $PLATFORMS on $DEFAULT_BASE" >&2
	docker buildx build --platform "$PLATFORMS" --build-arg "BASE_IMAGE=$DEFAULT_BASE" "${output[@]}" \
		-t "$image" -f "$containerfile" "$context"
}

for app in gateway was-node; do
	jar=$ROOT/$app/target/$app.jar
	[[ -f $jar ]] || die "$jar is missing: run ./mvnw package first"
	# Only the jar goes into the build context, not the rest of target/.
	context=$(mktemp -d)
	trap 'rm -rf "$context"' EXIT
	cp "$jar" "$context/"
	"build_$tool" "${PREFIX}tandem-$app:$TAG" "$ROOT/deploy/container/$app.Containerfile" "$context"
	rm -rf "$context"
done
echo "build-images: built ${PREFIX}tandem-gateway:$TAG and ${PREFIX}tandem-was-node:$TAG for $PLATFORMS" >&2

#!/usr/bin/env bash
# Prepares one of Tandem's jars for a fast start with class data sharing (CDS), the way Spring Boot's
# documentation describes it: extract the jar (java -Djarmode=tools -jar JAR extract), then record an
# archive of the classes in one training run (-XX:ArchiveClassesAtExit, -Dspring.context.exit=onRefresh).
# Does nothing when DIR already holds the result for this jar, this Java, these JAVA_OPTS and arguments.
#
#   tandem-cds.sh JAR DIR [TRAINING ARGUMENTS...]
#
# Then start: java $JAVA_OPTS -XX:SharedArchiveFile=DIR/app.jsa -jar DIR/<name of JAR>
#
# The training run stops once the application context is refreshed: it serves no port and starts no
# health check, but it creates the beans, so a was-node's Hazelcast member does start. Its TRAINING
# ARGUMENTS must keep that member on loopback in a cluster of its own (see tandem-was-node.service).
# When the training run fails there is no archive and the JVM starts without one (slower); this script
# then says why and still exits 0, so the real start reports the cause itself. It fails when the jar
# is missing or cannot be extracted, and when DIR is the jar's own folder (DIR gets emptied of the
# files it made, one of which is named like the jar). Reads JAVA_OPTS (split into words on purpose)
# and JAVA (default: java).
set -euo pipefail

if (($# < 2)); then
	sed -n '6p' "$0" >&2
	exit 2
fi
jar=$1 dir=$2
shift 2
java=${JAVA:-java}
name=$(basename "$jar")
if [[ ! -f $jar ]]; then
	echo "tandem-cds: $jar is not a file" >&2
	exit 2
fi
mkdir -p "$dir"
if [[ "$(cd "$(dirname "$jar")" && pwd -P)" == "$(cd "$dir" && pwd -P)" ]]; then
	echo "tandem-cds: DIR must not be the folder that holds $name" >&2
	exit 2
fi
read -r -a options <<<"${JAVA_OPTS:-}"

# What the archive depends on: the jar's bytes, the JVM build, its options and the training arguments.
stamp=$({
	sha256sum <"$jar"
	"$java" -version 2>&1
	printf '%s\n' "${options[@]}" -- "$@"
} | sha256sum | cut -d' ' -f1)

if [[ -f "$dir/app.jsa" && -f "$dir/$name" && "$(cat "$dir/stamp" 2>/dev/null)" == "$stamp" ]]; then
	echo "tandem-cds: $dir is up to date for $jar"
	exit 0
fi

rm -rf "${dir:?}/lib" "${dir:?}/$name" "$dir/app.jsa" "$dir/stamp" "$dir/training.log"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$dir" --force >/dev/null

started=$SECONDS
if "$java" "${options[@]}" -XX:ArchiveClassesAtExit="$dir/app.jsa" -Dspring.context.exit=onRefresh \
	-jar "$dir/$name" "$@" >"$dir/training.log" 2>&1 && [[ -f "$dir/app.jsa" ]]; then
	echo "$stamp" >"$dir/stamp"
	echo "tandem-cds: extracted $jar to $dir and recorded $dir/app.jsa in $((SECONDS - started)) s"
else
	rm -f "$dir/app.jsa"
	echo "tandem-cds: the training run of $jar failed, so it starts without class data sharing; the end of $dir/training.log:" >&2
	# Without the JVM's notes on classes it could not archive, which it writes at every exit.
	grep -v '^\[[0-9.]*s\]\[warning\]\[cds' "$dir/training.log" | tail -n 20 >&2
fi

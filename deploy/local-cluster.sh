#!/usr/bin/env bash
# Tandem's local demo cluster on one machine: the gateway (8080, admin 9090), the actives was1 (8081)
# and was2 (8082), the standby was3 (8083), and their Hazelcast cluster on 127.0.0.1:5701-5703.
#
#   deploy/local-cluster.sh                 start everything in the foreground; Ctrl-C stops all of it
#   deploy/local-cluster.sh start           start in the background, return once all are healthy
#   deploy/local-cluster.sh stop            stop everything this script started
#   deploy/local-cluster.sh status          show each process and its health
#   deploy/local-cluster.sh kill NODE       SIGKILL one process (was1, was2, was3 or gateway)
#   deploy/local-cluster.sh restart NODE    stop one process gracefully and start it again
#
# Needs JDK 17+, curl and this repository; builds the jars with ./mvnw when they are missing or older
# than the sources. Logs and pids go to $TANDEM_DEMO_DIR (default: .tandem/local-cluster in the repo).
# Extra JVM options: $TANDEM_JAVA_OPTS.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${TANDEM_DEMO_DIR:-$ROOT/.tandem/local-cluster}
GATEWAY_JAR=$ROOT/gateway/target/gateway.jar
NODE_JAR=$ROOT/was-node/target/was-node.jar
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
# Four JVMs share one machine here: a small heap and the serial collector keep them light.
read -r -a JAVA_OPTS <<<"${TANDEM_JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC}"
START_TIMEOUT=${TANDEM_START_TIMEOUT:-180}

NODES=(was1 was2 was3)
ALL=(was1 was2 was3 gateway)
HAZELCAST_MEMBERS=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703

http_port() {
	case $1 in
		was1) echo 8081 ;; was2) echo 8082 ;; was3) echo 8083 ;; gateway) echo 8080 ;;
		*) echo "unknown process '$1': use was1, was2, was3 or gateway" >&2; exit 2 ;;
	esac
}

health_url() {
	if [[ $1 == gateway ]]; then
		echo "http://127.0.0.1:9090/actuator/health/readiness"
	else
		echo "http://127.0.0.1:$(http_port "$1")/actuator/health/readiness"
	fi
}

# Sets CMDLINE to the command that starts one process.
command_line() {
	local name=$1
	case $name in
		gateway)
			# The seed's set-up: actives weighted 1:5, and was3 as the standby (tier 1 takes
			# traffic only when no tier-0 member can).
			CMDLINE=("$JAVA" "${JAVA_OPTS[@]}" -jar "$GATEWAY_JAR" --server.port=8080 --management.server.port=9090
				'--tandem.gateway.members[0].id=was1' '--tandem.gateway.members[0].uri=http://127.0.0.1:8081'
				'--tandem.gateway.members[1].id=was2' '--tandem.gateway.members[1].uri=http://127.0.0.1:8082'
				'--tandem.gateway.members[1].weight=5'
				'--tandem.gateway.members[2].id=was3' '--tandem.gateway.members[2].uri=http://127.0.0.1:8083'
				'--tandem.gateway.members[2].tier=1')
			;;
		was1 | was2 | was3)
			local n=${name#was}
			CMDLINE=("$JAVA" "${JAVA_OPTS[@]}" -jar "$NODE_JAR" "--server.port=808$n" "--tandem.node.id=$name"
				"--tandem.node.cluster.port=570$n" "--tandem.node.cluster.members=$HAZELCAST_MEMBERS"
				--tandem.node.cluster.interface=127.0.0.1
				# Two backups on three nodes: every node holds every session, so the seed's
				# "kill both actives" leaves the standby with all of them.
				--tandem.node.cluster.backup-count=2
				# The login demo's user, the same on every node (demo only).
				--tandem.node.demo.password=demo)
			;;
	esac
}

pid_of() {
	local file=$STATE/$1.pid
	[[ -f $file ]] || return 1
	local pid
	pid=$(<"$file")
	# Only a live process that runs one of our jars counts: a stale pid may have been reused.
	if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- '-jar .*\(gateway\|was-node\)\.jar'; then
		echo "$pid"
	else
		return 1
	fi
}

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

is_healthy() {
	curl -fsS --max-time 2 "$(health_url "$1")" 2>/dev/null | grep -q '"status":"UP"'
}

jars_are_stale() {
	[[ -f $GATEWAY_JAR && -f $NODE_JAR ]] || return 0
	local oldest=$GATEWAY_JAR
	[[ $NODE_JAR -ot $oldest ]] && oldest=$NODE_JAR
	[[ -n $(find "$ROOT/pom.xml" "$ROOT/shared" "$ROOT/session-cluster" "$ROOT/gateway" "$ROOT/was-node" -newer "$oldest" -type f \
		\( -path '*/src/*' -o -name pom.xml \) -print -quit) ]]
}

build_if_needed() {
	if jars_are_stale; then
		echo "Building the jars (./mvnw package -DskipTests) ..."
		(cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl gateway,was-node -am)
	fi
}

launch() {
	local name=$1 port
	if pid_of "$name" >/dev/null; then
		echo "$name is already running (pid $(pid_of "$name"))"
		return 0
	fi
	port=$(http_port "$name")
	if port_in_use "$port" || { [[ $name == gateway ]] && port_in_use 9090; }; then
		echo "Cannot start $name: port $port (or 9090 for the gateway) is already in use by another program." >&2
		return 1
	fi
	mkdir -p "$STATE"
	command_line "$name"
	nohup "${CMDLINE[@]}" >"$STATE/$name.log" 2>&1 </dev/null &
	echo $! >"$STATE/$name.pid"
	echo "started $name (pid $!, http://127.0.0.1:$port)"
}

wait_healthy() {
	local deadline=$((SECONDS + START_TIMEOUT)) name pending
	while :; do
		pending=()
		for name in "$@"; do
			# kill -0 rather than pid_of: just after the fork the child does not run java yet.
			if ! kill -0 "$(<"$STATE/$name.pid")" 2>/dev/null; then
				echo "$name exited during start-up; the end of $STATE/$name.log:" >&2
				tail -n 30 "$STATE/$name.log" >&2 || true
				return 1
			fi
			is_healthy "$name" || pending+=("$name")
		done
		((${#pending[@]} == 0)) && return 0
		if ((SECONDS >= deadline)); then
			for name in "${pending[@]}"; do
				echo "$name is not healthy after ${START_TIMEOUT}s; the end of $STATE/$name.log:" >&2
				tail -n 30 "$STATE/$name.log" >&2 || true
			done
			return 1
		fi
		sleep 1
	done
}

stop_one() {
	local name=$1 pid
	pid=$(pid_of "$name") || { rm -f "$STATE/$name.pid"; return 0; }
	kill -TERM "$pid" 2>/dev/null || true
	# A was-node drains (5 s), finishes requests (up to 20 s) and hands its sessions off
	# (up to 45 s) before it exits: give it that, then some.
	for _ in $(seq 1 160); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "$name did not stop within 80 s; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$STATE/$name.pid"
	echo "stopped $name"
}

start_all() {
	build_if_needed
	local name
	# The nodes first, all at once: each joins whichever peers are already up.
	for name in "${NODES[@]}"; do launch "$name"; done
	launch gateway
	if ! wait_healthy "${ALL[@]}"; then
		echo "The demo cluster did not come up; stopping what started." >&2
		stop_all >/dev/null
		return 1
	fi
	cat <<EOF

Tandem's demo cluster is up.
  gateway         http://localhost:8080/          (try: curl -c j -b j localhost:8080/session)
  gateway admin   http://localhost:9090/actuator/health
  was1 / was2     http://localhost:8081/  http://localhost:8082/   (actives)
  was3            http://localhost:8083/                           (standby)
  logs and pids   $STATE
Try failover: $0 kill was1
EOF
}

stop_all() {
	local name
	stop_one gateway
	for name in "${NODES[@]}"; do stop_one "$name"; done
}

status() {
	local name pid state
	printf '%-8s %-8s %-6s %s\n' NAME PID PORT STATE
	for name in "${ALL[@]}"; do
		if pid=$(pid_of "$name"); then
			if is_healthy "$name"; then state=healthy; else state="running, not ready"; fi
		else
			pid=-
			state=stopped
		fi
		printf '%-8s %-8s %-6s %s\n' "$name" "$pid" "$(http_port "$name")" "$state"
	done
	echo "logs and pids: $STATE"
}

require_node() {
	[[ $# -eq 1 ]] || { echo "usage: $0 $CMD NODE   (was1, was2, was3 or gateway)" >&2; exit 2; }
	http_port "$1" >/dev/null
}

CMD=${1:-run}
case $CMD in
	run)
		for name in "${ALL[@]}"; do
			if pid_of "$name" >/dev/null; then
				echo "The demo cluster is already running in the background; use '$0 stop' first." >&2
				exit 1
			fi
		done
		trap 'echo; echo "Stopping the demo cluster ..."; stop_all; exit 0' INT TERM
		start_all || exit 1
		echo "Ctrl-C stops the cluster."
		# Stay in the foreground even when a node is killed on purpose to try failover.
		while :; do sleep 1; done
		;;
	start) start_all ;;
	stop) stop_all ;;
	status) status ;;
	kill)
		shift
		require_node "$@"
		if pid=$(pid_of "$1"); then
			kill -KILL "$pid"
			echo "killed $1 (pid $pid) with SIGKILL"
		else
			echo "$1 is not running"
		fi
		;;
	restart)
		shift
		require_node "$@"
		stop_one "$1"
		launch "$1"
		wait_healthy "$1"
		echo "$1 is healthy again"
		;;
	-h | --help | help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' ;;
	*)
		echo "unknown command '$CMD'; try: $0 help" >&2
		exit 2
		;;
esac

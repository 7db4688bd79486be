#!/usr/bin/env bash
# Tandem's local demo cluster on one machine: the gateway (8080, admin 9090), the actives was1 (8081)
# and was2 (8082), the standby was3 (8083), and their Hazelcast cluster on 127.0.0.1:5701-5703.
#
#   deploy/local-cluster.sh                 start everything in the foreground; Ctrl-C stops all of it
#   deploy/local-cluster.sh start           start in the background, return once all are healthy
#   deploy/local-cluster.sh stop            stop everything this script started
#   deploy/local-cluster.sh status          show each process and its health
#   deploy/local-cluster.sh kill NODE       SIGKILL one process (was1, was2, was3 or gateway); it stays down
#   deploy/local-cluster.sh restart NODE    stop one process gracefully and start it again
#
# Needs JDK 17+, curl and this repository; builds the jars with ./mvnw when they are missing or older
# than the sources. Logs, pids and the demo's credentials go to $TANDEM_DEMO_DIR (default:
# .tandem/local-cluster in the repo), the gateway's access log too (access.log there). Extra JVM options:
# $TANDEM_JAVA_OPTS.
#
# The management port 9090 needs a login: at first start this makes passwords for the users admin (role
# admin) and viewer (role viewer) and a restart token for the was-nodes, keeps them in credentials in
# that folder (mode 600) and prints them; viewer also scrapes the was-nodes' /actuator/prometheus. Was-nodes are restarted when they exit on their own (as with
# systemd's Restart=always), e.g. after a restart request; stop, kill and restart end that first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${TANDEM_DEMO_DIR:-$ROOT/.tandem/local-cluster}
GATEWAY_JAR=$ROOT/gateway/target/gateway.jar
NODE_JAR=$ROOT/was-node/target/was-node.jar
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
# Four JVMs share one machine here: a small heap and the serial collector keep them light.
read -r -a JAVA_OPTS <<<"${TANDEM_JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC}"
START_TIMEOUT=${TANDEM_START_TIMEOUT:-180}

CREDENTIALS=$STATE/credentials
# The {bcrypt} values of the passwords, so that a start pays no extra JVM start to encode them.
ENCODED=$STATE/gateway-users
# The gateway's own state: runtime member changes, its audit log.
GATEWAY_STATE=$STATE/gateway-state

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

# Sets CMDLINE to the command that starts one process, and PROCESS_ENV to the NAME=value settings of its
# environment: secrets go there, never on the command line, which ps shows to every user.
command_line() {
	local name=$1
	case $name in
		gateway)
			# The seed's set-up: actives weighted 1:5, and was3 as the standby (tier 1 takes
			# traffic only when no tier-0 member can).
			CMDLINE=("$JAVA" "${JAVA_OPTS[@]}" -jar "$GATEWAY_JAR" --server.port=8080 --management.server.port=9090
				"--tandem.gateway.admin.state-dir=$GATEWAY_STATE"
				--tandem.gateway.access-log.enabled=true "--tandem.gateway.access-log.path=$STATE/access.log"
				'--tandem.gateway.members[0].id=was1' '--tandem.gateway.members[0].uri=http://127.0.0.1:8081'
				'--tandem.gateway.members[1].id=was2' '--tandem.gateway.members[1].uri=http://127.0.0.1:8082'
				'--tandem.gateway.members[1].weight=5'
				'--tandem.gateway.members[2].id=was3' '--tandem.gateway.members[2].uri=http://127.0.0.1:8083'
				'--tandem.gateway.members[2].tier=1')
			PROCESS_ENV=(TANDEM_GATEWAY_ADMIN_USERS_0_NAME=admin TANDEM_GATEWAY_ADMIN_USERS_0_ROLE=admin
				"TANDEM_GATEWAY_ADMIN_USERS_0_PASSWORD=$ADMIN_ENCODED"
				TANDEM_GATEWAY_ADMIN_USERS_1_NAME=viewer TANDEM_GATEWAY_ADMIN_USERS_1_ROLE=viewer
				"TANDEM_GATEWAY_ADMIN_USERS_1_PASSWORD=$VIEWER_ENCODED"
				"TANDEM_GATEWAY_ADMIN_NODE_RESTART_TOKEN=$RESTART_TOKEN")
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
			# The viewer is also the nodes' scrape user for /actuator/prometheus (docs/metrics.md).
			PROCESS_ENV=("TANDEM_NODE_RESTART_TOKEN=$RESTART_TOKEN" TANDEM_NODE_METRICS_USERNAME=viewer
				"TANDEM_NODE_METRICS_PASSWORD=$VIEWER_ENCODED")
			;;
	esac
}

pid_of() {
	local file=$STATE/$1.pid
	[[ -f $file ]] || return 1
	local pid
	pid=$(<"$file")
	# Only a live process that runs one of our jars counts: a stale pid may have been reused.
	if alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- '-jar .*\(gateway\|was-node\)\.jar'; then
		echo "$pid"
	else
		return 1
	fi
}

# The pid of the loop that restarts a was-node (see supervise), if it runs.
supervisor_of() {
	local file=$STATE/$1.supervisor.pid pid
	[[ -f $file ]] || return 1
	pid=$(<"$file")
	# A subshell of this script: its command line is this script's.
	if alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- 'local-cluster\.sh'; then
		echo "$pid"
	else
		return 1
	fi
}

# Whether a process runs (a zombie, which kill -0 still finds, does not).
alive() {
	kill -0 "$1" 2>/dev/null && [[ $(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) != Z ]]
}

# --- credentials -----------------------------------------------------------------------------

# N random bytes as URL-safe base64 (4 characters per 3 bytes).
random_secret() {
	head -c "$1" /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'
}

credential() {
	awk -v key="$1" 'index($0, key "=") == 1 { print substr($0, length(key) + 2); exit }' "$CREDENTIALS"
}

# Sets ADMIN_PASSWORD, VIEWER_PASSWORD and RESTART_TOKEN from $CREDENTIALS, making those it lacks
# (all of them at the first start).
load_credentials() {
	local key
	mkdir -p "$STATE"
	if [[ ! -f $CREDENTIALS ]]; then
		(
			umask 077
			cat >"$CREDENTIALS" <<-'EOF'
				# The local demo cluster's secrets, made at its first start by deploy/local-cluster.sh and used
				# by every start after it: the passwords of the management port's users admin and viewer
				# (http://localhost:9090/), and the token that lets the gateway ask a was-node to restart.
				# For new ones: stop the cluster, delete this file, start it.
			EOF
		)
	fi
	chmod 600 "$CREDENTIALS"
	for key in admin-password viewer-password; do
		[[ -n $(credential "$key") ]] || echo "$key=$(random_secret 18)" >>"$CREDENTIALS"
	done
	[[ -n $(credential node-restart-token) ]] || echo "node-restart-token=$(random_secret 30)" >>"$CREDENTIALS"
	ADMIN_PASSWORD=$(credential admin-password)
	VIEWER_PASSWORD=$(credential viewer-password)
	RESTART_TOKEN=$(credential node-restart-token)
}

# Prints the {bcrypt} value of USER's PASSWORD for the gateway's configuration: the one in $ENCODED when it
# was made from this password (it keeps a SHA-256 of the password to tell), else a new one from the
# gateway's own 'encode-password' (a JVM start), which it then keeps there.
encoded_password() {
	local user=$1 password=$2 fingerprint encoded
	fingerprint=$(printf '%s' "$password" | sha256sum | cut -d' ' -f1)
	if [[ -f $ENCODED ]]; then
		encoded=$(awk -v user="$user" -v fp="$fingerprint" '$1 == user && $2 == fp { print $3; exit }' "$ENCODED")
		if [[ -n $encoded ]]; then
			echo "$encoded"
			return 0
		fi
	fi
	# The password goes in on stdin: a command line would show it in ps.
	encoded=$(printf '%s\n' "$password" | "$JAVA" "${JAVA_OPTS[@]}" -jar "$GATEWAY_JAR" encode-password | tail -n 1)
	if [[ $encoded != '{bcrypt}'* ]]; then
		echo "Cannot encode the password of $user with $GATEWAY_JAR encode-password (it printed '$encoded')." >&2
		return 1
	fi
	(
		umask 077
		{ awk -v user="$user" '$1 != user' "$ENCODED" 2>/dev/null || true; echo "$user $fingerprint $encoded"; } >"$ENCODED.tmp"
		mv "$ENCODED.tmp" "$ENCODED"
	)
	echo "$encoded"
}

# Sets ADMIN_ENCODED and VIEWER_ENCODED, the gateway's users' passwords as it is configured with them.
encode_passwords() {
	ADMIN_ENCODED=$(encoded_password admin "$ADMIN_PASSWORD")
	VIEWER_ENCODED=$(encoded_password viewer "$VIEWER_PASSWORD")
}

# --- processes -------------------------------------------------------------------------------

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

# Runs in a subshell of its own, which becomes the JVM: records its pid, exports PROCESS_ENV (so secrets
# never show on a command line) and execs CMDLINE.
exec_process() {
	local name=$1 setting
	echo "$BASHPID" >"$STATE/$name.pid"
	for setting in "${PROCESS_ENV[@]}"; do export "$setting"; done
	exec "${CMDLINE[@]}"
}

# A was-node's supervisor, as systemd's Restart=always: runs the JVM and, whenever it exits on its own
# (status 0 after a restart request, or a crash), starts it again 2 s later. stop, kill and restart end
# this loop (SIGTERM) before they signal the JVM, so they are never undone.
supervise() {
	local name=$1 pid status
	while :; do
		(exec_process "$name") &
		pid=$!
		status=0
		wait "$pid" || status=$?
		echo "local-cluster.sh: $name (pid $pid) exited with status $status; starting it again in 2 s"
		sleep 2
	done
}

launch() {
	local name=$1 port pid
	if pid=$(pid_of "$name") || pid=$(supervisor_of "$name"); then
		echo "$name is already running (pid $pid)"
		return 0
	fi
	port=$(http_port "$name")
	if port_in_use "$port" || { [[ $name == gateway ]] && port_in_use 9090; }; then
		echo "Cannot start $name: port $port (or 9090 for the gateway) is already in use by another program." >&2
		return 1
	fi
	mkdir -p "$STATE"
	[[ -n ${RESTART_TOKEN:-} ]] || load_credentials
	# The was-nodes need the viewer's too: it is their Prometheus scrape user.
	[[ -n ${ADMIN_ENCODED:-} ]] || encode_passwords
	if [[ $name == gateway ]]; then
		mkdir -p -m 700 "$GATEWAY_STATE"
	fi
	command_line "$name"
	rm -f "$STATE/$name.pid"
	# SIGHUP ignored, as nohup would: the processes outlive the terminal that started them.
	if [[ $name == gateway ]]; then
		(trap '' HUP && exec_process "$name") >"$STATE/$name.log" 2>&1 </dev/null &
	else
		: >"$STATE/$name.log"
		(trap '' HUP && supervise "$name") >>"$STATE/$name.log" 2>&1 </dev/null &
		echo $! >"$STATE/$name.supervisor.pid"
	fi
	# The JVM's subshell writes its pid first thing.
	for _ in $(seq 1 50); do
		[[ -s $STATE/$name.pid ]] && break
		sleep 0.1
	done
	[[ -s $STATE/$name.pid ]] || { echo "$name did not start; see $STATE/$name.log" >&2; return 1; }
	echo "started $name (pid $(<"$STATE/$name.pid"), http://127.0.0.1:$port)"
}

wait_healthy() {
	local deadline=$((SECONDS + START_TIMEOUT)) name pending
	local -A pids=()
	# The JVMs as launched: a was-node that failed and was started again by its supervisor still
	# counts as failed.
	for name in "$@"; do pids[$name]=$(<"$STATE/$name.pid"); done
	while :; do
		pending=()
		for name in "$@"; do
			# kill -0 rather than pid_of: just after the fork the child does not run java yet.
			if ! alive "${pids[$name]}"; then
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

# Ends a was-node's supervisor, so that what follows (a stop, a kill) is not undone by a restart.
stop_supervisor() {
	local name=$1 pid
	if pid=$(supervisor_of "$name"); then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do
			alive "$pid" || break
			sleep 0.1
		done
		# A JVM it started in its last moment writes its pid file at once: let it.
		sleep 0.2
	fi
	rm -f "$STATE/$name.supervisor.pid"
}

stop_one() {
	local name=$1 pid
	stop_supervisor "$name"
	pid=$(pid_of "$name") || { rm -f "$STATE/$name.pid"; return 0; }
	kill -TERM "$pid" 2>/dev/null || true
	# A was-node drains (5 s), finishes requests (up to 20 s) and hands its sessions off
	# (up to 45 s) before it exits: give it that, then some.
	for _ in $(seq 1 160); do
		alive "$pid" || break
		sleep 0.5
	done
	if alive "$pid"; then
		echo "$name did not stop within 80 s; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$STATE/$name.pid"
	echo "stopped $name"
}

start_all() {
	build_if_needed
	load_credentials
	encode_passwords
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
  was1 / was2     http://localhost:8081/  http://localhost:8082/   (actives)
  was3            http://localhost:8083/                           (standby)
  dashboard       http://localhost:9090/                           (log in as a user below)
                  http://localhost:9090/api/members                (API)
                  http://localhost:9090/actuator/health            (anonymous: the status only)
  users           admin  / $ADMIN_PASSWORD        (role admin: reads and changes)
                  viewer / $VIEWER_PASSWORD        (role viewer: reads)
  try             curl -u admin:$ADMIN_PASSWORD http://localhost:9090/api/members
                  curl -u viewer:$VIEWER_PASSWORD http://localhost:9090/actuator/health
  metrics         curl -u viewer:$VIEWER_PASSWORD http://localhost:9090/actuator/prometheus   (gateway)
                  curl -u viewer:$VIEWER_PASSWORD http://localhost:8081/actuator/prometheus   (was1; Grafana: docs/metrics.md)
  credentials     $CREDENTIALS
  logs and pids   $STATE
  access log      $STATE/access.log   (try: tail -f $STATE/access.log)
Try failover: $0 kill was1
EOF
}

stop_all() {
	local name
	# The supervisors first: Ctrl-C reaches the JVMs too, and they exit on their own.
	for name in "${NODES[@]}"; do stop_supervisor "$name"; done
	stop_one gateway
	for name in "${NODES[@]}"; do stop_one "$name"; done
}

status() {
	local name pid state
	printf '%-8s %-8s %-6s %s\n' NAME PID PORT STATE
	for name in "${ALL[@]}"; do
		if pid=$(pid_of "$name"); then
			if is_healthy "$name"; then state=healthy; else state="running, not ready"; fi
		elif supervisor_of "$name" >/dev/null; then
			pid=-
			state="exited, restarting"
		else
			pid=-
			state=stopped
		fi
		printf '%-8s %-8s %-6s %s\n' "$name" "$pid" "$(http_port "$name")" "$state"
	done
	echo "logs, pids and credentials: $STATE"
}

require_node() {
	[[ $# -eq 1 ]] || { echo "usage: $0 $CMD NODE   (was1, was2, was3 or gateway)" >&2; exit 2; }
	http_port "$1" >/dev/null
}

CMD=${1:-run}
case $CMD in
	run)
		for name in "${ALL[@]}"; do
			if pid_of "$name" >/dev/null || supervisor_of "$name" >/dev/null; then
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
		# As a crash of its machine: it stays down (no supervisor restarts it) until 'restart'.
		stop_supervisor "$1"
		if pid=$(pid_of "$1"); then
			kill -KILL "$pid"
			echo "killed $1 (pid $pid) with SIGKILL; '$0 restart $1' starts it again"
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
	-h | --help | help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' ;;
	*)
		echo "unknown command '$CMD'; try: $0 help" >&2
		exit 2
		;;
esac

#!/usr/bin/env bash
# Tandem's benchmark: the gateway side by side with nginx and HAProxy, in one run, on loopback.
#
#   deploy/bench/run.sh             full run (about 12 minutes): throughput, CPU and allocation per request,
#                                   fixed-rate latency, footprint
#   deploy/bench/run.sh --quick     the same, short and with one round (about 3 minutes), for trying it out
#   deploy/bench/run.sh options     compare JVM option sets for a Pi: start-up, RSS idle and under load
#   deploy/bench/run.sh jmh [ARGS]  the balancer's JMH benchmark (ARGS go to JMH, e.g. "-f 1 -i 5")
#   deploy/bench/run.sh compare OLD_GATEWAY_JAR NEW_GATEWAY_JAR
#                                   the gateway's CPU per proxied /hello, two gateway jars (about 7 minutes)
#   deploy/bench/run.sh prototype   the floor and the prototype outside Spring Cloud Gateway's pipeline: CPU
#                                   per proxied /hello (about 4 minutes)
#
# Starts two was-nodes and the gateway from the built jars (building them with ./mvnw when missing),
# a bare Spring Cloud Gateway from the gateway jar's libraries without Tandem's code (scg-bare,
# deploy/bench/bare/), the floor: a plain Reactor Netty proxy from the same jar's Netty and Reactor
# libraries, no Spring (deploy/bench/floor/), nginx and HAProxy as the closest equivalent configurations,
# all on 127.0.0.1, ports from $TANDEM_BENCH_PORT_BASE (default 18000: 18080 gateway, 19090 its admin,
# 18081/18082 the nodes, 15701/15702 Hazelcast, 18180 nginx, 18280 HAProxy, 18380 scg-bare, 19380 its
# admin, 18480 floor, 18580 prototype). Every throughput run also reads the CPU time of the target's own
# process(es) from /proc (CPU ms per request); after the rounds, one more /hello run per JVM target under a
# JFR recording of its threads' allocation (deploy/bench/allocation.jfc, deploy/bench/Allocation.java) gives
# the bytes allocated per request. Installs nginx, haproxy, wrk and procps (pgrep) with apt-get (as root) when
# missing. Stops exactly the processes it started, by pid, on exit.
#
# The JVMs run with the options of deploy/systemd/*.env.example (what a Pi gets) unless
# $TANDEM_BENCH_GATEWAY_OPTS / $TANDEM_BENCH_NODE_OPTS say otherwise, and start like the systemd units,
# from the jars extracted by deploy/systemd/tandem-cds.sh with their class data sharing archives
# ($TANDEM_BENCH_CDS=no: from the jars themselves). Tunables: $TANDEM_BENCH_ROUNDS,
# $TANDEM_BENCH_SECONDS (per wrk run), $TANDEM_BENCH_CONNECTIONS, $TANDEM_BENCH_THREADS,
# $TANDEM_BENCH_RATE (fixed-rate requests per second), $TANDEM_BENCH_SESSIONS (session pool size).
# Results: stdout and $TANDEM_BENCH_OUT (default .tandem/bench in the repository).
#
# compare: two was-nodes started once (from $TANDEM_BENCH_NODE_JAR when set, else the repository's), then
# each gateway jar in both orders (old, new, then new, old: a later jar meets warmer was-nodes), each
# started alone with the Pi options, warmed with $TANDEM_BENCH_COMPARE_WARMUP s (default 45) of wrk
# /hello, measured in $TANDEM_BENCH_ROUNDS rounds (default 2) of $TANDEM_BENCH_SECONDS s (default 15):
# req/s and the gateway process's CPU ms per request (/proc ticks over requests), then stopped. Prints
# the runs and new/old of the mean CPU ms per request, per order and overall. The old and the new gateway
# get extra arguments from $TANDEM_BENCH_OLD_GATEWAY_ARGS / $TANDEM_BENCH_NEW_GATEWAY_ARGS (split at spaces;
# @RUN@ becomes the run folder), so one jar can be compared with itself under two settings, e.g. the access
# log off and on:
#   TANDEM_BENCH_NEW_GATEWAY_ARGS='--tandem.gateway.access-log.enabled=true --tandem.gateway.access-log.path=@RUN@/access.log' \
#     deploy/bench/run.sh compare gateway/target/gateway.jar gateway/target/gateway.jar
#
# prototype: two was-nodes (started from their jar), the floor and deploy/bench/prototype/PrototypeProxy.java
# (a benchmark prototype, never shipped: the floor plus the per-request work of Tandem's features, with
# Tandem's balancing core and meter classes from the gateway jar's BOOT-INF/classes, Micrometer and
# spring-web's HttpMethod from its libraries; no Spring context), both with the gateway's Pi options, each
# warmed with $TANDEM_BENCH_PROTOTYPE_WARMUP s (default 20) of wrk /hello, then measured in $ROUNDS rounds
# (default 3) of $SECONDS_PER_RUN s (default 10), the two in alternating order: req/s and the process's CPU ms
# per /hello, prototype/floor per round; then one more /hello run each for the bytes allocated per request.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=$ROOT/deploy/bench
GATEWAY_JAR=$ROOT/gateway/target/gateway.jar
NODE_JAR=${TANDEM_BENCH_NODE_JAR:-$ROOT/was-node/target/was-node.jar}
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
# The JDK's tools next to that java (javac for scg-bare and the floor, jcmd for the allocation recordings).
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
CLK_TCK=$(getconf CLK_TCK)

MODE=full
case "${1:-}" in
	--quick) MODE=quick ;;
	options) MODE=options ;;
	prototype) MODE=prototype ;;
	compare)
		if (($# != 3)) || [[ ! -f $2 || ! -f $3 ]]; then
			echo "usage: $0 compare OLD_GATEWAY_JAR NEW_GATEWAY_JAR (two gateway jars)" >&2
			exit 2
		fi
		MODE=compare OLD_GATEWAY_JAR=$(readlink -f "$2") NEW_GATEWAY_JAR=$(readlink -f "$3")
		;;
	jmh)
		shift
		cd "$ROOT"
		exec ./mvnw -B -pl gateway -am -Pjmh test -DskipTests ${1:+"-Djmh.args=$*"}
		;;
	"") ;;
	*) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac

if [[ $MODE == quick ]]; then
	ROUNDS=${TANDEM_BENCH_ROUNDS:-1} SECONDS_PER_RUN=${TANDEM_BENCH_SECONDS:-4} WARMUP=2 WARMUP_PASSES=2 FIXED_SECONDS=3
elif [[ $MODE == compare ]]; then
	ROUNDS=${TANDEM_BENCH_ROUNDS:-2} SECONDS_PER_RUN=${TANDEM_BENCH_SECONDS:-15} WARMUP=${TANDEM_BENCH_COMPARE_WARMUP:-45}
elif [[ $MODE == prototype ]]; then
	ROUNDS=${TANDEM_BENCH_ROUNDS:-3} SECONDS_PER_RUN=${TANDEM_BENCH_SECONDS:-10} WARMUP=${TANDEM_BENCH_PROTOTYPE_WARMUP:-20}
else
	ROUNDS=${TANDEM_BENCH_ROUNDS:-3} SECONDS_PER_RUN=${TANDEM_BENCH_SECONDS:-10} WARMUP=4 WARMUP_PASSES=4 FIXED_SECONDS=8
fi
# options: warm-up and measured seconds per option set and path.
OPTION_WARMUP=${TANDEM_BENCH_OPTION_WARMUP:-15} OPTION_SECONDS=${TANDEM_BENCH_OPTION_SECONDS:-15}
CONNECTIONS=${TANDEM_BENCH_CONNECTIONS:-16}
THREADS=${TANDEM_BENCH_THREADS:-1}
RATE=${TANDEM_BENCH_RATE:-200}
SESSIONS=${TANDEM_BENCH_SESSIONS:-64}
CDS=${TANDEM_BENCH_CDS:-yes}
BASE=${TANDEM_BENCH_PORT_BASE:-18000}
GATEWAY_PORT=$((BASE + 80)) ADMIN_PORT=$((BASE + 1090)) WAS1_PORT=$((BASE + 81)) WAS2_PORT=$((BASE + 82))
HZ1_PORT=$((BASE - 2299)) HZ2_PORT=$((BASE - 2298)) NGINX_PORT=$((BASE + 180)) HAPROXY_PORT=$((BASE + 280))
SCG_PORT=$((BASE + 380)) SCG_ADMIN_PORT=$((BASE + 1380)) FLOOR_PORT=$((BASE + 480)) PROTOTYPE_PORT=$((BASE + 580))
# The same two members and weights for the gateway, nginx and HAProxy.
WAS1_WEIGHT=1 WAS2_WEIGHT=1
WARMUP_DONE=0
# Class data sharing folders of the gateway and the was-nodes (prepare_cds); empty: start the jars.
GATEWAY_CDS= NODE_CDS=
# Extra arguments of the gateway started next (compare sets them per jar).
GATEWAY_ARGS=()

RUN=$(mktemp -d /tmp/tandem-bench.XXXXXX)
OUT=${TANDEM_BENCH_OUT:-$ROOT/.tandem/bench}
# The gateway's management port needs a login for its members' states: a viewer with a password of this
# run ({noop}: no JVM start to encode it; the gateway warns about it once). Its state (runtime changes,
# audit log) stays in the run folder, so no run sees another's.
BENCH_USER=bench
BENCH_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '\n' | tr '+/' '-_')
GATEWAY_STATE=$RUN/gateway-state
declare -A PIDS=()

# --- processes -------------------------------------------------------------------------------

# Stops the named processes started here (no names: all of them) by their pids: SIGTERM, SIGKILL
# after 30 s; forgets them.
stop_all() {
	local names=("$@") name pid deadline
	((${#names[@]} > 0)) || names=("${!PIDS[@]}")
	for name in "${names[@]}"; do
		kill -TERM "${PIDS[$name]}" 2>/dev/null || true
	done
	deadline=$((SECONDS + 30))
	for name in "${names[@]}"; do
		pid=${PIDS[$name]}
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
		kill -KILL "$pid" 2>/dev/null || true
		unset "PIDS[$name]"
	done
}
trap 'stop_all; echo "run folder (logs, configs): $RUN"' EXIT
trap 'exit 130' INT TERM

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

now_ms() {
	date +%s%3N
}

# Waits until URL answers 2xx; prints the milliseconds since START_MS. Fails after 180 s or when PID exits.
wait_ready() {
	local name=$1 url=$2 start_ms=$3 deadline=$((SECONDS + 180))
	while ! curl -fsS --max-time 2 -o /dev/null "$url" 2>/dev/null; do
		if ! kill -0 "${PIDS[$name]}" 2>/dev/null || ((SECONDS >= deadline)); then
			echo "$name did not get ready; the end of $RUN/$name.log:" >&2
			tail -n 30 "$RUN/$name.log" >&2 || true
			return 1
		fi
		sleep 0.1
	done
	echo $(($(now_ms) - start_ms))
}

rss_kib() {
	awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

mib() {
	awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'
}

# Reads JAVA_OPTS from an example env file of the systemd units, the options a Pi gets.
pi_options() {
	pi_setting "$1" JAVA_OPTS
}

# Reads one variable from an example env file of the systemd units (empty when unset).
pi_setting() {
	(
		set +u
		# shellcheck disable=SC1090
		source "$ROOT/deploy/systemd/$1.env.example"
		echo "${!2}"
	)
}

# The glibc malloc arena limit the env files give the JVMs (systemd passes it on); the
# JVMs here get the same, nginx and HAProxy are left alone.
# env execs the JVM, so $! stays the JVM's pid.
MALLOC_ARENAS=$(pi_setting tandem-gateway MALLOC_ARENA_MAX)
JVM_ENV=(env ${MALLOC_ARENAS:+MALLOC_ARENA_MAX=$MALLOC_ARENAS})

# What a Tandem JVM starts from: its jar, or, with class data sharing (DIR not empty), the jar
# extracted into DIR by deploy/systemd/tandem-cds.sh and its archive, as the systemd units start it.
# Prints the java arguments, one a line.
launch_args() {
	local jar=$1 dir=$2
	if [[ -n $dir ]]; then
		printf '%s\n' "-XX:SharedArchiveFile=$dir/app.jsa" -jar "$dir/$(basename "$jar")"
	else
		printf '%s\n' -jar "$jar"
	fi
}

# Extracts both jars and records their class data sharing archives with deploy/systemd/tandem-cds.sh
# (training arguments like the units': loopback, a Hazelcast cluster of its own); sets GATEWAY_CDS
# and NODE_CDS, which start_gateway and start_node then use.
prepare_cds() {
	local gateway_opts=$1 node_opts=$2
	GATEWAY_CDS=$RUN/cds-gateway NODE_CDS=$RUN/cds-was-node
	cds_gateway "$GATEWAY_JAR" "$GATEWAY_CDS" "$gateway_opts" "$RUN/gateway-state-cds"
	cds_node "$NODE_CDS" "$node_opts"
}

# The class data sharing archive of gateway JAR in DIR, trained with OPTS; the training run's state
# folder is STATE (in the run folder, like every gateway started here).
cds_gateway() {
	local jar=$1 dir=$2 opts=$3 state=$4
	JAVA=$JAVA JAVA_OPTS=$opts "$ROOT/deploy/systemd/tandem-cds.sh" "$jar" "$dir" \
		--server.port=0 --management.server.port=0 '--tandem.gateway.members[0].id=a' \
		'--tandem.gateway.members[0].uri=http://127.0.0.1:9' --tandem.gateway.admin.state-dir="$state"
}

# The class data sharing archive of the was-node jar in DIR, trained with OPTS.
cds_node() {
	local dir=$1 opts=$2
	JAVA=$JAVA JAVA_OPTS=$opts "$ROOT/deploy/systemd/tandem-cds.sh" "$NODE_JAR" "$dir" \
		--server.port=0 --tandem.node.cluster.interface=127.0.0.1 --tandem.node.cluster.port="$((BASE - 2200))" \
		--tandem.node.cluster.members="127.0.0.1:$((BASE - 2200))" --tandem.node.cluster.name="cds-$BASE"
}

start_node() {
	local n=$1 opts=$2 port hz launch
	port=$((BASE + 80 + n)) hz=$((BASE - 2300 + n))
	read -r -a jvm <<<"$opts"
	mapfile -t launch < <(launch_args "$NODE_JAR" "$NODE_CDS")
	"${JVM_ENV[@]}" "$JAVA" "${jvm[@]}" "${launch[@]}" --server.port="$port" --tandem.node.id="was$n" \
		--tandem.node.cluster.port="$hz" --tandem.node.cluster.members="127.0.0.1:$HZ1_PORT,127.0.0.1:$HZ2_PORT" \
		--tandem.node.cluster.interface=127.0.0.1 --tandem.node.cluster.name="bench-$BASE" \
		--tandem.node.shutdown.drain-wait=0s --tandem.node.demo.password=bench \
		>"$RUN/was$n.log" 2>&1 </dev/null &
	PIDS[was$n]=$!
}

start_gateway() {
	local opts=$1 launch
	read -r -a jvm <<<"$opts"
	mapfile -t launch < <(launch_args "$GATEWAY_JAR" "$GATEWAY_CDS")
	# The user goes in by environment, not on the command line (ps shows that); the subshell
	# execs, so $! is the JVM's pid.
	(
		export TANDEM_GATEWAY_ADMIN_USERS_0_NAME=$BENCH_USER TANDEM_GATEWAY_ADMIN_USERS_0_ROLE=viewer
		export TANDEM_GATEWAY_ADMIN_USERS_0_PASSWORD="{noop}$BENCH_PASSWORD"
		exec "${JVM_ENV[@]}" "$JAVA" "${jvm[@]}" "${launch[@]}" --server.port="$GATEWAY_PORT" \
			--management.server.port="$ADMIN_PORT" --tandem.gateway.admin.state-dir="$GATEWAY_STATE" \
			'--tandem.gateway.members[0].id=was1' "--tandem.gateway.members[0].uri=http://127.0.0.1:$WAS1_PORT" \
			"--tandem.gateway.members[0].weight=$WAS1_WEIGHT" \
			'--tandem.gateway.members[1].id=was2' "--tandem.gateway.members[1].uri=http://127.0.0.1:$WAS2_PORT" \
			"--tandem.gateway.members[1].weight=$WAS2_WEIGHT" ${GATEWAY_ARGS[@]+"${GATEWAY_ARGS[@]}"}
	) >"$RUN/gateway.log" 2>&1 </dev/null &
	PIDS[gateway]=$!
}

# The bare Spring Cloud Gateway: the gateway jar's libraries (BOOT-INF/lib) without Tandem's classes
# (BOOT-INF/classes and any library jar holding dev/tandem classes stay out), plus
# deploy/bench/bare/BareGateway.java compiled here, configured by deploy/bench/bare/bare.yml alone.
prepare_bare() {
	local dir=$RUN/scg-bare jar
	mkdir -p "$dir/lib" "$dir/classes"
	unzip -q -o "$GATEWAY_JAR" 'BOOT-INF/lib/*' -d "$dir/jar"
	for jar in "$dir"/jar/BOOT-INF/lib/*.jar; do
		if unzip -Z1 "$jar" 2>/dev/null | grep -q '^dev/tandem/'; then
			echo "scg-bare leaves out $(basename "$jar") (Tandem's code)"
		else
			mv "$jar" "$dir/lib/"
		fi
	done
	"$JDK_BIN/javac" -nowarn -cp "$dir/lib/*" -d "$dir/classes" \
		"$BENCH/bare/BareGateway.java"
	sed -e "s|@SCG_PORT@|$SCG_PORT|g" -e "s|@SCG_ADMIN_PORT@|$SCG_ADMIN_PORT|g" -e "s|@WAS1_PORT@|$WAS1_PORT|g" \
		-e "s|@WAS2_PORT@|$WAS2_PORT|g" "$BENCH/bare/bare.yml" >"$dir/bare.yml"
}

# Starts scg-bare with the gateway's JVM options; sets READY_MS[scg-bare].
start_bare() {
	local opts=$1 dir=$RUN/scg-bare t0
	read -r -a jvm <<<"$opts"
	t0=$(now_ms)
	"${JVM_ENV[@]}" "$JAVA" "${jvm[@]}" -cp "$dir/classes:$dir/lib/*" bench.bare.BareGateway \
		--spring.config.location="file:$dir/bare.yml" >"$RUN/scg-bare.log" 2>&1 </dev/null &
	PIDS[scg-bare]=$!
	READY_MS[scg-bare]=$(wait_ready scg-bare "http://127.0.0.1:$SCG_ADMIN_PORT/actuator/health/readiness" "$t0")
}

# The floor's classpath: the Netty, Reactor and Reactive Streams jars of scg-bare's libraries (prepare_bare
# extracts them from the gateway jar), nothing else: no Spring, and no logging library, so Netty and Reactor
# log warnings only, through their own fallbacks.
FLOOR_CP=
prepare_floor() {
	local dir=$RUN/floor
	mkdir -p "$dir/classes"
	FLOOR_CP=$(printf '%s:' "$RUN"/scg-bare/lib/{netty,reactor,reactive-streams}-*.jar)
	FLOOR_CP=${FLOOR_CP%:}
	"$JDK_BIN/javac" -nowarn -cp "$FLOOR_CP" -d "$dir/classes" "$BENCH/floor/FloorProxy.java"
	echo "floor: $(tr ':' ' ' <<<"$FLOOR_CP" | wc -w) jars of the gateway's libraries on its classpath"
}

# Starts the floor (FloorProxy round robin over was1 and was2) with the gateway's JVM options; ready when a
# /hello through it answers; sets READY_MS[floor].
start_floor() {
	local opts=$1 t0 jvm
	read -r -a jvm <<<"$opts"
	t0=$(now_ms)
	"${JVM_ENV[@]}" "$JAVA" "${jvm[@]}" -cp "$RUN/floor/classes:$FLOOR_CP" bench.floor.FloorProxy "$FLOOR_PORT" \
		"http://127.0.0.1:$WAS1_PORT" "http://127.0.0.1:$WAS2_PORT" >"$RUN/floor.log" 2>&1 </dev/null &
	PIDS[floor]=$!
	READY_MS[floor]=$(wait_ready floor "http://127.0.0.1:$FLOOR_PORT/hello" "$t0")
}

# The prototype's classpath: the floor's, Tandem's own classes (the gateway jar's BOOT-INF/classes: the
# balancing core, the meters) and the libraries they use (Micrometer and what it needs, spring-web's HttpMethod
# and spring-core), still no logging library.
PROTOTYPE_CP=
prepare_prototype() {
	local dir=$RUN/prototype
	mkdir -p "$dir/classes"
	unzip -q -o "$GATEWAY_JAR" 'BOOT-INF/classes/*' -d "$dir/jar"
	local libraries=(micrometer-core micrometer-commons micrometer-observation HdrHistogram LatencyUtils spring-web
		spring-core spring-jcl)
	local jars=() name
	for name in "${libraries[@]}"; do jars+=("$RUN/scg-bare/lib/$name"-[0-9]*.jar); done
	PROTOTYPE_CP=$dir/jar/BOOT-INF/classes:$FLOOR_CP$(printf ':%s' "${jars[@]}")
	"$JDK_BIN/javac" -nowarn -cp "$PROTOTYPE_CP" -d "$dir/classes" "$BENCH/prototype/PrototypeProxy.java"
	echo "prototype: $(tr ':' ' ' <<<"$PROTOTYPE_CP" | wc -w) classpath entries (the floor's jars, Tandem's classes," \
		"${libraries[*]})"
}

# Starts the prototype (PrototypeProxy, Tandem's balancer over was1 and was2, weights 1:1) with the gateway's JVM
# options; ready when a /hello through it answers; sets READY_MS[prototype].
start_prototype() {
	local opts=$1 t0 jvm
	read -r -a jvm <<<"$opts"
	t0=$(now_ms)
	"${JVM_ENV[@]}" "$JAVA" "${jvm[@]}" -cp "$RUN/prototype/classes:$PROTOTYPE_CP" bench.prototype.PrototypeProxy \
		"$PROTOTYPE_PORT" "was1=http://127.0.0.1:$WAS1_PORT" "was2=http://127.0.0.1:$WAS2_PORT" \
		>"$RUN/prototype.log" 2>&1 </dev/null &
	PIDS[prototype]=$!
	READY_MS[prototype]=$(wait_ready prototype "http://127.0.0.1:$PROTOTYPE_PORT/hello" "$t0")
}

# Starts was1, then was2, then the gateway, each alone so its time to readiness is its own.
# Sets READY_MS[name].
declare -A READY_MS=()
start_cluster() {
	local node_opts=$1 gateway_opts=$2 n t0
	for n in 1 2; do
		t0=$(now_ms)
		start_node "$n" "$node_opts"
		READY_MS[was$n]=$(wait_ready "was$n" "http://127.0.0.1:$((BASE + 80 + n))/actuator/health/readiness" "$t0")
	done
	start_gateway_ready "$gateway_opts"
}

# Starts the gateway ($GATEWAY_JAR, $GATEWAY_CDS, $GATEWAY_STATE) and waits until it is ready and sees
# both members up; sets READY_MS[gateway].
start_gateway_ready() {
	local gateway_opts=$1 t0
	t0=$(now_ms)
	start_gateway "$gateway_opts"
	READY_MS[gateway]=$(wait_ready gateway "http://127.0.0.1:$ADMIN_PORT/actuator/health/readiness" "$t0")
	# Both members up in the gateway's health checks (rise 2) before any load.
	local deadline=$((SECONDS + 30))
	until curl -fsS -u "$BENCH_USER:$BENCH_PASSWORD" "http://127.0.0.1:$ADMIN_PORT/actuator/health" 2>/dev/null |
		grep -o '"state":"UP"' | wc -l | grep -q '^2$'; do
		((SECONDS < deadline)) || { echo "the gateway does not see both members up" >&2; break; }
		sleep 0.2
	done
}

render() {
	sed -e "s|@DIR@|$RUN|g" -e "s|@WAS1_PORT@|$WAS1_PORT|g" -e "s|@WAS2_PORT@|$WAS2_PORT|g" \
		-e "s|@WAS1_WEIGHT@|$WAS1_WEIGHT|g" -e "s|@WAS2_WEIGHT@|$WAS2_WEIGHT|g" \
		-e "s|@NGINX_PORT@|$NGINX_PORT|g" -e "s|@HAPROXY_PORT@|$HAPROXY_PORT|g" "$1" >"$2"
}

start_peers() {
	render "$BENCH/nginx.conf" "$RUN/nginx.conf"
	render "$BENCH/haproxy.cfg" "$RUN/haproxy.cfg"
	nginx -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log" >"$RUN/nginx.log" 2>&1 </dev/null &
	PIDS[nginx]=$!
	haproxy -db -f "$RUN/haproxy.cfg" >"$RUN/haproxy.log" 2>&1 </dev/null &
	PIDS[haproxy]=$!
	local t0
	t0=$(now_ms)
	wait_ready nginx "http://127.0.0.1:$NGINX_PORT/hello" "$t0" >/dev/null
	wait_ready haproxy "http://127.0.0.1:$HAPROXY_PORT/hello" "$t0" >/dev/null
}

# --- preparation -----------------------------------------------------------------------------

install_tools() {
	local missing=()
	command -v wrk >/dev/null || missing+=(wrk)
	[[ $MODE == options || $MODE == compare || $MODE == prototype ]] || {
		command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
		command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
		command -v pgrep >/dev/null || missing+=(procps)
	}
	((${#missing[@]} == 0)) && return 0
	if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
		echo "Missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]}) or run as root." >&2
		exit 1
	fi
	echo "Installing ${missing[*]} ..."
	apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
	# The Debian packages start their own service; this benchmark starts its own instances only.
	if [[ " ${missing[*]} " == *" nginx "* || " ${missing[*]} " == *" haproxy "* ]] && command -v service >/dev/null; then
		service nginx stop >/dev/null 2>&1 || true
		service haproxy stop >/dev/null 2>&1 || true
	fi
}

build_jars() {
	if [[ -n ${TANDEM_BENCH_NODE_JAR:-} && ! -f $NODE_JAR ]]; then
		echo "TANDEM_BENCH_NODE_JAR: $NODE_JAR is not a file" >&2
		exit 1
	fi
	# compare brings its own gateway jars.
	if [[ ! -f $NODE_JAR || ($MODE != compare && ! -f $GATEWAY_JAR) ]]; then
		echo "Building the jars (./mvnw package -DskipTests) ..."
		(cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl gateway,was-node -am)
	fi
}

check_ports() {
	local port
	for port in "$@"; do
		if port_in_use "$port"; then
			echo "Port $port is in use; choose other ports with TANDEM_BENCH_PORT_BASE." >&2
			exit 1
		fi
	done
}

# Creates $SESSIONS sessions through a target; writes one Cookie header value a line, with every
# cookie the target set (the session and the target's own affinity cookie).
session_pool() {
	local name=$1 port=$2 file=$RUN/cookies-$1.txt i jar
	: >"$file"
	for ((i = 0; i < SESSIONS; i++)); do
		jar=$RUN/jar
		rm -f "$jar"
		curl -fsS -o /dev/null -c "$jar" "http://127.0.0.1:$port/session"
		awk -F'\t' 'NF >= 7 && $1 !~ /^#/ || $1 ~ /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 } END { print "" }' "$jar" >>"$file"
	done
}

# --- measurements ----------------------------------------------------------------------------

target_port() {
	case $1 in
		direct) echo "$WAS1_PORT" ;; gateway) echo "$GATEWAY_PORT" ;; nginx) echo "$NGINX_PORT" ;;
		haproxy) echo "$HAPROXY_PORT" ;; scg-bare) echo "$SCG_PORT" ;; floor) echo "$FLOOR_PORT" ;;
		prototype) echo "$PROTOTYPE_PORT" ;;
	esac
}

# The processes whose CPU time a target's requests cost, one pid a line: was1's JVM for direct, nginx's
# master and its workers (its children), HAProxy's one process (threads), the JVM of the others.
target_pids() {
	case $1 in
		direct) echo "${PIDS[was1]}" ;;
		nginx) echo "${PIDS[nginx]}"; pgrep -P "${PIDS[nginx]}" || true ;;
		*) echo "${PIDS[$1]}" ;;
	esac
}

# CPU time (user + system) of a whole process, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# CPU time of a target's processes together, in clock ticks (a process gone meanwhile counts 0).
target_ticks() {
	local pid ticks sum=0
	for pid in $(target_pids "$1"); do
		ticks=$(cpu_ticks "$pid" 2>/dev/null) || ticks=0
		sum=$((sum + ${ticks:-0}))
	done
	echo "$sum"
}

# Milliseconds of CPU per request from TICKS over REQUESTS (0 without requests).
ms_per_request() {
	awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN { printf "%.3f", (n > 0) ? t * 1000 / hz / n : 0 }'
}

# wrk once; prints "req/s p50 p99 errors requests".
wrk_once() {
	local target=$1 path=$2 seconds=$3 cookies=
	[[ $path == /session ]] && cookies=$RUN/cookies-$target.txt
	COOKIES=$cookies wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s "$BENCH/wrk.lua" \
		"http://127.0.0.1:$(target_port "$target")$path" 2>&1 | awk '$1 == "RESULT" { print $2, $3, $4, $5, $6 }'
}

# Samples the JVMs' RSS every second into $RUN/rss.txt while the load runs.
sample_rss() {
	while :; do
		for name in gateway scg-bare floor was1 was2; do
			if [[ -n ${PIDS[$name]:-} ]]; then echo "$name $(rss_kib "${PIDS[$name]}" VmRSS)"; fi
		done >>"$RUN/rss.txt"
		sleep 1
	done
}

# One measured wrk run of a target on a path: req/s, latency, errors and the target's CPU ms per request,
# printed and appended to the results file as "PATH TARGET ROUND <wrk line> CPU_MS".
measure_round() {
	local t=$1 path=$2 round=$3 results=$4 ticks0 ticks1 line requests cpu_ms
	ticks0=$(target_ticks "$t")
	line=$(wrk_once "$t" "$path" "$SECONDS_PER_RUN")
	ticks1=$(target_ticks "$t")
	read -r _ _ _ _ requests <<<"$line"
	if [[ -z ${requests:-} ]]; then
		echo "wrk gave no result for $t $path" >&2
		exit 1
	fi
	cpu_ms=$(ms_per_request $((ticks1 - ticks0)) "$requests")
	echo "round $round $path $t: $line, CPU $cpu_ms ms per request"
	echo "$path $t $round $line $cpu_ms" >>"$results"
}

# C2 compiler CPU time of the JVMs started (gateway, scg-bare, floor, was1, was2), in clock ticks.
c2_all() {
	local name sum=0
	for name in gateway scg-bare floor was1 was2; do
		if [[ -n ${PIDS[$name]:-} ]]; then sum=$((sum + $(c2_ticks "${PIDS[$name]}"))); fi
	done
	echo "$sum"
}

# C2 compiler CPU time of a JVM, in clock ticks.
c2_ticks() {
	local task sum=0
	for task in /proc/"$1"/task/*; do
		[[ $(cat "$task/comm" 2>/dev/null) == "C2 CompilerThre" ]] && sum=$((sum + $(awk '{ print $14 + $15 }' "$task/stat")))
	done
	echo "$sum"
}

# Loads every target and path in turn until the JIT of the gateway and the nodes has settled (their
# C2 compilers used under 0.3 s of CPU in the last pass), at most WARMUP_PASSES passes. The gateway
# needs far longer than Tomcat: measured here, its C2 compiler used over 20 s of CPU before its
# throughput stopped climbing; measuring before that compares a half-compiled gateway.
warm_up() {
	local pass before after path target
	for ((pass = 1; pass <= WARMUP_PASSES; pass++)); do
		before=$(c2_all)
		for path in /hello /session; do
			for target in "$@"; do wrk_once "$target" "$path" "$WARMUP" >/dev/null; done
		done
		after=$(c2_all)
		echo "warm-up pass $pass: C2 compilers used $(awk -v t=$((after - before)) 'BEGIN { printf "%.1f", t / 100 }') s of CPU"
		WARMUP_DONE=$pass
		if ((after - before < 30)); then break; fi
	done
}

# Prints a Markdown table from "path target round rps p50 p99 errors requests cpu_ms" lines.
throughput_table() {
	awk '
	function median(list, n,    a, i, j, t) {
		for (i = 1; i <= n; i++) a[i] = list[i]
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ key = $1 " " $2; n[key]++; k = n[key]
	  rps[key, k] = $4; p50[key, k] = $5; p99[key, k] = $6; err[key] += $7; reqs[key] += $8; cpu[key, k] = $9
	  direct[$1, $3] = ($2 == "direct") ? $4 : direct[$1, $3]; round[key, k] = $3
	  if (!(key in seen)) { seen[key] = 1; order[++keys] = key } }
	END {
		print "| path | target | req/s (median) | req/s min-max | p50 ms | p99 ms | errors / requests | ratio to direct (median) | ratio min-max | CPU ms per request (median) |"
		print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
		for (o = 1; o <= keys; o++) {
			key = order[o]; split(key, parts, " ")
			m = n[key]; lo = 1e18; hi = 0; rlo = 1e18; rhi = 0
			for (k = 1; k <= m; k++) {
				a[k] = rps[key, k]; b[k] = p50[key, k]; c[k] = p99[key, k]; d[k] = cpu[key, k]
				r[k] = rps[key, k] / direct[parts[1], round[key, k]]
				if (a[k] < lo) lo = a[k]; if (a[k] > hi) hi = a[k]
				if (r[k] < rlo) rlo = r[k]; if (r[k] > rhi) rhi = r[k]
			}
			printf "| `%s` | %s | %.0f | %.0f-%.0f | %.2f | %.2f | %d / %d | %.2f | %.2f-%.2f | %.3f |\n",
				parts[1], parts[2], median(a, m), lo, hi, median(b, m), median(c, m), err[key], reqs[key],
				median(r, m), rlo, rhi, median(d, m)
		}
	}' "$1"
}

# Per path, the median and spread of TARGET's field FIELD over OTHER's within each round, from the
# results file (fields as in throughput_table: 4 req/s, 9 CPU ms per request), e.g. "`/hello` 0.52 (0.50-0.55)".
round_ratio() {
	awk -v a="$1" -v b="$2" -v f="$3" '$2 == a { g[$1, $3] = $f } $2 == b { o[$1, $3] = $f; if (!(($1) in seen)) { seen[$1] = 1; paths[++np] = $1 } }
		END { for (p = 1; p <= np; p++) { n = 0; lo = 1e9; hi = 0
			for (k in o) { split(k, kk, SUBSEP); if (kk[1] != paths[p] || !(k in g) || o[k] == 0) continue
				r[++n] = g[k] / o[k]; if (r[n] < lo) lo = r[n]; if (r[n] > hi) hi = r[n] }
			for (i = 2; i <= n; i++) for (j = i; j > 1 && r[j - 1] > r[j]; j--) { t = r[j]; r[j] = r[j - 1]; r[j - 1] = t }
			m = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
			printf "%s`%s` %.2f (%.2f-%.2f)", (p > 1 ? "; " : ""), paths[p], m, lo, hi } }' "$4"
}

# Which members answer four /hello through the proxy on PORT, e.g. "was1 2×, was2 2×" (round robin).
member_spread() {
	for _ in 1 2 3 4; do curl -fsS --max-time 5 "http://127.0.0.1:$1/hello" || echo "Hello from nobody"; done |
		sort | uniq -c | awk '{ printf "%s%s %d×", (n++ ? ", " : ""), $4, $1 }'
}

# Bytes the JVM of TARGET allocates per /hello: one more wrk run of /hello inside a JFR recording of its
# threads' allocated bytes only (deploy/bench/allocation.jfc, a sample a second). The recording starts and
# stops a little over a second away from the run, so its first and last samples enclose the run (and up to
# that much idle time); deploy/bench/Allocation.java sums each thread's last minus first sample. Appends
# "target bytes requests req/s" to FILE.
measure_allocation() {
	local target=$1 file=$2 pid recording=$RUN/allocation-$1.jfr line bytes rps requests
	pid=$(target_pids "$target")
	if ! "$JDK_BIN/jcmd" "$pid" JFR.start name=tandem-bench-allocation settings="$BENCH/allocation.jfc" \
		filename="$recording" >"$RUN/jcmd-$target.log" 2>&1; then
		echo "allocation $target: jcmd could not start a recording, see $RUN/jcmd-$target.log" >&2
		return 0
	fi
	sleep 1.5
	line=$(wrk_once "$target" /hello "$SECONDS_PER_RUN")
	sleep 1.5
	"$JDK_BIN/jcmd" "$pid" JFR.stop name=tandem-bench-allocation >>"$RUN/jcmd-$target.log" 2>&1 || true
	if ! bytes=$("$JAVA" "$BENCH/Allocation.java" "$recording" 2>>"$RUN/jcmd-$target.log"); then
		echo "allocation $target: no recording to read, see $RUN/jcmd-$target.log" >&2
		return 0
	fi
	read -r rps _ _ _ requests <<<"$line"
	echo "allocation $target: $bytes bytes over ${requests:-0} requests ($line)"
	echo "$target $bytes ${requests:-0} ${rps:-0}" >>"$file"
}

benchmark() {
	local node_opts gateway_opts results=$RUN/throughput.txt targets=(direct gateway scg-bare floor nginx haproxy)
	local allocation=$RUN/allocation.txt jvm_targets=(direct gateway scg-bare floor) load_start started=$SECONDS
	load_start=$(cut -d' ' -f1-3 /proc/loadavg)
	node_opts=${TANDEM_BENCH_NODE_OPTS:-$(pi_options tandem-was-node)}
	gateway_opts=${TANDEM_BENCH_GATEWAY_OPTS:-$(pi_options tandem-gateway)}
	check_ports "$GATEWAY_PORT" "$ADMIN_PORT" "$WAS1_PORT" "$WAS2_PORT" "$HZ1_PORT" "$HZ2_PORT" "$NGINX_PORT" "$HAPROXY_PORT" \
		"$SCG_PORT" "$SCG_ADMIN_PORT" "$FLOOR_PORT"
	prepare_bare
	prepare_floor
	if [[ $CDS == yes ]]; then
		echo "Extracting the jars and recording their class data sharing archives, as the systemd units do ..."
		prepare_cds "$gateway_opts" "$node_opts"
	fi
	echo "Starting was1, was2, the gateway, scg-bare and the floor (logs in $RUN) ..."
	start_cluster "$node_opts" "$gateway_opts"
	start_bare "$gateway_opts"
	start_floor "$gateway_opts"
	# No Tandem bean may exist in scg-bare (its package is outside dev.tandem, its classpath has no Tandem jar).
	local tandem_beans=unknown beans=$RUN/scg-bare-beans.json
	if curl -fsS -o "$beans" "http://127.0.0.1:$SCG_ADMIN_PORT/actuator/beans"; then
		tandem_beans=$(awk '{ n += gsub(/dev\.tandem/, "") } END { print n + 0 }' "$beans")
		echo "scg-bare: $(awk '{ n += gsub(/"scope":/, "") } END { print n + 0 }' "$beans") beans, $tandem_beans mentions of dev.tandem"
	fi
	# Which members answer four /hello through scg-bare and the floor (round robin: both, twice each).
	local bare_spread floor_spread
	bare_spread=$(member_spread "$SCG_PORT") floor_spread=$(member_spread "$FLOOR_PORT")
	echo "scg-bare: four /hello answered by $bare_spread; floor: by $floor_spread"
	start_peers
	local idle_gateway idle_node idle_bare idle_floor
	sleep 2
	idle_gateway=$(rss_kib "${PIDS[gateway]}" VmRSS) idle_node=$(rss_kib "${PIDS[was1]}" VmRSS)
	idle_bare=$(rss_kib "${PIDS[scg-bare]}" VmRSS) idle_floor=$(rss_kib "${PIDS[floor]}" VmRSS)

	echo "Creating $SESSIONS sessions through each target ..."
	for target in "${targets[@]}"; do session_pool "$target" "$(target_port "$target")"; done

	sample_rss &
	local sampler=$!
	PIDS[sampler]=$sampler

	warm_up "${targets[@]}"
	: >"$results"
	local round i
	for ((round = 1; round <= ROUNDS; round++)); do
		for path in /hello /session; do
			# Alternate the order each round, so no target always runs first or last.
			for ((i = 0; i < ${#targets[@]}; i++)); do
				measure_round "${targets[$(((i + round - 1) % ${#targets[@]}))]}" "$path" "$round" "$results"
			done
		done
	done

	echo "Fixed rate: $RATE req/s, ${FIXED_SECONDS}s per target, $ROUNDS rounds ..."
	"$JAVA" "$BENCH/Driver.java" "$RATE" "$FIXED_SECONDS" "$ROUNDS" 8 \
		"direct=http://127.0.0.1:$WAS1_PORT/hello" "gateway=http://127.0.0.1:$GATEWAY_PORT/hello" \
		"scg-bare=http://127.0.0.1:$SCG_PORT/hello" "floor=http://127.0.0.1:$FLOOR_PORT/hello" \
		"nginx=http://127.0.0.1:$NGINX_PORT/hello" "haproxy=http://127.0.0.1:$HAPROXY_PORT/hello" >"$RUN/fixed.txt"

	kill "$sampler" 2>/dev/null || true
	unset 'PIDS[sampler]'

	# The footprint before the allocation recordings, which load JFR into the JVMs.
	local report=$RUN/results.md gateway_hwm node_hwm load_gateway load_node bare_hwm load_bare floor_hwm load_floor
	load_gateway=$(awk '$1 == "gateway" && $2 > m { m = $2 } END { print m + 0 }' "$RUN/rss.txt")
	load_bare=$(awk '$1 == "scg-bare" && $2 > m { m = $2 } END { print m + 0 }' "$RUN/rss.txt")
	load_floor=$(awk '$1 == "floor" && $2 > m { m = $2 } END { print m + 0 }' "$RUN/rss.txt")
	bare_hwm=$(rss_kib "${PIDS[scg-bare]}" VmHWM) floor_hwm=$(rss_kib "${PIDS[floor]}" VmHWM)
	load_node=$(awk '($1 == "was1" || $1 == "was2") && $2 > m { m = $2 } END { print m + 0 }' "$RUN/rss.txt")
	gateway_hwm=$(rss_kib "${PIDS[gateway]}" VmHWM) node_hwm=$(rss_kib "${PIDS[was1]}" VmHWM)

	echo "Allocation: one more /hello run of ${SECONDS_PER_RUN}s per JVM, inside a JFR recording of allocated bytes ..."
	: >"$allocation"
	for t in "${jvm_targets[@]}"; do measure_allocation "$t" "$allocation"; done
	local load_end
	load_end=$(cut -d' ' -f1-3 /proc/loadavg)

	# --- report ---
	{
		echo "## Tandem benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo
		echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr)," \
			"$("$JAVA" -version 2>&1 | head -1); nginx $(nginx -v 2>&1 | sed 's|.*/||'), HAProxy $(haproxy -v | awk 'NR == 1 { print $3 }'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }')."
		echo
		echo "Command: \`deploy/bench/run.sh$([[ $MODE == quick ]] && echo ' --quick')\` → per run \`wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s --timeout 10s -s deploy/bench/wrk.lua URL\`," \
			"$ROUNDS round(s), targets alternating, after $WARMUP_DONE warm-up pass(es) of ${WARMUP}s per target and path (until the JITs settled); /session cycles through $SESSIONS existing sessions per target."
		echo "Load average (1, 5, 15 min): $load_start at the start, $load_end at the end ($((SECONDS - started)) s)."
		echo "Members: was1 and was2, weights $WAS1_WEIGHT:$WAS2_WEIGHT; direct = was1 alone."
		echo "scg-bare: Spring Cloud Gateway from the gateway jar's libraries without Tandem's code (deploy/bench/bare/), one route \`/**\` → \`lb://members\` (Spring Cloud LoadBalancer round robin over the same two members, no health checks, no stickiness), the gateway's JVM options; $tandem_beans mentions of dev.tandem in its \`/actuator/beans\`; four \`/hello\` through it answered by $bare_spread."
		echo "floor: a plain Reactor Netty proxy from the gateway jar's Netty and Reactor libraries, no Spring (deploy/bench/floor/FloorProxy.java: round robin over the same two members, a keep-alive pool, headers copied without the hop-by-hop ones, bodies streamed; nothing else), the gateway's JVM options; four \`/hello\` through it answered by $floor_spread."
		echo "CPU ms per request: user + system time of the target's own process(es) (/proc ticks of $((1000 / CLK_TCK)) ms) over the run's requests: was1's JVM for direct, the proxy's JVM, HAProxy's process, nginx's master and workers; not the members'."
		echo "JVM options: gateway \`$gateway_opts\`; was-nodes \`$node_opts\`${MALLOC_ARENAS:+; both with MALLOC_ARENA_MAX=$MALLOC_ARENAS}$([[ $CDS == yes ]] &&
			echo "; gateway and was-nodes started like the systemd units, from the jars extracted by \`deploy/systemd/tandem-cds.sh\` with their class data sharing archives (scg-bare and the floor without one)")."
		echo
		echo "### Throughput"
		echo
		throughput_table "$results"
		echo
		echo "Gateway / scg-bare (req/s of the same round, median and spread): $(round_ratio gateway scg-bare 4 "$results")."
		echo
		echo "CPU ms per request over the floor's (same round, median and spread): gateway $(round_ratio gateway floor 9 "$results"); scg-bare $(round_ratio scg-bare floor 9 "$results")."
		echo
		echo "### Allocation per proxied /hello"
		echo
		echo "One more \`wrk\` run of ${SECONDS_PER_RUN}s on \`/hello\` per JVM after the rounds, inside a JFR recording of only \`jdk.ThreadAllocationStatistics\` once a second (\`deploy/bench/allocation.jfc\`, started and stopped with \`jcmd\` about 1.5 s before and after the run); bytes = the sum over the JVM's threads of each one's last minus first sample (\`deploy/bench/Allocation.java\`), so a thread that starts or ends within the recording counts only from its first to its last sample, and the idle time around the run counts too. direct = was1 answering itself (not proxied). KB = 1024 bytes."
		echo
		echo "| target | KB allocated per request | requests measured | req/s during the recording |"
		echo "|---|---:|---:|---:|"
		awk '{ printf "| %s | %.1f | %d | %.0f |\n", $1, ($3 > 0) ? $2 / 1024 / $3 : 0, $3, $4 }' "$allocation"
		echo
		echo "### Latency at a fixed rate of $RATE req/s (/hello, 8 connections, measured from the intended send time)"
		echo
		echo "| target | p50 ms | p99 ms | added p50 ms | added p99 ms | errors / requests |"
		echo "|---|---:|---:|---:|---:|---:|"
		awk '$1 == "FIXED" { name[++n] = $2; p50[n] = $3; p99[n] = $4; req[n] = $5; err[n] = $6; if ($2 == "direct") { d50 = $3; d99 = $4 } }
			END { for (i = 1; i <= n; i++) printf "| %s | %.2f | %.2f | %+.2f | %+.2f | %d / %d |\n", name[i], p50[i], p99[i], p50[i] - d50, p99[i] - d99, err[i], req[i] }' "$RUN/fixed.txt"
		echo
		echo "### Footprint (with the JVM options above)"
		echo
		echo "| process | ready after | RSS idle | RSS under load (max sampled) | peak RSS (VmHWM) | jar |"
		echo "|---|---:|---:|---:|---:|---:|"
		echo "| gateway | $(awk -v ms="${READY_MS[gateway]}" 'BEGIN { printf "%.1f s", ms / 1000 }') | $(mib "$idle_gateway") MiB | $(mib "$load_gateway") MiB | $(mib "$gateway_hwm") MiB | $(mib $(($(stat -c %s "$GATEWAY_JAR") / 1024))) MiB |"
		echo "| scg-bare | $(awk -v ms="${READY_MS[scg-bare]}" 'BEGIN { printf "%.1f s", ms / 1000 }') | $(mib "$idle_bare") MiB | $(mib "$load_bare") MiB | $(mib "$bare_hwm") MiB | (the gateway's libraries) |"
		echo "| floor | $(awk -v ms="${READY_MS[floor]}" 'BEGIN { printf "%.1f s", ms / 1000 }') | $(mib "$idle_floor") MiB | $(mib "$load_floor") MiB | $(mib "$floor_hwm") MiB | (the gateway's Netty and Reactor libraries) |"
		echo "| was-node | $(awk -v a="${READY_MS[was1]}" -v b="${READY_MS[was2]}" 'BEGIN { printf "%.1f s (was1), %.1f s (was2, joining)", a / 1000, b / 1000 }') | $(mib "$idle_node") MiB | $(mib "$load_node") MiB | $(mib "$node_hwm") MiB | $(mib $(($(stat -c %s "$NODE_JAR") / 1024))) MiB |"
	} >"$report"
	mkdir -p "$OUT"
	cp "$report" "$OUT/results-$(date -u +%Y%m%d-%H%M%S).md"
	echo
	cat "$report"
	echo
	echo "Written to $OUT/results-$(date -u +%Y%m%d)-*.md"
}

# --- JVM option sets for a Pi ----------------------------------------------------------------

options() {
	local results=$RUN/options.txt name gopts nopts
	check_ports "$GATEWAY_PORT" "$ADMIN_PORT" "$WAS1_PORT" "$WAS2_PORT" "$HZ1_PORT" "$HZ2_PORT"
	local base_g base_n
	base_g=$(pi_options tandem-gateway) base_n=$(pi_options tandem-was-node)
	echo "Recording class data sharing archives ..."
	prepare_cds "$base_g" "$base_n"
	local gdir=$GATEWAY_CDS ndir=$NODE_CDS
	# The first recommendation (C2 compiler), the second (C1 only, from the run before this one),
	# and the recommendation of deploy/systemd/*.env.example without and with class data sharing
	# (the units use it). The last field says whether the set starts from the archive.
	local earlier_g="-Xss512k -XX:+UseSerialGC -Xms32m -Xmx64m -XX:ReservedCodeCacheSize=32m"
	local earlier_n="-Xss512k -XX:+UseSerialGC -Xms64m -Xmx128m -XX:ReservedCodeCacheSize=48m"
	local netty_arenas="-Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1"
	local sets=(
		"first-c2|$earlier_g|$earlier_n|no"
		"second-c1|$earlier_g -XX:TieredStopAtLevel=1 $netty_arenas|$earlier_n -XX:TieredStopAtLevel=1|no"
		"recommended-without-cds|$base_g|$base_n|no"
		"recommended|$base_g|$base_n|yes"
	)
	local entry cds
	: >"$results"
	for entry in "${sets[@]}"; do
		IFS='|' read -r name gopts nopts cds <<<"$entry"
		if [[ $cds == yes ]]; then
			GATEWAY_CDS=$gdir NODE_CDS=$ndir
		else
			GATEWAY_CDS= NODE_CDS=
		fi
		echo "== $name"
		READY_MS=()
		start_cluster "$nopts" "$gopts"
		sleep 2
		local gi ni
		gi=$(rss_kib "${PIDS[gateway]}" VmRSS) ni=$(rss_kib "${PIDS[was1]}" VmRSS)
		session_pool gateway "$GATEWAY_PORT"
		: >"$RUN/rss.txt"
		sample_rss &
		PIDS[sampler]=$!
		# Warm the JIT first, so a set that compiles more is not judged on its cold start.
		wrk_once gateway /hello "$OPTION_WARMUP" >/dev/null
		wrk_once gateway /session "$OPTION_WARMUP" >/dev/null
		local hello session t0 t1 cpu_ms
		t0=$(cpu_ticks "${PIDS[gateway]}")
		hello=$(wrk_once gateway /hello "$OPTION_SECONDS")
		t1=$(cpu_ticks "${PIDS[gateway]}")
		session=$(wrk_once gateway /session "$OPTION_SECONDS")
		# The gateway's CPU per proxied /hello; steadier than req/s when others load the machine.
		cpu_ms=$(ms_per_request $((t1 - t0)) "$(echo "$hello" | awk '{ print $5 }')")
		kill "${PIDS[sampler]}"
		unset 'PIDS[sampler]'
		echo "$name ${READY_MS[gateway]} ${READY_MS[was1]} ${READY_MS[was2]} $gi $ni" \
			"$(awk '$1 == "gateway" && $2 > m { m = $2 } END { print m + 0 }' "$RUN/rss.txt")" \
			"$(awk '($1 == "was1" || $1 == "was2") && $2 > m { m = $2 } END { print m + 0 }' "$RUN/rss.txt")" \
			"${hello%% *} ${session%% *} $cpu_ms" | tee -a "$results"
		stop_all
		sleep 1
	done
	{
		echo "## JVM option sets, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
		echo
		echo "Each set starts was1, was2, then the gateway, alone; then ${OPTION_WARMUP} s each of wrk /hello and /session through the gateway to warm up, then ${OPTION_SECONDS} s of each measured (-t$THREADS -c$CONNECTIONS)."
		echo
		echo "| set | gateway ready | was1 / was2 ready | gateway RSS idle / load | was-node RSS idle / load | gateway /hello req/s | gateway CPU ms per /hello | /session req/s |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|"
		awk '{ printf "| %s | %.1f s | %.1f / %.1f s | %.0f / %.0f MiB | %.0f / %.0f MiB | %.0f | %.2f | %.0f |\n", $1, $2 / 1000, $3 / 1000, $4 / 1000, $5 / 1024, $7 / 1024, $6 / 1024, $8 / 1024, $9, $11, $10 }' "$results"
		echo
		for entry in "${sets[@]}"; do
			IFS='|' read -r name gopts nopts cds <<<"$entry"
			echo "- \`$name\`: gateway \`${gopts:-(none)}\`; was-node \`${nopts:-(none)}\`$([[ $cds == yes ]] &&
				echo '; started like the systemd units: the jars extracted by `deploy/systemd/tandem-cds.sh`, `-XX:SharedArchiveFile=` its archive')"
		done
	} >"$RUN/options.md"
	mkdir -p "$OUT"
	cp "$RUN/options.md" "$OUT/options-$(date -u +%Y%m%d-%H%M%S).md"
	echo
	cat "$RUN/options.md"
}

# --- two gateway jars: CPU per proxied request ------------------------------------------------

# Compares two gateway jars on the same two was-nodes (started once): each jar in both orders, old
# then new and new then old, since the later jar meets warmer was-nodes. Each gateway starts alone
# with the Pi options (and its own state folder), warms up with $WARMUP s of wrk /hello, then
# $ROUNDS runs of $SECONDS_PER_RUN s record req/s and the gateway's CPU ms per request; then it stops.
compare() {
	local old_jar=$1 new_jar=$2 results=$RUN/compare.txt report=$RUN/compare.md node_opts gateway_opts
	node_opts=${TANDEM_BENCH_NODE_OPTS:-$(pi_options tandem-was-node)}
	gateway_opts=${TANDEM_BENCH_GATEWAY_OPTS:-$(pi_options tandem-gateway)}
	check_ports "$GATEWAY_PORT" "$ADMIN_PORT" "$WAS1_PORT" "$WAS2_PORT" "$HZ1_PORT" "$HZ2_PORT"
	local -A jars=([old]=$old_jar [new]=$new_jar) archives=([old]= [new]=)
	local -A extra=([old]=${TANDEM_BENCH_OLD_GATEWAY_ARGS:-} [new]=${TANDEM_BENCH_NEW_GATEWAY_ARGS:-})
	extra[old]=${extra[old]//@RUN@/$RUN} extra[new]=${extra[new]//@RUN@/$RUN}
	local load_start started=$SECONDS began which n t0
	load_start=$(cut -d' ' -f1-3 /proc/loadavg)
	began=$(date -u '+%Y-%m-%d %H:%M')
	if [[ $CDS == yes ]]; then
		echo "Extracting the jars and recording their class data sharing archives, as the systemd units do ..."
		for which in old new; do
			archives[$which]=$RUN/cds-gateway-$which
			cds_gateway "${jars[$which]}" "${archives[$which]}" "$gateway_opts" "$RUN/gateway-state-cds-$which"
		done
		NODE_CDS=$RUN/cds-was-node
		cds_node "$NODE_CDS" "$node_opts"
	fi
	echo "Starting was1 and was2 (logs in $RUN) ..."
	for n in 1 2; do
		t0=$(now_ms)
		start_node "$n" "$node_opts"
		READY_MS[was$n]=$(wait_ready "was$n" "http://127.0.0.1:$((BASE + 80 + n))/actuator/health/readiness" "$t0")
	done

	local order sequence round line rps errors requests ticks0 ticks1 cpu_ms load
	n=0
	: >"$results"
	for order in old,new new,old; do
		IFS=, read -r -a sequence <<<"$order"
		for which in "${sequence[@]}"; do
			n=$((n + 1))
			GATEWAY_JAR=${jars[$which]} GATEWAY_CDS=${archives[$which]} GATEWAY_STATE=$RUN/gateway-state-$n
			read -r -a GATEWAY_ARGS <<<"${extra[$which]}"
			echo "== order $order: $which gateway ($GATEWAY_JAR${extra[$which]:+ ${extra[$which]}}), state in $GATEWAY_STATE"
			start_gateway_ready "$gateway_opts"
			echo "ready after ${READY_MS[gateway]} ms; warming up for $WARMUP s"
			wrk_once gateway /hello "$WARMUP" >/dev/null
			for ((round = 1; round <= ROUNDS; round++)); do
				load=$(cut -d' ' -f1 /proc/loadavg)
				ticks0=$(cpu_ticks "${PIDS[gateway]}")
				line=$(wrk_once gateway /hello "$SECONDS_PER_RUN")
				ticks1=$(cpu_ticks "${PIDS[gateway]}")
				read -r rps _ _ errors requests <<<"$line"
				if [[ -z ${requests:-} ]]; then
					echo "wrk gave no result for the $which gateway" >&2
					exit 1
				fi
				cpu_ms=$(ms_per_request $((ticks1 - ticks0)) "$requests")
				echo "$which $order $round $rps $cpu_ms $errors $requests $load" | tee -a "$results"
			done
			stop_all gateway
			GATEWAY_ARGS=()
			mv "$RUN/gateway.log" "$RUN/gateway-$n.log"
			sleep 1
		done
	done
	local load_end
	load_end=$(cut -d' ' -f1-3 /proc/loadavg)

	{
		echo "## Gateway jars compared, $began UTC, $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
		echo
		echo "Command: \`${TANDEM_BENCH_OLD_GATEWAY_ARGS:+TANDEM_BENCH_OLD_GATEWAY_ARGS='$TANDEM_BENCH_OLD_GATEWAY_ARGS' }${TANDEM_BENCH_NEW_GATEWAY_ARGS:+TANDEM_BENCH_NEW_GATEWAY_ARGS='$TANDEM_BENCH_NEW_GATEWAY_ARGS' }deploy/bench/run.sh compare $old_jar $new_jar\` ($((SECONDS - started)) s)."
		echo "Load average (1, 5, 15 min): $load_start at the start, $load_end at the end."
		echo "Each gateway started alone in front of the same two was-nodes (started once, \`$NODE_JAR\`), warmed with ${WARMUP} s of" \
			"\`wrk -t$THREADS -c$CONNECTIONS /hello\`, then $ROUNDS runs of ${SECONDS_PER_RUN} s measured; CPU = the gateway process's" \
			"user + system time (/proc ticks) over the run's requests; load = 1-minute load average when the run began."
		echo "JVM options: gateway \`$gateway_opts\`; was-nodes \`$node_opts\`${MALLOC_ARENAS:+; both with MALLOC_ARENA_MAX=$MALLOC_ARENAS}$([[ $CDS == yes ]] &&
			echo "; all started from their class data sharing archives (\`deploy/systemd/tandem-cds.sh\`), as the systemd units start them")."
		for which in old new; do
			echo "- $which: \`${jars[$which]}\` ($(mib $(($(stat -c %s "${jars[$which]}") / 1024))) MiB, sha256 $(sha256sum <"${jars[$which]}" | cut -c1-12))${extra[$which]:+, extra arguments \`${extra[$which]}\`}"
		done
		echo
		echo "| jar | order | round | req/s | gateway CPU ms per /hello | errors / requests | load |"
		echo "|---|---|---:|---:|---:|---:|---:|"
		awk '{ printf "| %s | %s | %d | %.0f | %.3f | %d / %d | %.2f |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$results"
		echo
		awk '
		{ cpu[$1, $2] += $5; rps[$1, $2] += $4; n[$1, $2]++; cpu[$1] += $5; rps[$1] += $4; n[$1]++ }
		function ratio(a, key_new, key_old) { return (a[key_new] / n[key_new]) / (a[key_old] / n[key_old]) }
		END {
			print "| new/old of the mean | CPU ms per /hello | req/s |"
			print "|---|---:|---:|"
			split("old,new new,old", orders, " ")
			for (o = 1; o <= 2; o++) {
				k_new = "new" SUBSEP orders[o]; k_old = "old" SUBSEP orders[o]
				if (n[k_new] && n[k_old])
					printf "| order %s (%s first) | %.3f | %.3f |\n", orders[o], (o == 1 ? "old" : "new"), ratio(cpu, k_new, k_old), ratio(rps, k_new, k_old)
			}
			if (n["new"] && n["old"])
				printf "| both orders | %.3f | %.3f |\n", ratio(cpu, "new", "old"), ratio(rps, "new", "old")
		}' "$results"
	} >"$report"
	mkdir -p "$OUT"
	cp "$report" "$OUT/compare-$(date -u +%Y%m%d-%H%M%S).md"
	echo
	cat "$report"
}

# --- the prototype outside Spring Cloud Gateway's pipeline -------------------------------------

# The floor and the prototype side by side on the same two was-nodes: CPU per proxied /hello in alternating
# rounds, then the bytes each allocates per /hello.
prototype() {
	local results=$RUN/prototype.txt allocation=$RUN/allocation.txt node_opts gateway_opts targets=(floor prototype)
	local load_start load_end started=$SECONDS began n t0 t round i requests
	node_opts=${TANDEM_BENCH_NODE_OPTS:-$(pi_options tandem-was-node)}
	gateway_opts=${TANDEM_BENCH_GATEWAY_OPTS:-$(pi_options tandem-gateway)}
	check_ports "$WAS1_PORT" "$WAS2_PORT" "$HZ1_PORT" "$HZ2_PORT" "$FLOOR_PORT" "$PROTOTYPE_PORT"
	load_start=$(cut -d' ' -f1-3 /proc/loadavg)
	began=$(date -u '+%Y-%m-%d %H:%M')
	prepare_bare
	prepare_floor
	prepare_prototype
	echo "Starting was1, was2, the floor and the prototype (logs in $RUN) ..."
	for n in 1 2; do
		t0=$(now_ms)
		start_node "$n" "$node_opts"
		READY_MS[was$n]=$(wait_ready "was$n" "http://127.0.0.1:$((BASE + 80 + n))/actuator/health/readiness" "$t0")
	done
	start_floor "$gateway_opts"
	start_prototype "$gateway_opts"
	# Round robin with no cookie: both members, twice each.
	local floor_spread prototype_spread
	floor_spread=$(member_spread "$FLOOR_PORT") prototype_spread=$(member_spread "$PROTOTYPE_PORT")
	echo "four /hello answered through the floor by $floor_spread; through the prototype by $prototype_spread"
	for t in "${targets[@]}"; do
		echo "warming up $t for $WARMUP s"
		wrk_once "$t" /hello "$WARMUP" >/dev/null
	done
	: >"$results"
	for ((round = 1; round <= ROUNDS; round++)); do
		for ((i = 0; i < ${#targets[@]}; i++)); do
			measure_round "${targets[$(((i + round - 1) % ${#targets[@]}))]}" /hello "$round" "$results"
		done
	done
	echo "Allocation: one more /hello run of ${SECONDS_PER_RUN}s each, inside a JFR recording of allocated bytes ..."
	: >"$allocation"
	for t in "${targets[@]}"; do measure_allocation "$t" "$allocation"; done
	load_end=$(cut -d' ' -f1-3 /proc/loadavg)

	{
		echo "## The prototype outside Spring Cloud Gateway's pipeline, $began UTC, $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
		echo
		echo "Command: \`deploy/bench/run.sh prototype\` ($((SECONDS - started)) s); per run \`wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s --timeout 10s -s deploy/bench/wrk.lua URL/hello\`, $ROUNDS rounds, order alternating, after ${WARMUP} s of warm-up each."
		echo "Load average (1, 5, 15 min): $load_start at the start, $load_end at the end."
		echo "JVM options (floor and prototype): \`$gateway_opts\`; was-nodes \`$node_opts\`${MALLOC_ARENAS:+; all with MALLOC_ARENA_MAX=$MALLOC_ARENAS}; no class data sharing."
		echo "Four \`/hello\` answered through the floor by $floor_spread; through the prototype by $prototype_spread."
		echo
		echo "| round | target | req/s | CPU ms per /hello | prototype/floor CPU ms (same round) | errors / requests |"
		echo "|---:|---|---:|---:|---:|---:|"
		# Each round's floor line first, then its prototype line with the ratio.
		awk '{ line[$3, $2] = $0; if ($3 > rounds) rounds = $3 }
			END { for (r = 1; r <= rounds; r++) for (t = 1; t <= 2; t++) {
				target = (t == 1) ? "floor" : "prototype"; if (!((r, target) in line)) continue
				split(line[r, target], f, " "); split(line[r, "floor"], g, " ")
				ratio = (t == 2 && g[9] > 0) ? sprintf("%.2f", f[9] / g[9]) : ""
				printf "| %d | %s | %.0f | %.3f | %s | %d / %d |\n", r, target, f[4], f[9], ratio, f[7], f[8] } }' "$results"
		echo
		echo "prototype/floor CPU ms per /hello, median and spread over the rounds: $(round_ratio prototype floor 9 "$results")."
		echo
		echo "| target | KB allocated per /hello | requests measured | peak RSS (VmHWM) |"
		echo "|---|---:|---:|---:|"
		while read -r t bytes requests _; do
			echo "| $t | $(awk -v b="$bytes" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0) ? b / 1024 / n : 0 }') | $requests | $(mib "$(rss_kib "${PIDS[$t]}" VmHWM)") MiB |"
		done <"$allocation"
	} >"$RUN/prototype.md"
	mkdir -p "$OUT"
	cp "$RUN/prototype.md" "$OUT/prototype-$(date -u +%Y%m%d-%H%M%S).md"
	echo
	cat "$RUN/prototype.md"
}

install_tools
build_jars
case $MODE in
	options) options ;;
	compare) compare "$OLD_GATEWAY_JAR" "$NEW_GATEWAY_JAR" ;;
	prototype) prototype ;;
	*) benchmark ;;
esac

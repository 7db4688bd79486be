#!/usr/bin/env bash
# The seed's acceptance test, a to d, against the running local demo cluster
# (start it first with: deploy/local-cluster.sh start):
#   (a) new clients spread 1:5 over the actives was1 and was2; the standby was3 gets none;
#   (b) one client's session counter keeps counting, even when its node is killed;
#   (c) both actives killed: the standby answers and the counter continues;
#   (d) actives restarted: traffic, and the client, go back to them.
# It kills and restarts demo nodes, and exits 1 if any session request failed or a count was lost.
# It reads the gateway's view of the members as the demo's user viewer, whose password
# deploy/local-cluster.sh keeps in $TANDEM_DEMO_DIR/credentials.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
cluster=deploy/local-cluster.sh
credentials=${TANDEM_DEMO_DIR:-.tandem/local-cluster}/credentials
viewer_password=$(awk 'index($0, "viewer-password=") == 1 { print substr($0, 17); exit }' "$credentials" 2>/dev/null)
if [[ -z $viewer_password ]]; then
	echo "No viewer password in $credentials: start the demo cluster first ($cluster start)." >&2
	exit 1
fi
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
failures=0
expected=0

new_clients() {
	local _
	for _ in $(seq 1 "$1"); do
		curl -s -m 5 -o /dev/null -D - localhost:8080/hello | tr -d '\r' | awk 'tolower($1) == "x-tandem-node:" { print $2 }'
	done | sort | uniq -c | tr -s ' \n' ' '
	echo
}

session() {
	local out
	out=$(curl -s -m 10 -c "$jar" -b "$jar" -w ' %{http_code}' localhost:8080/session)
	expected=$((expected + 1))
	if [[ $out == *'"count":'"$expected"'}'*' 200' ]]; then
		echo -n "${out% 200} "
	else
		echo -n "FAILED($out, expected count $expected) "
		failures=$((failures + 1))
	fi
	LAST_NODE=$(sed -n 's/.*"node":"\([^"]*\)".*/\1/p' <<<"$out")
}

# Members that just came up ramp their weight (slow start); the exact 1:5 shows once
# every member runs at full weight.
for _ in $(seq 1 60); do
	curl -s -m 2 -u "viewer:$viewer_password" localhost:9090/actuator/health | grep -q '"state":"slow-start"' || break
	sleep 1
done
echo "(a) 60 new clients: $(new_clients 60)"
echo "(b) one client:"
for _ in 1 2 3; do session; done
echo
echo "    killing its node, $LAST_NODE"
$cluster kill "$LAST_NODE" >/dev/null
for _ in 1 2 3; do session; done
echo
echo "(c) both actives killed:"
$cluster kill was1 >/dev/null
$cluster kill was2 >/dev/null
for _ in 1 2 3; do session; done
echo
echo "    10 new clients: $(new_clients 10)"
echo "(d) actives restarted:"
$cluster restart was1 >/dev/null &
$cluster restart was2 >/dev/null
wait
# The gateway's health checks need 'rise' passed probes to take them back.
sleep 5
for _ in 1 2 3; do session; done
echo
echo "    30 new clients: $(new_clients 30)"
echo "failed or lost session requests: $failures"
[[ $failures -eq 0 ]]

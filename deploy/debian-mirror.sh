#!/usr/bin/env bash
# Sourced, not run: defines debian_mirror, which prints the machine's own Debian mirror from its apt
# sources (deb822 first, then the one-line format), or nothing when none is found. Scripts that fetch
# Debian packages without apt (debootstrap) use it, so that no mirror's host name is written down here.

debian_mirror() {
	local file uri
	for file in /etc/apt/sources.list.d/*.sources; do
		[[ -f $file ]] || continue
		uri=$(awk '/^URIs:/ { print $2; exit }' "$file")
		[[ -n $uri && $uri != *security* ]] && { echo "$uri"; return; }
	done
	if [[ -f /etc/apt/sources.list ]]; then
		awk '$1 == "deb" && $2 !~ /^\[/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list
	fi
}

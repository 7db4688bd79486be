package dev.tandem.gateway.importer;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tandem.shared.MemberIds;

/**
 * The old front translated into Tandem's properties, in the order a person reads them:
 * members first, then balancing, affinity, timeouts and the proxy's settings. Several
 * mounted balancers become one member group each, their routes that group's, with their
 * own method and strictness where these differ from the main balancer's (mounted at
 * {@code /}, else the first mounted), which gives the gateway's settings and what Tandem
 * has once for all groups, such as retries. What could not be translated exactly is in
 * {@link #findings()}; the import is complete when none of them is an approximation or a
 * gap.
 */
final class Translation {

	private static final String GATEWAY = "tandem.gateway.";

	private static final String HTTP_CLIENT = "spring.cloud.gateway.server.webflux.httpclient.";

	/** Paths an old front kept for its own pages; Tandem's are on the management port. */
	private static final Set<String> FRONT_PAGES = Set.of("/balancer-manager", "/server-status", "/server-info",
			"/jkstatus", "/jkmanager", "/jk-status", "/jk-manager", "/status");

	private final OldFront front;

	private final List<Line> lines = new ArrayList<>();

	/**
	 * Each imported balancer's group; empty when one balancer is imported, without
	 * groups.
	 */
	private Map<ImportedBalancer, String> groups = Map.of();

	private boolean tcpNoted;

	private Translation(OldFront front) {
		this.front = front;
	}

	static Translation of(OldFront front) throws UnreadableConfigurationException {
		Translation translation = new Translation(front);
		translation.translate();
		return translation;
	}

	List<Line> lines() {
		return this.lines;
	}

	List<Finding> findings() {
		return this.front.findings;
	}

	boolean complete() {
		return this.front.findings.stream().noneMatch(Finding::incomplete);
	}

	private void translate() throws UnreadableConfigurationException {
		ImportedBalancer main = mainBalancer();
		List<ImportedBalancer> mounted = mountedBalancers();
		// One balancer keeps the output of a front without groups; several become one
		// group each, and the main one sets what Tandem has once for all groups.
		List<ImportedBalancer> imported = (mounted.size() > 1) ? mounted : List.of(main);
		this.groups = (mounted.size() > 1) ? GroupNames.of(imported) : Map.of();
		for (ImportedBalancer other : this.front.balancers.values()) {
			if (!imported.contains(other) && !other.members.isEmpty()) {
				this.front.notTranslated(other.origin,
						"the balancer " + other.name + " is not imported: no ProxyPass or JkMount sends a path to it");
			}
		}
		members(imported);
		routes(imported);
		balancing(main, imported);
		timeouts(imported);
		proxy();
	}

	/**
	 * The balancers with members that a mount sends paths to, in the order the files
	 * define them.
	 */
	private List<ImportedBalancer> mountedBalancers() {
		Set<String> names = new HashSet<>();
		for (Mount mount : this.front.mounts) {
			if (!mount.excluded()) {
				names.add(mount.balancer());
			}
		}
		return this.front.balancers.values()
			.stream()
			.filter((balancer) -> !balancer.members.isEmpty() && names.contains(balancer.name))
			.toList();
	}

	private ImportedBalancer mainBalancer() throws UnreadableConfigurationException {
		for (Mount mount : this.front.mounts) {
			if (!mount.excluded() && this.front.statusWorkers.contains(mount.balancer())) {
				this.front.note(mount.origin(), "the old front's status page; Tandem's dashboard is on the "
						+ "management port, and this path now goes to the members like any other");
			}
			else if (!mount.excluded() && !this.front.balancers.containsKey(mount.balancer())) {
				this.front.notTranslated(mount.origin(),
						"the worker or balancer " + mount.balancer() + " it mounts is not defined in the files given");
			}
		}
		ImportedBalancer chosen = null;
		for (Mount mount : this.front.mounts) {
			ImportedBalancer mounted = mount.excluded() ? null : this.front.balancers.get(mount.balancer());
			if (mounted != null && !mounted.members.isEmpty() && (chosen == null || mount.everything())) {
				chosen = mounted;
				if (mount.everything()) {
					break;
				}
			}
		}
		if (chosen == null) {
			chosen = this.front.balancers.values()
				.stream()
				.filter((b) -> !b.members.isEmpty())
				.findFirst()
				.orElse(null);
		}
		if (chosen == null) {
			throw new UnreadableConfigurationException("No balancer found: the files hold no <Proxy balancer://...> "
					+ "with BalancerMember lines, no ProxyPass to a backend and no mod_jk lb or ajp13 worker.");
		}
		return chosen;
	}

	/**
	 * The old front's mounts as routes, first match wins: its exclusions first (mod_jk
	 * applies them before its mounts; httpd needs them before the mount they cut into),
	 * then the mounts of the imported balancers, with the prefix they strip or add and,
	 * for several balancers, their group. No route at all when one balancer takes every
	 * path unchanged and nothing is excluded.
	 */
	private void routes(List<ImportedBalancer> imported) {
		Map<String, ImportedBalancer> byName = new HashMap<>();
		imported.forEach((balancer) -> byName.put(balancer.name, balancer));
		List<Mount> own = this.front.mounts.stream().filter((mount) -> byName.containsKey(mount.balancer())).toList();
		if (!this.groups.isEmpty()) {
			// A group's mount of every path would take the other groups' paths too.
			own = own.stream().sorted(Comparator.comparing(Mount::everything)).toList();
		}
		List<Mount> exclusions = this.front.mounts.stream().filter(Mount::excluded).toList();
		if (this.groups.isEmpty() && exclusions.isEmpty()
				&& own.stream().allMatch((mount) -> mount.everything() && unchanged(mount))) {
			return;
		}
		int index = 0;
		for (Mount exclusion : exclusions) {
			String pattern = pattern(exclusion);
			if (pattern == null) {
				continue;
			}
			String prefix = GATEWAY + "routes[" + index++ + "].";
			add(prefix + "path", pattern, from(exclusion.origin()));
			add(prefix + "status", "404", List.of());
			if (FRONT_PAGES.contains(trimmed(exclusion.path()))) {
				this.front.note(exclusion.origin(), "the old front kept " + exclusion.path() + " for its own page; "
						+ "the gateway answers it 404, and its dashboard is on the management port");
			}
			else {
				// httpd served these itself (its files, another handler); the gateway
				// serves no files, so the user must know where they went.
				this.front.approximate(exclusion.origin(), "the old front served " + exclusion.path()
						+ " itself (its own files or another handler); the gateway answers it 404, so serve it from "
						+ "the members or keep a web server for it");
			}
		}
		boolean everything = false;
		for (Mount mount : own) {
			String pattern = pattern(mount);
			if (pattern == null) {
				continue;
			}
			String prefix = GATEWAY + "routes[" + index++ + "].";
			add(prefix + "path", pattern, from(mount.origin()));
			group(byName.get(mount.balancer()), prefix);
			String front = trimmed(mount.path());
			String back = mount.backendPath().isEmpty() ? front : trimmed(mount.backendPath());
			if (!front.equals(back)) {
				if (!front.equals("/")) {
					add(prefix + "strip-prefix", front, List.of());
				}
				if (!back.equals("/")) {
					add(prefix + "prefix", back, List.of());
				}
				this.front.approximate(mount.origin(), "the members' redirects get the gateway's address back, but "
						+ "not the path prefix: a member should send relative or its own prefixed paths");
			}
			everything |= mount.everything();
		}
		if (!everything && !own.isEmpty()) {
			this.front.approximate(own.get(0).origin(), "the gateway answers 404 to the paths no route matches; the "
					+ "old front served them itself (from its DocumentRoot)");
		}
	}

	/** The group property of a member or route, when balancers are imported as groups. */
	private void group(ImportedBalancer balancer, String prefix) {
		String group = this.groups.get(balancer);
		if (group != null) {
			add(prefix + "group", group, List.of());
		}
	}

	private static boolean unchanged(Mount mount) {
		return mount.backendPath().isEmpty() || trimmed(mount.path()).equals(trimmed(mount.backendPath()));
	}

	/** The route pattern of a mount's path, or null (and marked) when it has none. */
	private String pattern(Mount mount) {
		String base = trimmed(mount.path());
		if (base.contains("*") || base.contains("?")) {
			this.front.notTranslated(mount.origin(), "a pattern such as " + mount.path()
					+ " is not translated; routes match path prefixes like /shop/**");
			return null;
		}
		return base.equals("/") ? "/**" : base + "/**";
	}

	private static String trimmed(String path) {
		String p = path;
		while (p.endsWith("*") || (p.endsWith("/") && p.length() > 1)) {
			p = p.substring(0, p.length() - 1);
		}
		return p.isEmpty() ? "/" : p;
	}

	private void members(List<ImportedBalancer> imported) {
		Map<ImportedMember, String> ids = ImportedIds.of(imported, this.groups);
		int index = 0;
		for (ImportedBalancer balancer : imported) {
			// Tiers in the old front's order of use: lower sets (lbset, distance) first,
			// and within a set its hot standbys after its other members, as httpd does.
			TreeSet<Integer> ranks = new TreeSet<>();
			for (ImportedMember member : balancer.members) {
				ranks.add(rank(member));
			}
			List<Integer> tiers = new ArrayList<>(ranks);
			for (ImportedMember member : balancer.members) {
				String prefix = GATEWAY + "members[" + index++ + "].";
				String id = ids.get(member);
				add(prefix + "id", id, from(member.origin));
				group(balancer, prefix);
				add(prefix + "uri", uri(member), List.of());
				if (member.loadFactor != 1) {
					add(prefix + "weight", Integer.toString(member.loadFactor), List.of());
				}
				int tier = tiers.indexOf(rank(member));
				if (tier != 0) {
					add(prefix + "tier", Integer.toString(tier), List.of());
				}
				if (!member.state.equals("active")) {
					add(prefix + "state", member.state, List.of());
				}
				route(member, id, prefix);
				health(member, prefix);
			}
		}
	}

	private void route(ImportedMember member, String id, String prefix) {
		if (member.route != null && !member.route.equals(id)) {
			if (MemberIds.isValid(member.route)) {
				add(prefix + "route", member.route, List.of());
			}
			else {
				this.front.notTranslated(member.origin, "the route " + member.route
						+ " is not a valid Tandem route (letters, digits, '.', '-', '_'); its users will move");
			}
		}
	}

	private static int rank(ImportedMember member) {
		return member.set * 2 + (member.standby ? 1 : 0);
	}

	private String uri(ImportedMember member) {
		URI url;
		try {
			url = URI.create(member.url);
		}
		catch (IllegalArgumentException ex) {
			this.front.notTranslated(member.origin, "the member URL " + member.url + " cannot be read");
			return member.url;
		}
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "http";
		String host = (url.getHost() != null) ? url.getHost() : "localhost";
		int port = url.getPort();
		if (scheme.equals("ajp")) {
			int ajp = (port > 0) ? port : 8009;
			// Tomcat's stock connectors are 8009 (AJP) and 8080 (HTTP); keep the offset
			// of instances numbered from there (8109 -> 8180).
			int http = (ajp >= 8009 && ajp < 9000) ? ajp - 8009 + 8080 : 8080;
			this.front.approximate(member.origin,
					"Tandem speaks HTTP, not AJP: open Tomcat's HTTP connector " + "(<Connector port=\"" + http
							+ "\" protocol=\"HTTP/1.1\"/> in server.xml) on " + host + ":" + http
							+ ", the port assumed here, or change the uri");
			scheme = "http";
			port = http;
		}
		if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
			this.front.approximate(member.origin,
					"Tandem sends each request's own path; the member URL's path " + url.getRawPath() + " is dropped");
		}
		return scheme + "://" + host + ((port > 0) ? ":" + port : "");
	}

	private void health(ImportedMember member, String prefix) {
		if (member.healthMethod == null) {
			// Tandem's default health path is a was-node's readiness, which a stock
			// Tomcat does not serve: it would take every imported member down.
			add(prefix + "health.type", "tcp", List.of());
			if (!this.tcpNoted) {
				this.tcpNoted = true;
				this.front.note(member.origin, "the old front did not probe its members, so each gets a TCP check "
						+ "(health.type=tcp); once a member is a Tandem was-node, remove its line and the gateway "
						+ "probes its readiness");
			}
		}
		else if (member.healthMethod.equals("TCP")) {
			add(prefix + "health.type", "tcp", List.of());
		}
		else {
			add(prefix + "health.path", (member.healthPath != null) ? member.healthPath : "/", List.of());
			if (!member.healthMethod.equals("GET")) {
				this.front.approximate(member.origin, "Tandem's health checks use GET, not " + member.healthMethod);
			}
		}
	}

	/**
	 * Balancing and affinity: the main balancer's for the gateway, and each other
	 * balancer's method and strictness, where they differ, for its group
	 * ({@code groups.<name>.*}); retries, which Tandem has once for all groups, the main
	 * balancer's, each other balancer's own marked approximate where it differs; the
	 * session cookies of all, since a route is then matched among its own group's
	 * members.
	 */
	private void balancing(ImportedBalancer main, List<ImportedBalancer> imported) {
		List<ImportedBalancer> others = imported.stream().filter((balancer) -> balancer != main).toList();
		if (main.method != null) {
			add(GATEWAY + "balancing.method", main.method, from(main.methodOrigin));
		}
		for (ImportedBalancer other : others) {
			if (!method(other).equals(method(main))) {
				add(groupProperty(other, "balancing.method"), method(other),
						(other.methodOrigin != null) ? from(other.methodOrigin)
								: List.of("the balancer " + other.name + " used the old front's default method"));
			}
		}
		sessionCookieNames(imported);
		if (main.strict) {
			add(GATEWAY + "affinity.strict", "true", from(main.strictOrigin));
		}
		for (ImportedBalancer other : others) {
			if (other.strict != main.strict) {
				add(groupProperty(other, "affinity.strict"), Boolean.toString(other.strict),
						(other.strictOrigin != null) ? from(other.strictOrigin) : List.of("the balancer " + other.name
								+ " moved a sticky client whose member failed (no nofailover or sticky_session_force)"));
			}
		}
		if (main.maxAttempts != null) {
			add(GATEWAY + "retry.max-attempts", Integer.toString(Math.max(1, main.maxAttempts)),
					from(main.maxAttemptsOrigin));
		}
		sameForAll(main, others, (b) -> b.maxAttempts, (b) -> b.maxAttemptsOrigin, "retry.max-attempts");
		List<ImportedMember> retrying = allMembers(imported).stream().filter((m) -> m.retrySeconds != null).toList();
		if (!retrying.isEmpty()) {
			int longest = retrying.stream().mapToInt((m) -> m.retrySeconds).max().getAsInt();
			ImportedMember first = retrying.get(0);
			if (retrying.stream().anyMatch((m) -> !m.retrySeconds.equals(first.retrySeconds))) {
				this.front.approximate(first.origin, "Tandem has one ejection time for all members: the longest "
						+ "retry (" + longest + " s) is used");
			}
			if (longest == 0) {
				this.front.approximate(first.origin, "retry=0 becomes Tandem's shortest ejection, 1 s");
				longest = 1;
			}
			add(GATEWAY + "ejection.duration", longest + "s", from(first.origin));
		}
	}

	/** A balancer's method in Tandem's terms, the old front's default when unset. */
	private static String method(ImportedBalancer balancer) {
		return (balancer.method != null) ? balancer.method : "weighted-round-robin";
	}

	/**
	 * A property of the balancer's group: {@code tandem.gateway.groups.<group>.<name>},
	 * the group in brackets when it has a '.', so that Spring reads it as one key.
	 */
	private String groupProperty(ImportedBalancer balancer, String name) {
		String group = this.groups.get(balancer);
		return GATEWAY + (group.contains(".") ? "groups[" + group + "]." : "groups." + group + ".") + name;
	}

	/** Mark each other balancer whose setting the main balancer's replaces. */
	private <T> void sameForAll(ImportedBalancer main, List<ImportedBalancer> others,
			Function<ImportedBalancer, T> setting, Function<ImportedBalancer, Origin> origin, String property) {
		T kept = setting.apply(main);
		for (ImportedBalancer other : others) {
			T own = setting.apply(other);
			if (!Objects.equals(own, kept)) {
				Origin where = (origin.apply(other) != null) ? origin.apply(other) : other.origin;
				this.front.approximate(where,
						"Tandem has one " + property + " for all groups: the balancer " + other.name + "'s ("
								+ shown(own) + ") gives way to the main balancer " + main.name + "'s (" + shown(kept)
								+ ")");
			}
		}
	}

	private static String shown(Object setting) {
		return (setting != null) ? setting.toString() : "the default";
	}

	private void sessionCookieNames(List<ImportedBalancer> imported) {
		List<ImportedBalancer> sticky = imported.stream().filter((b) -> b.stickySession != null).toList();
		if (!sticky.isEmpty()) {
			List<String> comments = sticky.stream().flatMap((b) -> from(b.stickyOrigin).stream()).distinct().toList();
			add(GATEWAY + "affinity.session-cookie-names", union(sticky.stream().map((b) -> b.stickySession).toList()),
					comments);
		}
		for (ImportedBalancer balancer : imported) {
			if (balancer.stickySession == null) {
				String who = this.groups.isEmpty() ? "the old front" : "the balancer " + balancer.name;
				this.front.approximate(balancer.origin, who + " had no sticky sessions; Tandem still keeps each "
						+ "client on one member with its own cookie, and moves it (with its replicated session) when "
						+ "that member cannot serve");
			}
		}
	}

	/**
	 * Several balancers' {@code stickysession} entries as one list, each once; a plain
	 * cookie gives way to an entry that reads the same cookie and a URL parameter too.
	 */
	private static String union(List<String> entries) {
		List<String> distinct = entries.stream().distinct().toList();
		Set<String> withParameter = distinct.stream()
			.filter((entry) -> entry.contains("|"))
			.map((entry) -> entry.substring(0, entry.indexOf('|')))
			.collect(Collectors.toSet());
		return distinct.stream()
			.filter((entry) -> entry.contains("|") || !withParameter.contains(entry))
			.collect(Collectors.joining(","));
	}

	private static List<ImportedMember> allMembers(List<ImportedBalancer> imported) {
		return imported.stream().flatMap((balancer) -> balancer.members.stream()).toList();
	}

	private void timeouts(List<ImportedBalancer> imported) {
		List<ImportedMember> members = allMembers(imported);
		ImportedMember replying = longest(members, (m) -> m.replyTimeoutMillis, "response timeout");
		if (replying != null) {
			add(HTTP_CLIENT + "response-timeout", Durations.text(replying.replyTimeoutMillis), from(replying.origin));
		}
		else if (this.front.proxyTimeoutSeconds != null) {
			add(HTTP_CLIENT + "response-timeout", this.front.proxyTimeoutSeconds + "s",
					from(this.front.proxyTimeoutOrigin));
		}
		ImportedMember connecting = longest(members, (m) -> m.connectTimeoutMillis, "connect timeout");
		if (connecting != null) {
			add(HTTP_CLIENT + "connect-timeout", Integer.toString(connecting.connectTimeoutMillis),
					from(connecting.origin));
		}
	}

	/**
	 * The member with the longest of a per-member time, marked approximate when the
	 * members differ (Tandem has one for all); null when no member sets it.
	 */
	private ImportedMember longest(List<ImportedMember> members, Function<ImportedMember, Integer> time, String what) {
		List<ImportedMember> setting = members.stream()
			.filter((m) -> time.apply(m) != null)
			.sorted(Comparator.comparing(time).reversed())
			.toList();
		if (setting.isEmpty()) {
			return null;
		}
		ImportedMember longest = setting.get(0);
		if (setting.stream().anyMatch((m) -> !time.apply(m).equals(time.apply(longest)))) {
			this.front.approximate(longest.origin, "Tandem has one " + what + " for all members: the longest is used");
		}
		return longest;
	}

	private void proxy() {
		if (this.front.preserveHost != null) {
			add(GATEWAY + "proxy.preserve-host", "true", from(this.front.preserveHost));
		}
		if (this.front.reverseRewrite != null) {
			add(GATEWAY + "proxy.reverse-rewrite", "true", from(this.front.reverseRewrite));
		}
		if (this.front.certificate != null && this.front.certificateKey != null) {
			String bundle = "spring.ssl.bundle.pem.tandem.keystore.";
			add(bundle + "certificate", "file:" + this.front.certificateFile, from(this.front.certificate));
			add(bundle + "private-key", "file:" + this.front.certificateKeyFile, from(this.front.certificateKey));
			add("server.ssl.bundle", "tandem", List.of("HTTPS on server.port with the certificate above"));
		}
		else if (this.front.certificate != null || this.front.certificateKey != null) {
			Origin one = (this.front.certificate != null) ? this.front.certificate : this.front.certificateKey;
			this.front.notTranslated(one, "TLS needs both SSLCertificateFile and SSLCertificateKeyFile");
		}
	}

	private static List<String> from(Origin origin) {
		return List.of("from " + origin + ": " + origin.text());
	}

	private void add(String key, String value, List<String> comments) {
		this.lines.add(new Line(key, value, comments));
	}

	/**
	 * One property of the output with the comments printed above it.
	 *
	 * @param key the property's name
	 * @param value its value
	 * @param comments where it came from, or what to do about it
	 */
	record Line(String key, String value, List<String> comments) {
	}

}

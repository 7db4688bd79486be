package dev.tandem.gateway.importer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads mod_jk's {@code workers.properties} (with {@code reference} templates) and
 * {@code uriworkermap.properties}: every {@code lb} worker becomes a balancer with its
 * {@code balance_workers}, and an {@code ajp13} worker mounted on its own becomes a
 * balancer of one. The attributes and their defaults are those of the Tomcat Connectors
 * reference (workers.properties configuration).
 */
final class WorkersPropertiesReader {

	private static final int MAX_REFERENCE_DEPTH = 16;

	/**
	 * The attributes of a member worker that are translated above, or that tune
	 * connections only (Tandem's pool needs none of them).
	 */
	private static final Set<String> KNOWN = Set.of("connection_pool_size", "connection_pool_minsize",
			"connection_pool_timeout", "connection_acquire_timeout", "connection_ping_interval", "ping_timeout",
			"socket_keepalive", "socket_buffer", "recycle_timeout", "cache_timeout", "lbfactor", "host", "port", "type",
			"activation", "distance", "route", "jvm_route", "reference", "socket_connect_timeout", "reply_timeout",
			"socket_timeout", "ping_mode", "prepost_timeout", "connect_timeout", "max_packet_size", "retries",
			"retry_interval", "busy_limit", "secret", "fail_on_status");

	private final OldFront front;

	/** Each worker's attributes, in file order, with where they were set. */
	private final Map<String, Map<String, Setting>> workers = new LinkedHashMap<>();

	private final Set<String> listed = new LinkedHashSet<>();

	private Origin listOrigin;

	WorkersPropertiesReader(OldFront front) {
		this.front = front;
	}

	boolean hasWorkers() {
		return !this.workers.isEmpty();
	}

	void readWorkers(Path file, String name) throws UnreadableConfigurationException {
		for (Origin line : ConfigLines.read(file, name)) {
			int equals = line.text().indexOf('=');
			if (equals <= 0) {
				throw UnreadableConfigurationException.at(line, "a workers.properties line must be key=value");
			}
			String key = line.text().substring(0, equals).strip();
			String value = line.text().substring(equals + 1).strip();
			if (key.equals("worker.list")) {
				for (String worker : value.split("[,\\s]+")) {
					if (!worker.isEmpty()) {
						this.listed.add(worker);
					}
				}
				this.listOrigin = (this.listOrigin != null) ? this.listOrigin : line;
				continue;
			}
			if (!key.startsWith("worker.") || key.indexOf('.', "worker.".length()) < 0) {
				// worker.maintain, ps and other process-wide keys: nothing Tandem needs.
				continue;
			}
			String rest = key.substring("worker.".length());
			int dot = rest.lastIndexOf('.');
			String worker = rest.substring(0, dot);
			String attribute = rest.substring(dot + 1).toLowerCase(Locale.ROOT);
			Map<String, Setting> attributes = this.workers.computeIfAbsent(worker, (k) -> new LinkedHashMap<>());
			if (attribute.equals("balance_workers") || attribute.equals("balanced_workers")) {
				// May be given several times; the lists add up.
				Setting before = attributes.get("balance_workers");
				String joined = (before == null) ? value : before.value() + "," + value;
				attributes.put("balance_workers", new Setting(joined, (before == null) ? line : before.origin()));
			}
			else {
				attributes.put(attribute, new Setting(value, line));
			}
		}
	}

	void readUriMap(Path file, String name) throws UnreadableConfigurationException {
		for (Origin line : ConfigLines.read(file, name)) {
			int equals = line.text().indexOf('=');
			if (equals <= 0) {
				throw UnreadableConfigurationException.at(line, "a uriworkermap line must be /path=worker");
			}
			String path = line.text().substring(0, equals).strip();
			String worker = line.text().substring(equals + 1).strip();
			int semicolon = worker.indexOf(';');
			if (semicolon >= 0) {
				this.front.notTranslated(line,
						"the mount's options " + worker.substring(semicolon + 1) + " are not translated");
				worker = worker.substring(0, semicolon).strip();
			}
			if (path.startsWith("-")) {
				this.front.note(line, "a disabled mount: nothing to translate");
				continue;
			}
			boolean exclusion = path.startsWith("!");
			String clean = exclusion ? path.substring(1) : path;
			this.front.mounts.add(new Mount(line, clean, exclusion ? null : worker, clean));
		}
	}

	/**
	 * Turn the workers read into balancers: each {@code lb} worker, and each other worker
	 * that a mount names or {@code worker.list} lists.
	 */
	void finish() throws UnreadableConfigurationException {
		if (this.workers.isEmpty()) {
			return;
		}
		Set<String> wanted = new LinkedHashSet<>(this.listed);
		for (Mount mount : this.front.mounts) {
			if (mount.balancer() != null) {
				wanted.add(mount.balancer());
			}
		}
		for (String worker : this.workers.keySet()) {
			if ("lb".equals(value(worker, "type", null, 0))) {
				wanted.add(worker);
			}
		}
		for (String worker : wanted) {
			if (!this.workers.containsKey(worker)) {
				continue;
			}
			String type = value(worker, "type", "ajp13", 0);
			Origin origin = origin(worker);
			switch (type) {
				case "lb" -> loadBalancer(worker, origin);
				case "ajp13", "ajp14", "ajp12" -> {
					ImportedBalancer single = this.front.balancer(worker, origin);
					if (single.members.isEmpty()) {
						single.members.add(member(worker));
					}
				}
				case "status" -> {
					this.front.statusWorkers.add(worker);
					this.front.note(origin, "Tandem's dashboard and admin API on the management port "
							+ "show and change the members' state, behind a login");
				}
				default -> this.front.notTranslated(origin, "worker type " + type + " is not translated");
			}
		}
	}

	private void loadBalancer(String name, Origin origin) throws UnreadableConfigurationException {
		ImportedBalancer balancer = this.front.balancer(name, origin);
		String members = value(name, "balance_workers", "", 0);
		if (members.isBlank()) {
			throw UnreadableConfigurationException.at(origin, "the lb worker " + name + " has no balance_workers");
		}
		for (String worker : members.split("[,\\s]+")) {
			if (worker.isEmpty()) {
				continue;
			}
			if (!this.workers.containsKey(worker)) {
				throw UnreadableConfigurationException.at(setting(name, "balance_workers").origin(),
						"the worker " + worker + " is balanced but never defined");
			}
			ImportedMember member = member(worker);
			String recover = value(name, "recover_time", null, 0);
			if (recover != null) {
				member.retrySeconds = (int) Durations.number(recover);
			}
			balancer.members.add(member);
		}
		String method = value(name, "method", null, 0);
		if (method != null) {
			balancer.methodOrigin = setting(name, "method").origin();
			switch (Character.toUpperCase(method.charAt(0))) {
				case 'R' -> balancer.method = "weighted-round-robin";
				case 'T' -> balancer.method = "traffic";
				case 'B' -> balancer.method = "least-busy";
				case 'S' -> {
					balancer.method = "weighted-round-robin";
					this.front.note(balancer.methodOrigin, "Tandem balances only new clients, and sticky ones stay "
							+ "with their member, so its round robin counts sessions as method=S does");
				}
				default -> this.front.approximate(balancer.methodOrigin,
						"method " + method + " is unknown; Tandem balances by weighted round robin, its default");
			}
		}
		if (isTrue(value(name, "sticky_session", "true", 0))) {
			String cookie = value(name, "session_cookie", "JSESSIONID", 0);
			String path = value(name, "session_path", ";jsessionid", 0);
			balancer.stickySession = cookie + "|" + (path.startsWith(";") ? path.substring(1) : path);
			Setting sticky = setting(name, "sticky_session");
			balancer.stickyOrigin = (sticky != null) ? sticky.origin() : origin;
			balancer.strict = isTrue(value(name, "sticky_session_force", "false", 0));
			if (balancer.strict) {
				balancer.strictOrigin = setting(name, "sticky_session_force").origin();
			}
		}
		String retries = value(name, "retries", null, 0);
		if (retries != null) {
			balancer.maxAttempts = (int) Math.max(1, Durations.number(retries));
			balancer.maxAttemptsOrigin = setting(name, "retries").origin();
		}
	}

	private ImportedMember member(String worker) throws UnreadableConfigurationException {
		Origin origin = origin(worker);
		String host = value(worker, "host", "localhost", 0);
		String port = value(worker, "port", "8009", 0);
		ImportedMember member = new ImportedMember(origin, worker, "ajp://" + host + ":" + port);
		String factor = value(worker, "lbfactor", null, 0);
		if (factor != null) {
			member.loadFactor = (int) Durations.number(factor);
			if (member.loadFactor < 1) {
				throw UnreadableConfigurationException.at(setting(worker, "lbfactor").origin(),
						"lbfactor must be a whole number of 1 or more");
			}
		}
		String distance = value(worker, "distance", null, 0);
		if (distance != null) {
			member.set = (int) Math.max(0, Durations.number(distance));
		}
		String activation = value(worker, "activation", null, 0);
		if (activation != null) {
			switch (Character.toUpperCase(activation.charAt(0))) {
				case 'A' -> member.state = "active";
				case 'D' -> member.state = "draining";
				case 'S' -> member.state = "disabled";
				default -> throw UnreadableConfigurationException.at(setting(worker, "activation").origin(),
						"activation must be A(ctive), D(isabled) or S(topped)");
			}
		}
		String route = value(worker, "route", null, 0);
		member.route = (route != null) ? route : value(worker, "jvm_route", worker, 0);
		String connect = value(worker, "socket_connect_timeout", null, 0);
		if (connect != null) {
			member.connectTimeoutMillis = (int) Durations.number(connect);
		}
		String reply = value(worker, "reply_timeout", null, 0);
		if (reply != null) {
			member.replyTimeoutMillis = (int) Durations.number(reply);
		}
		String socket = value(worker, "socket_timeout", null, 0);
		if (socket != null && reply == null) {
			member.replyTimeoutMillis = (int) Durations.number(socket) * 1000;
			this.front.approximate(setting(worker, "socket_timeout").origin(),
					"Tandem's response timeout bounds the whole wait for the answer's head, not each socket read");
		}
		for (String attribute : new String[] { "redirect", "domain" }) {
			Setting set = setting(worker, attribute);
			if (set != null) {
				this.front.notTranslated(set.origin(), "Tandem has no " + attribute + " worker: a standby tier "
						+ "(tier) or the replicated sessions of the was-nodes do this");
			}
		}
		Setting failOnStatus = setting(worker, "fail_on_status");
		if (failOnStatus != null) {
			this.front.approximate(failOnStatus.origin(),
					"set tandem.gateway.ejection.statuses=" + failOnStatus.value() + " to take a member out on these "
							+ "statuses; not set by the import because it also applies to the application's errors");
		}
		Map<String, Setting> own = this.workers.get(worker);
		for (Map.Entry<String, Setting> attribute : own.entrySet()) {
			if (!KNOWN.contains(attribute.getKey()) && !attribute.getKey().equals("redirect")
					&& !attribute.getKey().equals("domain")) {
				this.front.notTranslated(attribute.getValue().origin(),
						"the worker attribute " + attribute.getKey() + " is not translated");
			}
		}
		return member;
	}

	/**
	 * An attribute's value, following {@code reference} templates; the default when
	 * unset.
	 */
	private String value(String worker, String attribute, String fallback, int depth)
			throws UnreadableConfigurationException {
		Setting setting = setting(worker, attribute, depth);
		return (setting != null) ? setting.value() : fallback;
	}

	private Setting setting(String worker, String attribute) throws UnreadableConfigurationException {
		return setting(worker, attribute, 0);
	}

	private Setting setting(String worker, String attribute, int depth) throws UnreadableConfigurationException {
		Map<String, Setting> attributes = this.workers.get(worker);
		if (attributes == null) {
			return null;
		}
		Setting own = attributes.get(attribute);
		if (own != null) {
			return own;
		}
		Setting reference = attributes.get("reference");
		if (reference == null) {
			return null;
		}
		if (depth >= MAX_REFERENCE_DEPTH) {
			throw UnreadableConfigurationException.at(reference.origin(), "the references go round in a circle");
		}
		String template = reference.value().startsWith("worker.") ? reference.value().substring("worker.".length())
				: reference.value();
		if (!this.workers.containsKey(template)) {
			throw UnreadableConfigurationException.at(reference.origin(), "the worker " + template + " is not defined");
		}
		return setting(template, attribute, depth + 1);
	}

	private Origin origin(String worker) {
		return this.workers.get(worker).values().iterator().next().origin();
	}

	private static boolean isTrue(String value) {
		String v = value.toLowerCase(Locale.ROOT);
		return v.equals("true") || v.equals("1") || v.equals("on") || v.equals("yes");
	}

	/** One attribute's value and where it was set. */
	private record Setting(String value, Origin origin) {
	}

}

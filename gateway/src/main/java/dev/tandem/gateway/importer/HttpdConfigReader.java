package dev.tandem.gateway.importer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads httpd's configuration for what a front of Tomcats uses: {@code <Proxy
 * balancer://...>} with {@code BalancerMember} and {@code ProxySet}, {@code ProxyPass}
 * (and its {@code !} exclusions and {@code <Location>} form), {@code ProxyPassReverse},
 * {@code ProxyPreserveHost}, {@code ProxyTimeout}, mod_jk's {@code JkMount},
 * {@code JkUnMount}, {@code JkWorkersFile} and {@code JkMountFile}, and the certificate
 * of mod_ssl. {@code Include} and {@code IncludeOptional} are followed;
 * {@code <IfModule>}, {@code <VirtualHost>} and other sections are read through. Every
 * other directive that proxies is reported as not translated; the rest of httpd's
 * configuration is not Tandem's business and is skipped.
 */
final class HttpdConfigReader {

	private static final int MAX_INCLUDE_DEPTH = 16;

	private static final Pattern SECTION = Pattern.compile("<\\s*(/?)\\s*([A-Za-z]+)\\s*(.*?)\\s*>");

	/** Member parameters that tune connections only; Tandem's pool needs none of them. */
	private static final Set<String> CONNECTION_TUNING = Set.of("max", "smax", "ttl", "keepalive", "acquire",
			"disablereuse", "enablereuse", "flushpackets", "flushwait", "iobuffersize", "receivebuffersize", "min",
			"hcinterval", "hcpasses", "hcfails", "hctemplate", "secret", "upgrade", "mapping", "responsefieldsize");

	private final OldFront front;

	private final WorkersPropertiesReader jk;

	private Path serverRoot;

	HttpdConfigReader(OldFront front, WorkersPropertiesReader jk) {
		this.front = front;
		this.jk = jk;
	}

	void read(Path file, String name) throws UnreadableConfigurationException {
		read(file, name, 0);
	}

	private void read(Path file, String name, int depth) throws UnreadableConfigurationException {
		Deque<Section> sections = new ArrayDeque<>();
		for (Origin line : ConfigLines.read(file, name)) {
			Matcher section = SECTION.matcher(line.text());
			if (line.text().startsWith("<") && section.matches()) {
				String kind = section.group(2).toLowerCase(Locale.ROOT);
				if (section.group(1).isEmpty()) {
					sections.push(new Section(kind, unquote(section.group(3)), line));
				}
				else if (sections.isEmpty() || !sections.peek().kind.equals(kind)) {
					throw UnreadableConfigurationException.at(line,
							(sections.isEmpty()) ? "no section is open here" : "it closes a section opened as <"
									+ sections.peek().origin.text() + "> at line " + sections.peek().origin.line());
				}
				else {
					sections.pop();
				}
				continue;
			}
			if (line.text().startsWith("<")) {
				throw UnreadableConfigurationException.at(line, "a section must be written <Name argument>");
			}
			List<String> words = ConfigLines.words(line);
			directive(words.get(0).toLowerCase(Locale.ROOT), words.subList(1, words.size()), line, sections.peek(),
					file, depth);
		}
		if (!sections.isEmpty()) {
			Section open = sections.peek();
			throw UnreadableConfigurationException.at(open.origin, "this section is never closed");
		}
	}

	private void directive(String name, List<String> args, Origin line, Section section, Path file, int depth)
			throws UnreadableConfigurationException {
		switch (name) {
			case "serverroot" -> this.serverRoot = Path.of(one(args, line));
			case "include", "includeoptional" ->
				include(one(args, line), name.equals("includeoptional"), line, file, depth);
			case "balancermember" -> balancerMember(args, line, section);
			case "proxyset" -> proxySet(args, line, section);
			case "proxypass" -> proxyPass(args, line, section);
			case "proxypassreverse" -> {
				if (this.front.reverseRewrite == null) {
					this.front.reverseRewrite = line;
				}
			}
			case "proxypreservehost" -> {
				if ("on".equalsIgnoreCase(one(args, line))) {
					this.front.preserveHost = line;
				}
			}
			case "proxytimeout" -> {
				long seconds = Durations.number(one(args, line));
				if (seconds <= 0) {
					throw UnreadableConfigurationException.at(line, "ProxyTimeout takes a number of seconds");
				}
				this.front.proxyTimeoutSeconds = (int) seconds;
				this.front.proxyTimeoutOrigin = line;
			}
			case "proxypassreversecookiedomain" -> this.front.approximate(line,
					"Tandem removes a Domain attribute naming a member's host from Set-Cookie, so the cookie belongs "
							+ "to the host the client used, rather than replacing it");
			case "proxypassreversecookiepath" -> {
				if (args.size() >= 2 && args.get(0).equals(args.get(1))) {
					this.front.note(line, "nothing to do: the path stays the same");
				}
				else {
					this.front.notTranslated(line, "Tandem does not rewrite cookie paths");
				}
			}
			case "proxyrequests" -> {
				if ("on".equalsIgnoreCase(one(args, line))) {
					this.front.notTranslated(line, "Tandem is a reverse proxy only, never a forward proxy");
				}
			}
			case "proxyaddheaders" ->
				this.front.note(line, "Tandem always sends X-Forwarded-For, -Proto, -Host and -Port to its members");
			case "proxystatus" -> this.front.note(line,
					"Tandem's dashboard and GET /api/members on the management port show each member's state");
			case "sethandler" -> setHandler(args, line);
			case "header", "requestheader" -> header(args, line);
			case "jkworkersfile" -> workersFile(one(args, line), line, file);
			case "jkmountfile" -> mountFile(one(args, line), line, file);
			case "jkmount" -> jkMount(args, line, section, false);
			case "jkunmount" -> jkMount(args, line, section, true);
			case "rewriterule" -> {
				if (args.size() >= 3 && args.get(2).toUpperCase(Locale.ROOT).matches(".*[\\[,]P[\\],].*")) {
					this.front.notTranslated(line, "a rewrite that proxies ([P]) has no equivalent in Tandem");
				}
			}
			case "sslcertificatefile" -> {
				this.front.certificate = line;
				this.front.certificateFile = one(args, line);
			}
			case "sslcertificatekeyfile" -> {
				this.front.certificateKey = line;
				this.front.certificateKeyFile = one(args, line);
			}
			default -> {
				if (name.startsWith("proxy") || name.startsWith("balancer")) {
					this.front.notTranslated(line, "Tandem has no equivalent of " + line.text().split("\\s+")[0]);
				}
			}
		}
	}

	private void include(String pattern, boolean optional, Origin line, Path file, int depth)
			throws UnreadableConfigurationException {
		if (depth >= MAX_INCLUDE_DEPTH) {
			throw UnreadableConfigurationException.at(line,
					"includes are nested more than " + MAX_INCLUDE_DEPTH + " deep; is a file including itself?");
		}
		List<Path> files = matching(resolve(pattern, file));
		if (files.isEmpty() && !optional && !pattern.contains("*") && !pattern.contains("?")) {
			this.front.notTranslated(line, "the included file is not there: give it to the import as an argument");
		}
		for (Path included : files) {
			read(included, included.toString(), depth + 1);
		}
	}

	private Path resolve(String path, Path file) {
		Path given = Path.of(path);
		if (given.isAbsolute()) {
			return given;
		}
		Path base = (this.serverRoot != null && Files.isDirectory(this.serverRoot)) ? this.serverRoot
				: file.toAbsolutePath().getParent();
		return base.resolve(given);
	}

	/** The files a path with wildcards in its last part names, sorted as httpd does. */
	private static List<Path> matching(Path pattern) throws UnreadableConfigurationException {
		String last = pattern.getFileName().toString();
		if (!last.contains("*") && !last.contains("?") && !last.contains("[")) {
			return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
		}
		List<Path> found = new ArrayList<>();
		Path directory = pattern.getParent();
		if (directory == null || !Files.isDirectory(directory)) {
			return found;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, last)) {
			for (Path entry : entries) {
				if (Files.isRegularFile(entry)) {
					found.add(entry);
				}
			}
		}
		catch (IOException ex) {
			throw new UnreadableConfigurationException(directory + ": cannot be listed (" + ex.getMessage() + ").");
		}
		found.sort(null);
		return found;
	}

	private void balancerMember(List<String> args, Origin line, Section section)
			throws UnreadableConfigurationException {
		String balancer;
		List<String> rest;
		if (!args.isEmpty() && isBalancer(args.get(0))) {
			balancer = balancerName(args.get(0));
			rest = args.subList(1, args.size());
		}
		else if (section != null && section.kind.equals("proxy") && isBalancer(section.argument)) {
			balancer = balancerName(section.argument);
			rest = args;
		}
		else {
			throw UnreadableConfigurationException.at(line,
					"BalancerMember must be inside <Proxy balancer://name> or name its balancer first");
		}
		if (rest.isEmpty() || rest.get(0).contains("=")) {
			throw UnreadableConfigurationException.at(line, "BalancerMember needs the member's URL");
		}
		ImportedMember member = new ImportedMember(line, null, rest.get(0));
		List<String> ignored = new ArrayList<>();
		for (String parameter : rest.subList(1, rest.size())) {
			memberParameter(member, parameter, line, ignored);
		}
		if (!ignored.isEmpty()) {
			this.front.notTranslated(line, "Tandem has no per-member " + String.join(", ", ignored));
		}
		this.front.balancer(balancer, line).members.add(member);
	}

	private void memberParameter(ImportedMember member, String parameter, Origin line, List<String> ignored)
			throws UnreadableConfigurationException {
		int equals = parameter.indexOf('=');
		if (equals <= 0) {
			throw UnreadableConfigurationException.at(line, "'" + parameter + "' is not key=value");
		}
		String key = parameter.substring(0, equals).toLowerCase(Locale.ROOT);
		String value = parameter.substring(equals + 1);
		switch (key) {
			case "loadfactor" -> member.loadFactor = (int) atLeast(1, value, key, line);
			case "lbset" -> member.set = (int) atLeast(0, value, key, line);
			case "route" -> member.route = value;
			case "status" -> status(member, value, line);
			case "retry" -> member.retrySeconds = (int) atLeast(0, value, key, line);
			case "timeout" -> member.replyTimeoutMillis = (int) millis(value, key, line);
			case "connectiontimeout" -> member.connectTimeoutMillis = (int) millis(value, key, line);
			case "hcmethod" -> member.healthMethod = value.toUpperCase(Locale.ROOT);
			case "hcuri" -> member.healthPath = value;
			case "hcexpr" -> this.front.approximate(line,
					"Tandem checks the health answer's status (expected-status), not an hcexpr expression");
			case "ping" -> this.front.note(line, "Tandem's health checks probe each member every 2 s instead");
			default -> {
				if (!CONNECTION_TUNING.contains(key)) {
					ignored.add(key);
				}
			}
		}
	}

	/** httpd's {@code status=+H}, {@code status=D}, {@code status=+H-D}... */
	private void status(ImportedMember member, String value, Origin line) throws UnreadableConfigurationException {
		boolean on = true;
		for (char c : value.toUpperCase(Locale.ROOT).toCharArray()) {
			switch (c) {
				case '+' -> on = true;
				case '-' -> on = false;
				case 'H', 'R' -> member.standby = on;
				case 'D', 'S' -> member.state = on ? "disabled" : member.state;
				case 'N' -> member.state = on ? "draining" : member.state;
				case 'I' -> this.front.notTranslated(line,
						"Tandem has no 'ignore errors' (+I): a failing member is taken out as any other");
				case 'E', 'C' -> this.front.note(line, "Tandem's health checks find out whether the member is in "
						+ "error (+E) when it starts, instead of being told");
				default -> throw UnreadableConfigurationException.at(line, "status flag '" + c + "' is unknown");
			}
		}
	}

	private void proxySet(List<String> args, Origin line, Section section) throws UnreadableConfigurationException {
		String target;
		List<String> parameters;
		if (!args.isEmpty() && !args.get(0).contains("=")) {
			target = args.get(0);
			parameters = args.subList(1, args.size());
		}
		else if (section != null && section.kind.equals("proxy")) {
			target = section.argument;
			parameters = args;
		}
		else {
			throw UnreadableConfigurationException.at(line, "ProxySet must be inside <Proxy ...> or name its URL");
		}
		if (!isBalancer(target)) {
			this.front.notTranslated(line, "ProxySet for a single backend is not translated");
			return;
		}
		ImportedBalancer balancer = this.front.balancer(balancerName(target), line);
		for (String parameter : parameters) {
			balancerParameter(balancer, parameter, line);
		}
	}

	private void balancerParameter(ImportedBalancer balancer, String parameter, Origin line)
			throws UnreadableConfigurationException {
		int equals = parameter.indexOf('=');
		if (equals <= 0) {
			throw UnreadableConfigurationException.at(line, "'" + parameter + "' is not key=value");
		}
		String key = parameter.substring(0, equals).toLowerCase(Locale.ROOT);
		String value = parameter.substring(equals + 1);
		switch (key) {
			case "lbmethod" -> {
				balancer.methodOrigin = line;
				switch (value.toLowerCase(Locale.ROOT)) {
					case "byrequests" -> balancer.method = "weighted-round-robin";
					case "bybusyness" -> balancer.method = "least-busy";
					case "bytraffic" -> balancer.method = "traffic";
					default -> {
						balancer.method = null;
						this.front.approximate(line, "lbmethod " + value
								+ " has no equivalent; Tandem balances by weighted round robin, its default");
					}
				}
			}
			case "stickysession" -> {
				balancer.stickySession = value;
				balancer.stickyOrigin = line;
			}
			case "stickysessionsep" -> {
				if (!".".equals(value) && !"\".\"".equals(value)) {
					this.front.notTranslated(line, "Tandem reads the route after a '.' only");
				}
			}
			case "scolonpathdelim" ->
				this.front.note(line, "Tandem always reads a ;jsessionid=... path parameter's route");
			case "nofailover" -> {
				if ("on".equalsIgnoreCase(value)) {
					balancer.strict = true;
					balancer.strictOrigin = line;
				}
			}
			case "maxattempts" -> {
				balancer.maxAttempts = (int) atLeast(0, value, key, line) + 1;
				balancer.maxAttemptsOrigin = line;
			}
			case "failonstatus" -> this.front.approximate(line,
					"set tandem.gateway.ejection.statuses=" + value + " to take a member out on these statuses; "
							+ "not set by the import because it also applies to the application's own errors");
			case "timeout", "growth", "forcerecovery", "failontimeout", "lbset", "tempo" -> this.front.note(line,
					key + " has no equivalent; Tandem's health checks and passive ejection decide instead");
			default -> this.front.notTranslated(line, "the balancer setting " + key + " is unknown to the import");
		}
	}

	private void proxyPass(List<String> args, Origin line, Section section) throws UnreadableConfigurationException {
		String path;
		List<String> rest;
		if (section != null && section.kind.equals("location")) {
			path = section.argument;
			rest = args;
		}
		else if (section != null && section.kind.equals("locationmatch")) {
			this.front.notTranslated(line, "ProxyPass inside <LocationMatch> (a regular expression) is not translated");
			return;
		}
		else {
			if (args.isEmpty()) {
				throw UnreadableConfigurationException.at(line, "ProxyPass needs a path and a URL");
			}
			path = args.get(0);
			rest = args.subList(1, args.size());
		}
		if (rest.isEmpty()) {
			throw UnreadableConfigurationException.at(line, "ProxyPass needs a URL (or ! to exclude the path)");
		}
		String url = rest.get(0);
		if (url.equals("!")) {
			this.front.mounts.add(new Mount(line, path, null, path));
			return;
		}
		String balancerName;
		String backendPath;
		if (isBalancer(url)) {
			balancerName = balancerName(url);
			String after = url.substring("balancer://".length());
			int slash = after.indexOf('/');
			backendPath = (slash < 0) ? "" : after.substring(slash);
			ImportedBalancer balancer = this.front.balancer(balancerName, line);
			for (String parameter : rest.subList(1, rest.size())) {
				balancerParameter(balancer, parameter, line);
			}
		}
		else if (url.matches("(?i)(https?|ajp)://[^/]+(/.*)?")) {
			// A single backend: a balancer of one member, named by its address.
			int slash = url.indexOf('/', url.indexOf("://") + 3);
			balancerName = (slash < 0) ? url : url.substring(0, slash);
			backendPath = (slash < 0) ? "" : url.substring(slash);
			ImportedBalancer single = this.front.balancer(balancerName, line);
			if (single.members.isEmpty()) {
				ImportedMember member = new ImportedMember(line, null, balancerName);
				List<String> ignored = new ArrayList<>();
				for (String parameter : rest.subList(1, rest.size())) {
					memberParameter(member, parameter, line, ignored);
				}
				single.members.add(member);
			}
		}
		else {
			this.front.notTranslated(line, "ProxyPass to " + url + " is not translated");
			return;
		}
		this.front.mounts.add(new Mount(line, path, balancerName, backendPath));
	}

	private void setHandler(List<String> args, Origin line) {
		String handler = args.isEmpty() ? "" : args.get(0).toLowerCase(Locale.ROOT);
		switch (handler) {
			case "balancer-manager" -> this.front.note(line, "Tandem's dashboard and admin API on the management "
					+ "port do this, behind a login; its path is not forwarded to the members");
			case "server-status" -> this.front.note(line,
					"Tandem's metrics (/actuator/prometheus) and admin API on the management port show this");
			case "jakarta-servlet" -> this.front.notTranslated(line,
					"SetHandler jakarta-servlet is not translated: write the location as a JkMount line");
			default -> {
			}
		}
	}

	private void header(List<String> args, Origin line) {
		if (String.join(" ", args).contains("BALANCER_WORKER_ROUTE")) {
			this.front.note(line, "Tandem pins new clients with its own cookie (tandem.gateway.affinity.cookie-name); "
					+ "the ROUTEID cookies clients already have are honoured through session-cookie-names");
		}
	}

	private void workersFile(String path, Origin line, Path file) throws UnreadableConfigurationException {
		Path workers = resolve(path, file);
		if (Files.isRegularFile(workers)) {
			this.jk.readWorkers(workers, workers.toString());
		}
		else if (!this.jk.hasWorkers()) {
			this.front.notTranslated(line,
					"the workers file is not there: give it to the import as an argument before this file");
		}
	}

	private void mountFile(String path, Origin line, Path file) throws UnreadableConfigurationException {
		Path map = resolve(path, file);
		if (Files.isRegularFile(map)) {
			this.jk.readUriMap(map, map.toString());
		}
		else {
			this.front.notTranslated(line, "the mount file is not there: give it to the import as an argument");
		}
	}

	private void jkMount(List<String> args, Origin line, Section section, boolean unmount)
			throws UnreadableConfigurationException {
		String path;
		String worker;
		if (args.size() == 1 && section != null && section.kind.equals("location")) {
			path = section.argument;
			worker = args.get(0);
		}
		else if (args.size() >= 2) {
			path = args.get(0);
			worker = args.get(1);
		}
		else {
			throw UnreadableConfigurationException.at(line, "JkMount needs a path and a worker");
		}
		this.front.mounts.add(new Mount(line, path, unmount ? null : worker, path));
	}

	private static String one(List<String> args, Origin line) throws UnreadableConfigurationException {
		if (args.isEmpty()) {
			throw UnreadableConfigurationException.at(line, "a value is missing");
		}
		return args.get(0);
	}

	private static boolean isBalancer(String url) {
		return url.regionMatches(true, 0, "balancer://", 0, "balancer://".length());
	}

	private static String balancerName(String url) {
		String after = url.substring("balancer://".length());
		int slash = after.indexOf('/');
		return (slash < 0) ? after : after.substring(0, slash);
	}

	private static String unquote(String value) {
		String v = value.strip();
		if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
			return v.substring(1, v.length() - 1);
		}
		return v;
	}

	private static long atLeast(long minimum, String value, String key, Origin line)
			throws UnreadableConfigurationException {
		long n = Durations.number(value);
		if (n < minimum) {
			throw UnreadableConfigurationException.at(line, key + " must be a whole number of " + minimum + " or more");
		}
		return n;
	}

	private static long millis(String value, String key, Origin line) throws UnreadableConfigurationException {
		long millis = Durations.httpdMillis(value);
		if (millis < 0) {
			throw UnreadableConfigurationException.at(line, key + " must be a time such as 10 (seconds) or 500ms");
		}
		return millis;
	}

	/** An open {@code <Name argument>} section. */
	private record Section(String kind, String argument, Origin origin) {
	}

}

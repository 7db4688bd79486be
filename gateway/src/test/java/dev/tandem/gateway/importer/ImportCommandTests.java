package dev.tandem.gateway.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The importer against the fronts the httpd and mod_jk guides build (the files in
 * {@code src/test/resources/importer}) and their variants: what it prints, the exit
 * status, and one sentence naming the line for a file it cannot parse.
 */
class ImportCommandTests {

	@TempDir
	Path dir;

	@Test
	void shouldImportAnHttpdBalancerWithItsWeightsStandbyRoutesAndStickiness() throws Exception {
		Result result = run(fixture("httpd-balancer.conf"));

		assertThat(result.status).as(result.err).isZero();
		assertThat(result.properties()).contains(entry("tandem.gateway.members[0].id", "pi2"),
				entry("tandem.gateway.members[0].uri", "http://10.0.0.12:8080"),
				entry("tandem.gateway.members[1].id", "pi3"), entry("tandem.gateway.members[1].weight", "5"),
				entry("tandem.gateway.members[2].id", "pi4"), entry("tandem.gateway.members[2].tier", "1"),
				entry("tandem.gateway.members[2].health.type", "tcp"),
				entry("tandem.gateway.balancing.method", "weighted-round-robin"),
				entry("tandem.gateway.affinity.session-cookie-names", "JSESSIONID|jsessionid"),
				entry("tandem.gateway.ejection.duration", "10s"), entry("tandem.gateway.proxy.preserve-host", "true"),
				entry("tandem.gateway.proxy.reverse-rewrite", "true"),
				entry("tandem.gateway.routes[0].path", "/balancer-manager/**"),
				entry("tandem.gateway.routes[0].status", "404"), entry("tandem.gateway.routes[1].path", "/**"));
		assertThat(result.properties()).doesNotContainKeys("tandem.gateway.members[0].weight",
				"tandem.gateway.members[0].tier", "tandem.gateway.members[0].route");
		assertThat(result.out).contains("# from httpd-balancer.conf:13: BalancerMember \"http://10.0.0.14:8080\"");
		assertThat(result.err).isEqualTo("Imported completely.\n");
	}

	@Test
	void shouldImportModJkWorkersWithTheirTemplateDistanceAndMounts() throws Exception {
		Result result = run(fixture("workers.properties"), fixture("uriworkermap.properties"));

		assertThat(result.status).as("AJP members are approximations").isOne();
		assertThat(result.properties()).contains(entry("tandem.gateway.members[0].id", "tomcat1"),
				entry("tandem.gateway.members[0].uri", "http://10.0.0.12:8080"),
				entry("tandem.gateway.members[1].weight", "5"), entry("tandem.gateway.members[2].tier", "1"),
				entry("tandem.gateway.affinity.session-cookie-names", "JSESSIONID|jsessionid"),
				entry("spring.cloud.gateway.server.webflux.httpclient.response-timeout", "30s"),
				entry("spring.cloud.gateway.server.webflux.httpclient.connect-timeout", "5000"),
				entry("tandem.gateway.routes[0].path", "/jkstatus/**"), entry("tandem.gateway.routes[0].status", "404"),
				entry("tandem.gateway.routes[1].path", "/**"));
		assertThat(result.properties()).doesNotContainKeys("tandem.gateway.members[3].id",
				"tandem.gateway.members[0].route");
		assertThat(result.out).contains("# approximate, workers.properties:9: Tandem speaks HTTP, not AJP")
			.contains("# uriworkermap.properties:2: the old front's status page");
		assertThat(result.err).contains("Imported with 3 directive(s) approximated or not translated");
	}

	@Test
	void shouldKeepRouteIdRoutesOfMembersWhoseRoutesAreNumbers() throws Exception {
		Result result = run(fixture("httpd-routeid.conf"));

		assertThat(result.status).as(result.err).isZero();
		assertThat(result.properties()).contains(entry("tandem.gateway.members[0].id", "10.0.0.12"),
				entry("tandem.gateway.members[0].route", "1"), entry("tandem.gateway.members[1].route", "2"),
				entry("tandem.gateway.members[2].route", "3"), entry("tandem.gateway.members[2].tier", "1"),
				entry("tandem.gateway.affinity.session-cookie-names", "ROUTEID"));
	}

	@Test
	void shouldPrintTheSamePropertiesAsYaml() throws Exception {
		for (String[] files : List.of(new String[] { "httpd-balancer.conf" }, new String[] { "httpd-routeid.conf" },
				new String[] { "workers.properties", "uriworkermap.properties" })) {
			List<String> args = new ArrayList<>();
			for (String file : files) {
				args.add(fixture(file).toString());
			}
			Result properties = run(args.toArray(String[]::new));
			args.add(0, "--format=yaml");
			Result yaml = run(args.toArray(String[]::new));

			assertThat(yaml.status).isEqualTo(properties.status);
			Map<String, String> flat = new TreeMap<>();
			flatten("", new Yaml().load(yaml.out), flat);
			assertThat(flat).as(yaml.out).isEqualTo(new TreeMap<>(properties.properties()));
		}
	}

	@Test
	void shouldImportTwoHttpdBalancersAsGroupsOfTheirMembersAndRoutes() throws Exception {
		Result result = run(fixture("httpd-two-apps.conf"));

		assertThat(result.status).as("a prefix stripped, 404 outside the mounts").isOne();
		Map<String, String> properties = result.properties();
		assertThat(properties).contains(entry("tandem.gateway.members[0].id", "shop-tomcat1"),
				entry("tandem.gateway.members[0].group", "shop"), entry("tandem.gateway.members[0].route", "tomcat1"),
				entry("tandem.gateway.members[1].id", "tomcat2"), entry("tandem.gateway.members[1].group", "shop"),
				entry("tandem.gateway.members[1].weight", "3"), entry("tandem.gateway.members[2].id", "blog-tomcat1"),
				entry("tandem.gateway.members[2].group", "blog"), entry("tandem.gateway.members[2].route", "tomcat1"),
				entry("tandem.gateway.members[3].id", "spare"), entry("tandem.gateway.members[3].group", "blog"),
				entry("tandem.gateway.members[3].tier", "1"),
				entry("tandem.gateway.routes[0].path", "/balancer-manager/**"),
				entry("tandem.gateway.routes[0].status", "404"), entry("tandem.gateway.routes[1].path", "/shop/**"),
				entry("tandem.gateway.routes[1].group", "shop"),
				entry("tandem.gateway.routes[1].strip-prefix", "/shop"),
				entry("tandem.gateway.routes[2].path", "/blog/**"), entry("tandem.gateway.routes[2].group", "blog"),
				entry("tandem.gateway.balancing.method", "weighted-round-robin"),
				entry("tandem.gateway.groups.blog.balancing.method", "least-busy"),
				entry("tandem.gateway.affinity.session-cookie-names", "JSESSIONID|jsessionid,ROUTEID"));
		assertThat(properties).doesNotContainKeys("tandem.gateway.routes[0].group", "tandem.gateway.members[1].route",
				"tandem.gateway.members[3].route", "tandem.gateway.members[4].id", "tandem.gateway.routes[3].path",
				"tandem.gateway.affinity.strict");
		assertThat(properties.keySet()).filteredOn((key) -> key.startsWith("tandem.gateway.groups"))
			.containsExactly("tandem.gateway.groups.blog.balancing.method");
		assertThat(groups(properties, "routes")).isSubsetOf(groups(properties, "members"));
		assertThat(result.out)
			.contains(String.format("# from httpd-two-apps.conf:12: ProxySet lbmethod=bybusyness "
					+ "stickysession=ROUTEID%ntandem.gateway.groups.blog.balancing.method=least-busy"))
			.doesNotContain("Tandem has one balancing.method")
			.doesNotContain("# not translated");
		assertThat(result.err).contains("Imported with 2 directive(s) approximated or not translated");
	}

	@Test
	void shouldImportTwoModJkLoadBalancersAsGroupsWithTheMountOfEveryPathLast() throws Exception {
		Result result = run(fixture("workers-two-apps.properties"), fixture("jk-two-apps.conf"));

		assertThat(result.status).as("AJP members are approximations").isOne();
		Map<String, String> properties = result.properties();
		assertThat(properties).contains(entry("tandem.gateway.members[0].id", "shop1"),
				entry("tandem.gateway.members[0].group", "shop"), entry("tandem.gateway.members[1].id", "shop2"),
				entry("tandem.gateway.members[1].group", "shop"), entry("tandem.gateway.members[2].id", "blog1"),
				entry("tandem.gateway.members[2].group", "blog"), entry("tandem.gateway.members[3].id", "blog2"),
				entry("tandem.gateway.members[3].group", "blog"), entry("tandem.gateway.members[3].tier", "1"),
				entry("tandem.gateway.routes[0].path", "/blog/static/**"),
				entry("tandem.gateway.routes[0].status", "404"), entry("tandem.gateway.routes[1].path", "/blog/**"),
				entry("tandem.gateway.routes[1].group", "blog"), entry("tandem.gateway.routes[2].path", "/**"),
				entry("tandem.gateway.routes[2].group", "shop"),
				entry("tandem.gateway.affinity.session-cookie-names", "JSESSIONID|jsessionid"));
		assertThat(properties).doesNotContainKeys("tandem.gateway.routes[0].group", "tandem.gateway.routes[3].path",
				"tandem.gateway.members[4].id", "tandem.gateway.balancing.method");
		assertThat(properties.keySet()).filteredOn((key) -> key.startsWith("tandem.gateway.groups"))
			.containsExactlyInAnyOrder("tandem.gateway.groups.blog.balancing.method",
					"tandem.gateway.groups.blog.affinity.strict");
		assertThat(properties)
			.contains(entry("tandem.gateway.groups.blog.balancing.method", "least-busy"),
					entry("tandem.gateway.groups.blog.affinity.strict", "true"))
			.doesNotContainKey("tandem.gateway.affinity.strict");
		assertThat(result.out).doesNotContain("Tandem has one")
			.doesNotContain("# not translated")
			.contains("# approximate, jk-two-apps.conf:5: the old front served /blog/static/* itself (its own files "
					+ "or another handler); the gateway answers it 404");
		assertThat(result.err).contains("Imported with 5 directive(s) approximated or not translated");
	}

	@Test
	void shouldPrefixIdsThatTwoBalancersShareAndKeepTheMainBalancersSettings() throws Exception {
		Path conf = write("""
				<Proxy balancer://main>
				    BalancerMember http://10.0.0.5:8080 timeout=30
				    ProxySet stickysession=JSESSIONID
				</Proxy>
				<Proxy balancer://admin>
				    BalancerMember http://10.0.0.5:8081 timeout=60
				    ProxySet stickysession=JSESSIONID|jsessionid nofailover=On
				</Proxy>
				<Proxy balancer://unused>
				    BalancerMember http://10.0.0.7:8080
				</Proxy>
				ProxyPass / balancer://main/
				ProxyPass /admin/ balancer://admin/
				ProxyPass /legacy/ http://10.0.0.9:8080/
				""");

		Result result = run(conf);

		assertThat(result.status).isOne();
		Map<String, String> properties = result.properties();
		assertThat(properties).contains(entry("tandem.gateway.members[0].id", "main-10.0.0.5"),
				entry("tandem.gateway.members[0].group", "main"),
				entry("tandem.gateway.members[1].id", "admin-10.0.0.5"),
				entry("tandem.gateway.members[1].group", "admin"), entry("tandem.gateway.members[2].id", "10.0.0.9"),
				entry("tandem.gateway.members[2].group", "10.0.0.9-8080"),
				entry("tandem.gateway.routes[0].path", "/admin/**"), entry("tandem.gateway.routes[0].group", "admin"),
				entry("tandem.gateway.routes[1].path", "/legacy/**"),
				entry("tandem.gateway.routes[1].group", "10.0.0.9-8080"), entry("tandem.gateway.routes[2].path", "/**"),
				entry("tandem.gateway.routes[2].group", "main"),
				entry("tandem.gateway.affinity.session-cookie-names", "JSESSIONID|jsessionid"),
				entry("spring.cloud.gateway.server.webflux.httpclient.response-timeout", "60s"));
		assertThat(properties).contains(entry("tandem.gateway.groups.admin.affinity.strict", "true"));
		assertThat(properties).doesNotContainKeys("tandem.gateway.members[0].route", "tandem.gateway.members[3].id",
				"tandem.gateway.affinity.strict", "tandem.gateway.routes[3].path");
		assertThat(groups(properties, "routes")).isEqualTo(groups(properties, "members"));
		assertThat(result.out).doesNotContain("Tandem has one affinity.strict")
			.contains("# approximate, front.conf:6: Tandem has one response timeout for all members: the longest")
			.contains("# approximate, front.conf:14: the balancer http://10.0.0.9:8080 had no sticky sessions")
			.contains("# not translated, front.conf:10: the balancer unused is not imported: no ProxyPass or JkMount "
					+ "sends a path to it");
	}

	@Test
	void shouldGiveEachOtherBalancerItsOwnMethodAndStrictnessAndKeepTheMainBalancersRetries() throws Exception {
		Path conf = write("""
				<Proxy balancer://main>
				    BalancerMember http://10.0.0.5:8080
				    ProxySet stickysession=JSESSIONID nofailover=On lbmethod=bytraffic maxattempts=2
				</Proxy>
				<Proxy balancer://admin>
				    BalancerMember http://10.0.0.5:8081
				    ProxySet stickysession=JSESSIONID maxattempts=1
				</Proxy>
				ProxyPass /admin/ balancer://admin/
				ProxyPass /legacy/ http://10.0.0.9:8080/
				ProxyPass / balancer://main/
				""");

		Result result = run(conf);
		Map<String, String> properties = result.properties();

		assertThat(properties).contains(entry("tandem.gateway.balancing.method", "traffic"),
				entry("tandem.gateway.affinity.strict", "true"), entry("tandem.gateway.retry.max-attempts", "3"),
				entry("tandem.gateway.groups.admin.balancing.method", "weighted-round-robin"),
				entry("tandem.gateway.groups.admin.affinity.strict", "false"),
				entry("tandem.gateway.groups[10.0.0.9-8080].balancing.method", "weighted-round-robin"),
				entry("tandem.gateway.groups[10.0.0.9-8080].affinity.strict", "false"));
		assertThat(properties).doesNotContainKeys("tandem.gateway.groups.main.balancing.method",
				"tandem.gateway.groups.main.affinity.strict");
		assertThat(result.out).doesNotContain("Tandem has one balancing.method")
			.doesNotContain("Tandem has one affinity.strict")
			.contains("# approximate, front.conf:7: Tandem has one retry.max-attempts for all groups: the balancer "
					+ "admin's (2) gives way to the main balancer main's (3)");
		Result yaml = run("--format=yaml", conf.toString());
		Map<String, String> flat = new TreeMap<>();
		flatten("", new Yaml().load(yaml.out), flat);
		assertThat(flat).as(yaml.out).isEqualTo(new TreeMap<>(properties));
	}

	@Test
	void shouldPrintTheSameGroupsAsYaml() throws Exception {
		for (Path[] files : List.of(new Path[] { fixture("httpd-two-apps.conf") },
				new Path[] { fixture("workers-two-apps.properties"), fixture("jk-two-apps.conf") })) {
			Result properties = run(files);
			List<String> args = new ArrayList<>(List.of("--format=yaml"));
			for (Path file : files) {
				args.add(file.toString());
			}
			Result yaml = run(args.toArray(String[]::new));

			assertThat(yaml.status).isEqualTo(properties.status);
			Map<String, String> flat = new TreeMap<>();
			flatten("", new Yaml().load(yaml.out), flat);
			assertThat(flat).as(yaml.out)
				.isEqualTo(new TreeMap<>(properties.properties()))
				.containsKeys("tandem.gateway.members[0].group", "tandem.gateway.routes[1].group");
		}
	}

	@Test
	void shouldFollowIncludesAndReadThroughIfModuleAndVirtualHost() throws Exception {
		Path conf = this.dir.resolve("apache2.conf");
		Files.createDirectories(this.dir.resolve("sites-enabled"));
		Files.writeString(conf, """
				ServerRoot "%s"
				<IfModule mod_proxy.c>
				    IncludeOptional sites-enabled/*.conf
				</IfModule>
				IncludeOptional conf-enabled/*.conf
				""".formatted(this.dir));
		Files.writeString(this.dir.resolve("sites-enabled/000-default.conf"), """
				<VirtualHost *:80>
				    <Proxy balancer://tomcats>
				        BalancerMember ajp://10.0.0.12:8109 route=tomcat1 \\
				            loadfactor=2
				        BalancerMember ajp://10.0.0.13:8009 route=tomcat2 lbset=1
				    </Proxy>
				    <Location />
				        ProxyPass balancer://tomcats/ stickysession=JSESSIONID nofailover=On
				    </Location>
				</VirtualHost>
				""");

		Result result = run(conf);

		assertThat(result.status).as("AJP").isOne();
		assertThat(result.properties()).contains(entry("tandem.gateway.members[0].id", "tomcat1"),
				entry("tandem.gateway.members[0].uri", "http://10.0.0.12:8180"),
				entry("tandem.gateway.members[0].weight", "2"),
				entry("tandem.gateway.members[1].uri", "http://10.0.0.13:8080"),
				entry("tandem.gateway.members[1].tier", "1"),
				entry("tandem.gateway.affinity.session-cookie-names", "JSESSIONID"),
				entry("tandem.gateway.affinity.strict", "true"));
	}

	@Test
	void shouldMarkWhatItCannotTranslate() throws Exception {
		Path conf = write("""
				<Proxy balancer://app>
				    BalancerMember http://10.0.0.12:8080/app route=a status=+I
				</Proxy>
				<Proxy balancer://other>
				    BalancerMember http://10.0.0.20:8080
				</Proxy>
				ProxyPass /static !
				ProxyPass /shop/ balancer://app/
				# no path is mounted on balancer://other
				ProxyPassMatch ^/(.*\\.php)$ fcgi://127.0.0.1:9000/var/www/$1
				""");

		Result result = run(conf);

		assertThat(result.status).isOne();
		assertThat(result.properties()).contains(entry("tandem.gateway.members[0].id", "a"))
			.doesNotContainKey("tandem.gateway.members[1].id");
		assertThat(result.properties())
			.contains(entry("tandem.gateway.routes[0].path", "/static/**"),
					entry("tandem.gateway.routes[0].status", "404"), entry("tandem.gateway.routes[1].path", "/shop/**"),
					entry("tandem.gateway.routes[1].strip-prefix", "/shop"))
			.doesNotContainKeys("tandem.gateway.routes[1].prefix", "tandem.gateway.routes[2].path");
		assertThat(result.out).contains("# not translated, front.conf:2: Tandem has no 'ignore errors' (+I)")
			.contains("# approximate, front.conf:2: Tandem sends each request's own path; the member URL's path /app")
			.contains("# not translated, front.conf:5: the balancer other is not imported: no ProxyPass or JkMount "
					+ "sends a path to it")
			.contains("# approximate, front.conf:8: the members' redirects get the gateway's address back, but not "
					+ "the path prefix")
			.contains("# approximate, front.conf:8: the gateway answers 404 to the paths no route matches")
			.contains("# not translated, front.conf:10: Tandem has no equivalent of ProxyPassMatch")
			.contains("# approximate, front.conf:2: the old front had no sticky sessions")
			.doesNotContain("not translated, front.conf:7");
	}

	@Test
	void shouldNameTheLineOfAFileItCannotParse() throws Exception {
		assertThat(run(write("<Proxy balancer://app>\n  BalancerMember http://a:8080\n")).err)
			.isEqualTo("front.conf:1: this section is never closed (in '<Proxy balancer://app>').\n");
		assertThat(run(write("<Proxy balancer://app>\n  BalancerMember route=a\n</Proxy>\n")).err)
			.isEqualTo("front.conf:2: BalancerMember needs the member's URL (in 'BalancerMember route=a').\n");
		assertThat(run(write("<Proxy balancer://app>\n  BalancerMember http://a:8080 status=+X\n</Proxy>\n")).err)
			.isEqualTo("front.conf:2: status flag 'X' is unknown (in 'BalancerMember http://a:8080 status=+X').\n");
		assertThat(run(write("</Location>\n")).err)
			.isEqualTo("front.conf:1: no section is open here (in '</Location>').\n");
		Path workers = this.dir.resolve("workers.properties");
		Files.writeString(workers, "worker.list=lb\nworker.lb.type=lb\nworker.lb.balance_workers=a\n");
		Result unknown = run(workers);
		assertThat(unknown.status).isEqualTo(2);
		assertThat(unknown.err).isEqualTo("workers.properties:3: the worker a is balanced but never defined "
				+ "(in 'worker.lb.balance_workers=a').\n");
		assertThat(unknown.out).isEmpty();
	}

	@Test
	void shouldRefuseFilesWithoutABalancerAndBadArguments() throws Exception {
		Result empty = run(write("Listen 80\nDocumentRoot /var/www\n"));
		assertThat(empty.status).isEqualTo(2);
		assertThat(empty.err).startsWith("No balancer found:");
		Result missing = run(this.dir.resolve("nowhere.conf"));
		assertThat(missing.status).isEqualTo(2);
		assertThat(missing.err).isEqualTo("nowhere.conf: no such file.\n");
		assertThat(runArgs("--format=json", fixture("httpd-balancer.conf").toString()).err)
			.isEqualTo("--format must be properties or yaml, but was 'json'.\n");
		assertThat(runArgs().status).isEqualTo(2);
	}

	/** The distinct values of the group property of each members[i] or routes[i]. */
	private static Set<String> groups(Map<String, String> properties, String list) {
		Pattern group = Pattern.compile("tandem\\.gateway\\." + list + "\\[\\d+]\\.group");
		Set<String> groups = new TreeSet<>();
		properties.forEach((key, value) -> {
			if (group.matcher(key).matches()) {
				groups.add(value);
			}
		});
		return groups;
	}

	private Path write(String text) throws IOException {
		Path file = this.dir.resolve("front.conf");
		Files.writeString(file, text);
		return file;
	}

	private static Path fixture(String name) throws URISyntaxException {
		return Path.of(ImportCommandTests.class.getResource("/importer/" + name).toURI());
	}

	private Result run(Path... files) {
		return runArgs(java.util.Arrays.stream(files).map(Path::toString).toArray(String[]::new));
	}

	private static Result run(String... args) {
		return runArgs(args);
	}

	private static Result runArgs(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = ImportCommand.NAME;
		System.arraycopy(args, 0, all, 1, args.length);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = ImportCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		String printed = out.toString(StandardCharsets.UTF_8);
		String errors = err.toString(StandardCharsets.UTF_8);
		// Files are named as given, here with their directories; the assertions read
		// better without them.
		for (String arg : args) {
			Path parent = Path.of(arg).getParent();
			if (parent != null) {
				printed = printed.replace(parent + "/", "");
				errors = errors.replace(parent + "/", "");
			}
		}
		return new Result(status, printed, errors);
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Object value, Map<String, String> into) {
		if (value instanceof Map<?, ?> map) {
			// A key in brackets ("[a.b]") joins its parent as Spring reads it:
			// groups[a.b].
			map.forEach((key, child) -> flatten(
					prefix.isEmpty() ? key.toString() : prefix + (key.toString().startsWith("[") ? "" : ".") + key,
					child, into));
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), into);
			}
		}
		else {
			into.put(prefix, String.valueOf(value));
		}
	}

	private record Result(int status, String out, String err) {

		Map<String, String> properties() throws IOException {
			Properties properties = new Properties();
			properties.load(new StringReader(this.out));
			Map<String, String> map = new TreeMap<>();
			properties.forEach((key, value) -> map.put(key.toString(), value.toString()));
			return map;
		}

	}

}

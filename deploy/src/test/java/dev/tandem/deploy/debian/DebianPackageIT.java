package dev.tandem.deploy.debian;

import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two Debian packages through their life on one Debian machine with systemd running
 * (a container): installed with apt-get, which pulls the JRE; enabled but not started
 * until the env files name the members; started by systemd as the tandem user in the
 * units' sandbox, the gateway serving the was-node's counter; upgraded with the edited
 * env file kept; removed (configuration and state kept); purged (all gone, the user too).
 * The steps run in order on the same machine.
 */
@RequiresContainerEngine
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianPackageIT {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+) (\\S+)");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private Path gatewayDeb;

	private Path wasNodeDeb;

	private DebianMachine machine;

	private String installOutput;

	@BeforeAll
	void startMachine() {
		this.gatewayDeb = DebianPackages.gateway();
		this.wasNodeDeb = DebianPackages.wasNode();
		this.machine = DebianMachine.start(this.gatewayDeb, this.wasNodeDeb);
		assertThat(this.machine.attempt("test -e /usr/bin/java").getExitCode()).as("a JRE before the install")
			.isNotZero();
		this.installOutput = this.machine.run("cd " + DebianMachine.DEBS + " && apt-get update -qq"
				+ " && DEBIAN_FRONTEND=noninteractive apt-get install -y ./tandem-gateway_*.deb ./tandem-was-node_*.deb");
	}

	@AfterAll
	void stopMachine() {
		if (this.machine != null) {
			this.machine.close();
		}
	}

	@Test
	@Order(1)
	void installPullsAJavaRuntimeAndPutsEveryFileInPlace() throws Exception {
		assertThat(this.machine.run("dpkg-query -W -f '${Status}' openjdk-17-jre-headless"))
			.isEqualTo("install ok installed");
		assertThat(this.machine.run("/usr/bin/java -version")).contains("version \"17");
		assertThat(this.machine.run("sha256sum < /usr/share/tandem-gateway/gateway.jar"))
			.startsWith(sha256(Path.of(System.getProperty("tandem.gateway.jar"))));
		assertThat(this.machine.run("sha256sum < /usr/share/tandem-was-node/was-node.jar"))
			.startsWith(sha256(Path.of(System.getProperty("tandem.was-node.jar"))));
		this.machine
			.run("test -x /usr/share/tandem-gateway/tandem-cds.sh && test -x /usr/share/tandem-was-node/tandem-cds.sh"
					+ " && test -f /lib/systemd/system/tandem-gateway.service"
					+ " && test -f /lib/systemd/system/tandem-was-node.service");
		assertThat(this.machine.run("getent passwd tandem")).matches("tandem:x:\\d{1,3}:\\d+:.*\n");
		assertThat(this.machine.run("stat -c '%U:%G %a' /etc/tandem/gateway.env /etc/tandem/was-node.env"))
			.isEqualTo("root:tandem 640\nroot:tandem 640\n");
		assertThat(this.machine.run("stat -c '%U:%G %a %n' /var/lib/tandem/* /var/log/tandem/*")).isEqualTo("""
				tandem:tandem 750 /var/lib/tandem/gateway
				tandem:tandem 750 /var/lib/tandem/was-node
				tandem:tandem 750 /var/log/tandem/gateway
				tandem:tandem 750 /var/log/tandem/was-node
				""");
		assertThat(this.machine
			.run("cat /var/lib/dpkg/info/tandem-gateway.conffiles /var/lib/dpkg/info/tandem-was-node.conffiles"))
			.isEqualTo("/etc/tandem/gateway.env\n/etc/tandem/was-node.env\n");
	}

	@Test
	@Order(2)
	void servicesAreEnabledButWaitForTheMembers() {
		assertThat(this.machine.run("systemctl is-enabled tandem-gateway tandem-was-node"))
			.isEqualTo("enabled\nenabled\n");
		assertThat(this.machine.attempt("systemctl is-active tandem-gateway tandem-was-node").getStdout())
			.isEqualTo("inactive\ninactive\n");
		assertThat(this.installOutput).contains(
				"tandem-gateway: not started; name the members in /etc/tandem/gateway.env (TANDEM_GATEWAY_MEMBERS_0_URI)",
				"tandem-was-node: not started; name the members in /etc/tandem/was-node.env (TANDEM_NODE_CLUSTER_MEMBERS)");
	}

	@Test
	@Order(3)
	void unitsPassSystemdVerifyAndScoreAsSandboxed() {
		String verify = this.machine.run(
				"systemd-analyze verify /lib/systemd/system/tandem-gateway.service /lib/systemd/system/tandem-was-node.service");
		assertThat(verify).doesNotContain("tandem-");
		for (String unit : new String[] { "tandem-gateway.service", "tandem-was-node.service" }) {
			String security = this.machine.run("systemd-analyze security --no-pager " + unit);
			Matcher level = EXPOSURE.matcher(security);
			assertThat(level.find()).as("systemd-analyze security's verdict on %s:\n%s", unit, security).isTrue();
			System.out.println("systemd-analyze security " + unit + ": " + level.group(1) + " " + level.group(2));
			// systemd's scale: 0 to 10, "OK" below 5.0 (the units scored 8.5 EXPOSED
			// before their sandboxing).
			assertThat(Double.parseDouble(level.group(1))).as("exposure of %s", unit).isLessThan(3.0);
		}
	}

	@Test
	@Order(4)
	void systemdStartsBothAsTheTandemUserAndTheGatewayServesTheCounter() throws Exception {
		// What an admin writes into the env files: one was-node on 8081, the gateway in
		// front of it.
		this.machine.run("""
				cat >>/etc/tandem/was-node.env <<'EOF'
				TANDEM_NODE_ID=node-a
				TANDEM_NODE_CLUSTER_MEMBERS=127.0.0.1
				SERVER_PORT=8081
				EOF
				cat >>/etc/tandem/gateway.env <<'EOF'
				TANDEM_GATEWAY_MEMBERS_0_ID=node-a
				TANDEM_GATEWAY_MEMBERS_0_URI=http://127.0.0.1:8081
				EOF
				systemctl start tandem-was-node tandem-gateway
				""");
		await("the counter through the gateway").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.until(() -> session().contains("\"count\":1"));
		assertThat(session()).isEqualTo("{\"node\":\"node-a\",\"count\":2}");
		assertThat(this.machine.run("for pid in $(systemctl show -p MainPID --value tandem-gateway tandem-was-node);"
				+ " do stat -c %U /proc/$pid; done"))
			.isEqualTo("tandem\ntandem\n");
		// The units' sandbox is on the running JVMs: no capabilities, none to gain, a
		// system-call filter.
		assertThat(this.machine.run("for pid in $(systemctl show -p MainPID --value tandem-gateway tandem-was-node);"
				+ " do grep -E '^(CapBnd|NoNewPrivs|Seccomp):' /proc/$pid/status | tr -s '\\t' ' '; done"))
			.isEqualTo("CapBnd: 0000000000000000\nNoNewPrivs: 1\nSeccomp: 2\n".repeat(2));
		// The class-data-sharing script ran as the tandem user too, into the state
		// directory.
		assertThat(this.machine.run("stat -c %U /var/lib/tandem/gateway/app.jsa /var/lib/tandem/was-node/app.jsa"))
			.isEqualTo("tandem\ntandem\n");
	}

	@Test
	@Order(5)
	void upgradeKeepsTheEditedEnvFileAndRestartsTheService() throws Exception {
		String installed = this.machine.run("dpkg-query -W -f '${Version}' tandem-gateway");
		// The next build of the package: the same files, a higher version, and a new line
		// in the
		// env file the package ships, which dpkg must not write over the admin's edits.
		this.machine
			.run("""
					rm -rf /srv/tandem-test/next && dpkg-deb -R %1$s/tandem-gateway_*.deb /srv/tandem-test/next
					sed -i 's/^Version: .*/Version: %2$s+next/' /srv/tandem-test/next/DEBIAN/control
					echo '# a line the next release added' >>/srv/tandem-test/next/etc/tandem/gateway.env
					(cd /srv/tandem-test/next && find . -type f ! -path './DEBIAN/*' -printf '%%P\\0' | xargs -0 md5sum >DEBIAN/md5sums)
					mkdir -p /srv/tandem-test/next-deb && dpkg-deb -b /srv/tandem-test/next /srv/tandem-test/next-deb/tandem-gateway_next_all.deb
					"""
				.formatted(DebianMachine.DEBS, installed));
		this.machine.run("cd /srv/tandem-test/next-deb && DEBIAN_FRONTEND=noninteractive apt-get install -y"
				+ " -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold ./tandem-gateway_next_all.deb");

		assertThat(this.machine.run("dpkg-query -W -f '${Version}' tandem-gateway")).isEqualTo(installed + "+next");
		assertThat(this.machine.run("cat /etc/tandem/gateway.env"))
			.contains("TANDEM_GATEWAY_MEMBERS_0_URI=http://127.0.0.1:8081")
			.doesNotContain("# a line the next release added");
		assertThat(this.machine.run("cat /etc/tandem/gateway.env.dpkg-dist"))
			.contains("# a line the next release added");
		assertThat(this.machine.run("stat -c '%U:%G %a' /etc/tandem/gateway.env")).isEqualTo("root:tandem 640\n");
		// postinst restarted the gateway; the session lives on in the was-node.
		await("the counter through the upgraded gateway").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.until(() -> session().contains("\"count\":3"));
	}

	@Test
	@Order(6)
	void removeKeepsConfigurationAndStateAndPurgeDeletesThemAndTheUser() {
		this.machine.run("DEBIAN_FRONTEND=noninteractive apt-get remove -y tandem-gateway tandem-was-node");
		assertThat(this.machine.attempt("systemctl is-active tandem-gateway tandem-was-node").getStdout())
			.isEqualTo("inactive\ninactive\n");
		this.machine.run(
				"test ! -e /usr/share/tandem-gateway/gateway.jar && test ! -e /lib/systemd/system/tandem-gateway.service");
		assertThat(this.machine.run("cat /etc/tandem/gateway.env")).contains("TANDEM_GATEWAY_MEMBERS_0_URI=");
		this.machine.run("test -f /var/lib/tandem/gateway/app.jsa && test -f /var/lib/tandem/was-node/app.jsa"
				+ " && test -d /var/log/tandem/gateway && getent passwd tandem");

		this.machine.run("DEBIAN_FRONTEND=noninteractive apt-get purge -y tandem-gateway");
		this.machine.run("test ! -e /etc/tandem/gateway.env && test ! -e /var/lib/tandem/gateway"
				+ " && test ! -e /var/log/tandem/gateway && test -f /etc/tandem/was-node.env");
		// The was-node's configuration and state are still there: so is their owner.
		this.machine.run("getent passwd tandem");

		this.machine.run("DEBIAN_FRONTEND=noninteractive apt-get purge -y tandem-was-node");
		this.machine.run("test ! -e /etc/tandem && test ! -e /var/lib/tandem && test ! -e /var/log/tandem");
		assertThat(this.machine.attempt("getent passwd tandem").getExitCode()).as("the tandem user after the purge")
			.isNotZero();
		assertThat(this.machine.attempt("getent group tandem").getExitCode()).as("the tandem group after the purge")
			.isNotZero();
		assertThat(this.machine.run("dpkg-statoverride --list; ls /etc/systemd/system/multi-user.target.wants"))
			.doesNotContain("tandem");
	}

	private String session() throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.machine.uri(8080, "/session"))
			.timeout(Duration.ofSeconds(5))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET /session: %s", response.body()).isEqualTo(200);
		return response.body();
	}

	private static String sha256(Path file) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
	}

}

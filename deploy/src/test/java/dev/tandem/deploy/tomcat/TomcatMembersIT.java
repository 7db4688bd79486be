package dev.tandem.deploy.tomcat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.deploy.AdminLogin;
import dev.tandem.deploy.FreePorts;
import dev.tandem.deploy.JarProcess;
import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two stock Tomcat 10s from Debian's {@code tomcat10} package as Tandem's members, as the
 * first step of a migration from httpd and mod_jk: each Tomcat has its {@code jvmRoute}
 * (tomcat1, tomcat2) and a session counter page, and neither has Tandem's readiness
 * endpoint, so each has its own health check: tomcat1 {@code GET /session.jsp}, tomcat2 a
 * TCP connect. Clients that got their {@code JSESSIONID} directly from one Tomcat (as
 * from the old front) go on through Tandem, and every one lands on its own Tomcat at the
 * first request and counts on from where it was. The Tomcats replicate their sessions
 * with the DeltaManager (multicast on the test's own network): when tomcat1 stops, its
 * clients go on at tomcat2 through Tandem with their counts.
 * <p>
 * The image is built with debootstrap from the machine's Debian mirror by
 * {@code deploy/container/tomcat-image.sh}, once: later runs find it.
 */
@RequiresContainerEngine
@ExtendWith(DebootstrapImageCondition.class)
class TomcatMembersIT {

	static final String IMAGE = "localhost/tandem-tomcat-it:10";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final int CLIENTS_PER_TOMCAT = 3;

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final AdminLogin ADMIN = AdminLogin.random();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@TempDir
	static Path gatewayState;

	/** The Tomcats' own network, so that their cluster's multicast meets no other. */
	private static Network network;

	private static GenericContainer<?> tomcat1;

	private static GenericContainer<?> tomcat2;

	private static JarProcess gateway;

	private static int gatewayPort;

	private static int gatewayAdmin;

	@BeforeAll
	static void start() throws Exception {
		buildImage();
		network = Network.builder()
			.createNetworkCmdModifier(
					(cmd) -> cmd.withName("tandem-tomcat-it-" + UUID.randomUUID().toString().substring(0, 8)))
			.build();
		tomcat1 = tomcat("tomcat1");
		tomcat2 = tomcat("tomcat2");
		Startables.deepStart(tomcat1, tomcat2).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	private static void buildImage() throws IOException, InterruptedException {
		// The same script CI runs; it returns at once when the image exists.
		Path log = Files.createDirectories(Path.of("target")).resolve("tomcat-image.log");
		Process build = new ProcessBuilder("container/tomcat-image.sh", IMAGE).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean done = build.waitFor(5, TimeUnit.MINUTES);
		if (!done) {
			build.destroyForcibly();
		}
		assertThat(done && build.exitValue() == 0)
			.as("deploy/container/tomcat-image.sh built %s; its output:%n%s", IMAGE, Files.readString(log))
			.isTrue();
	}

	private static GenericContainer<?> tomcat(String route) {
		String name = "tandem-tomcat-it-" + route;
		removeLeftOver(name);
		return new GenericContainer<>(DockerImageName.parse(IMAGE))
			.withCreateContainerCmdModifier((cmd) -> cmd.withName(name).withHostName(route))
			// server.xml reads the Engine's jvmRoute from this system property, the page
			// prints it.
			.withEnv("CATALINA_OPTS", "-DjvmRoute=" + route + " -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
			.withCopyFileToContainer(MountableFile.forClasspathResource("tomcat/server.xml"),
					"/var/lib/tomcat10/conf/server.xml")
			.withCopyFileToContainer(MountableFile.forClasspathResource("tomcat/session.jsp"),
					"/var/lib/tomcat10/webapps/ROOT/session.jsp")
			.withCopyFileToContainer(MountableFile.forClasspathResource("tomcat/web.xml"),
					"/var/lib/tomcat10/webapps/ROOT/WEB-INF/web.xml")
			.withNetwork(network)
			.withExposedPorts(8080)
			.waitingFor(Wait.forLogMessage(".*Server startup in.*\\n", 1))
			.withStartupTimeout(START_TIMEOUT);
	}

	/** A container of this test's name left by a run that was killed; never another's. */
	private static void removeLeftOver(String name) {
		try {
			DockerClientFactory.instance().client().removeContainerCmd(name).withForce(true).exec();
		}
		catch (RuntimeException ex) {
			// None there: the usual case.
		}
	}

	private static void startGateway() throws IOException {
		FreePorts ports = new FreePorts();
		gatewayPort = ports.next();
		gatewayAdmin = ports.next();
		gateway = JarProcess.start("gateway", "tandem.gateway.jar",
				URI.create("http://127.0.0.1:" + gatewayAdmin + "/actuator/health/readiness"), ADMIN.environment(),
				List.of("--server.port=" + gatewayPort, "--management.server.port=" + gatewayAdmin,
						"--tandem.gateway.admin.state-dir=" + gatewayState, "--tandem.gateway.members[0].id=tomcat1",
						"--tandem.gateway.members[0].uri=http://127.0.0.1:" + tomcat1.getMappedPort(8080),
						"--tandem.gateway.members[0].health.path=/session.jsp",
						"--tandem.gateway.members[1].id=tomcat2",
						"--tandem.gateway.members[1].uri=http://127.0.0.1:" + tomcat2.getMappedPort(8080),
						"--tandem.gateway.members[1].health.type=tcp"));
		gateway.awaitReady(START_TIMEOUT);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (gateway != null) {
			gateway.close();
		}
		for (GenericContainer<?> tomcat : new GenericContainer<?>[] { tomcat1, tomcat2 }) {
			if (tomcat != null) {
				tomcat.stop();
			}
		}
		if (network != null) {
			network.close();
		}
	}

	@Test
	void shouldKeepEveryClientOfTheOldFrontOnItsOwnTomcatFromTheFirstRequest() throws Exception {
		// Neither Tomcat has Tandem's readiness endpoint: the default check would take
		// both
		// down.
		assertThat(status(direct(tomcat1, "/actuator/health/readiness"))).isEqualTo(404);
		assertThat(status(direct(tomcat2, "/actuator/health/readiness"))).isEqualTo(404);

		// Clients of the old front: two requests each directly to one Tomcat.
		List<Client> clients = new ArrayList<>();
		for (Map.Entry<String, GenericContainer<?>> tomcat : Map.of("tomcat1", tomcat1, "tomcat2", tomcat2)
			.entrySet()) {
			String route = tomcat.getKey();
			for (int i = 0; i < CLIENTS_PER_TOMCAT; i++) {
				Client client = new Client(route);
				client.expect(client.send(direct(tomcat.getValue(), "/session.jsp")), 1);
				client.expect(client.send(direct(tomcat.getValue(), "/session.jsp")), 2);
				assertThat(client.sessionId).endsWith("." + route);
				clients.add(client);
			}
		}

		startGateway();
		// Each member's own check has passed more than rise times: both are up by their
		// checks, not only because members start up.
		await("both Tomcats pass their own checks").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> passedChecks("tomcat1", "200") && passedChecks("tomcat2", "connected"));

		// Through Tandem: the first request of every client lands on its own Tomcat and
		// counts on; so do the next ones.
		for (int count = 3; count <= 4; count++) {
			for (Client client : clients) {
				HttpResponse<String> answer = client
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/session.jsp")));
				client.expect(answer, count);
				assertThat(answer.headers().allValues("Set-Cookie")).as("a new session for %s", client)
					.noneMatch((cookie) -> cookie.startsWith("JSESSIONID="));
			}
		}

		JsonNode members = management("/api/members").path("members");
		assertThat(members.findValues("checkType")).extracting(JsonNode::asText).containsExactly("http", "tcp");

		// tomcat1 stops (SIGTERM): its clients go on at tomcat2, which has their sessions
		// from the DeltaManager, renamed to its own route.
		Map<Client, String> sessionsBefore = new HashMap<>();
		clients.forEach((client) -> sessionsBefore.put(client, client.session()));
		tomcat1.getDockerClient().stopContainerCmd(tomcat1.getContainerId()).withTimeout(20).exec();
		for (int count = 5; count <= 6; count++) {
			for (Client client : clients) {
				client.expect(
						client.send(
								HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/session.jsp"))),
						"tomcat2", count);
				// The same session, not a new one with the count copied.
				assertThat(client.sessionId).as("session of %s", client)
					.isEqualTo(sessionsBefore.get(client) + ".tomcat2");
			}
		}
	}

	private static boolean passedChecks(String member, String reason) throws IOException, InterruptedException {
		JsonNode health = management("/actuator/health").path("components").path("members").path("details");
		JsonNode details = health.path(member);
		return "UP".equals(details.path("state").asText()) && reason.equals(details.path("lastReason").asText())
				&& details.path("consecutivePasses").asInt() >= 2;
	}

	private static JsonNode management(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayAdmin + path))
				.header("Authorization", ADMIN.authorization())
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body());
	}

	private static HttpRequest.Builder direct(GenericContainer<?> tomcat, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tomcat.getMappedPort(8080) + path));
	}

	private static int status(HttpRequest.Builder request) throws IOException, InterruptedException {
		return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/**
	 * A browser's session: the {@code JSESSIONID} its Tomcat gave it, sent by hand so
	 * that nothing but that cookie follows it from the old front to Tandem.
	 */
	private static final class Client {

		final String route;

		String sessionId;

		Client(String route) {
			this.route = route;
		}

		/** The session id without its route. */
		String session() {
			return this.sessionId.substring(0, this.sessionId.lastIndexOf('.'));
		}

		HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
			if (this.sessionId != null) {
				request.header("Cookie", "JSESSIONID=" + this.sessionId);
			}
			HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			for (String cookie : response.headers().allValues("Set-Cookie")) {
				if (cookie.startsWith("JSESSIONID=")) {
					this.sessionId = cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'));
				}
			}
			return response;
		}

		void expect(HttpResponse<String> response, int count) throws IOException {
			expect(response, this.route, count);
		}

		void expect(HttpResponse<String> response, String node, int count) throws IOException {
			assertThat(response.statusCode()).as("status for %s", this).isEqualTo(200);
			JsonNode body = JSON.readTree(response.body());
			assertThat(Map.of("node", body.path("node").asText(), "count", body.path("count").asInt()))
				.as("answer for %s", this)
				.isEqualTo(Map.of("node", node, "count", count));
		}

		@Override
		public String toString() {
			return "client of " + this.route + " with JSESSIONID " + this.sessionId;
		}

	}

}

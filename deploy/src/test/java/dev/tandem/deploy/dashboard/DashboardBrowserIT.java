package dev.tandem.deploy.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.deploy.AdminLogin;
import dev.tandem.deploy.FreePorts;
import dev.tandem.deploy.JarProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's dashboard in a real headless Chromium, against the real gateway jar with
 * stub members {@code was1} and {@code was2} (active) and {@code was3} (standby): what an
 * admin does on the page reaches the admin API and the members' traffic, what the page
 * shows agrees with the API, a viewer gets no controls and cannot forge a change, the
 * page loads nothing from outside the management port, logs no console error and fits a
 * phone. The scenarios run in order on one gateway; later ones rely on earlier changes.
 */
@RequiresBrowser
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	/**
	 * Probes every second and two failures or passes to change: a verdict within ~3 s.
	 */
	private static final Duration HEALTH_CHANGE = Duration.ofSeconds(30);

	private static final int NEW_CLIENTS = 200;

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient PUBLIC = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private static final AdminLogin ADMIN = AdminLogin.random();

	private static final AdminLogin VIEWER = new AdminLogin("test-viewer", AdminLogin.random().password());

	private static final List<StubMember> stubs = new ArrayList<>();

	private static final List<Browser> browsers = new ArrayList<>();

	private static JarProcess gateway;

	private static int publicPort;

	private static String origin;

	private static ManagementApi api;

	private static Dashboard admin;

	/** What the API said was1's failing probes met, once the page showed it down. */
	private static String downReason;

	@BeforeAll
	static void startGatewayAndBrowser(@TempDir Path state) throws IOException {
		FreePorts ports = new FreePorts();
		publicPort = ports.next();
		int management = ports.next();
		origin = "http://127.0.0.1:" + management;
		for (String id : List.of("was1", "was2", "was3")) {
			StubMember stub = new StubMember(id, ports.next());
			stubs.add(stub);
			stub.start();
		}
		List<String> args = List.of("--server.port=" + publicPort, "--management.server.port=" + management,
				"--tandem.gateway.admin.state-dir=" + state, "--tandem.gateway.members[0].id=was1",
				"--tandem.gateway.members[0].uri=" + stub("was1").uri(), "--tandem.gateway.members[1].id=was2",
				"--tandem.gateway.members[1].uri=" + stub("was2").uri(), "--tandem.gateway.members[2].id=was3",
				"--tandem.gateway.members[2].uri=" + stub("was3").uri(), "--tandem.gateway.members[2].tier=1",
				// Fast verdicts, and a weight change that acts on the next new client.
				"--tandem.gateway.health.interval=1s", "--tandem.gateway.health.fast-interval=500ms",
				"--tandem.gateway.health.timeout=900ms", "--tandem.gateway.balancing.slow-start=0s");
		Map<String, String> environment = new HashMap<>(ADMIN.environment());
		environment.put("TANDEM_GATEWAY_ADMIN_USERS_1_NAME", VIEWER.name());
		environment.put("TANDEM_GATEWAY_ADMIN_USERS_1_PASSWORD", "{noop}" + VIEWER.password());
		environment.put("TANDEM_GATEWAY_ADMIN_USERS_1_ROLE", "viewer");
		gateway = JarProcess.start("dashboard-gateway", "tandem.gateway.jar",
				URI.create(origin + "/actuator/health/readiness"), environment, args);
		gateway.awaitReady(START_TIMEOUT);
		api = new ManagementApi(origin, ADMIN);
		await("every member up").atMost(HEALTH_CHANGE)
			.until(() -> statuses().values().stream().allMatch("up"::equals) && statuses().size() == 3);
		admin = new Dashboard(open(1366, 900), origin);
	}

	@AfterAll
	static void stopEverything() throws InterruptedException {
		try {
			for (Browser browser : browsers) {
				browser.close();
			}
		}
		finally {
			try {
				if (gateway != null) {
					gateway.close();
				}
			}
			finally {
				stubs.forEach(StubMember::stop);
			}
		}
	}

	@AfterEach
	void shouldHaveLoggedNoConsoleError() {
		for (Browser browser : browsers) {
			List<LogEntry> errors = browser.takeConsoleErrors();
			errors.forEach((error) -> System.out.println("Browser console: " + error));
			assertThat(errors).as("SEVERE browser console entries").isEmpty();
		}
	}

	@Test
	@Order(1)
	void shouldListEveryMemberWithItsStateAfterLoggingInAsAdmin() {
		admin.logIn(ADMIN);

		assertThat(admin.role()).isEqualTo("admin");
		assertThat(admin.text("#user")).contains(ADMIN.name());
		assertThat(admin.count("#logout")).isEqualTo(1);
		assertThat(admin.memberIds()).containsExactlyInAnyOrder("was1", "was2", "was3");
		for (JsonNode member : api.members()) {
			String id = member.path("id").asText();
			assertThat(admin.field(id, "id")).as(id).contains(id);
			assertThat(admin.field(id, "uri")).as(id).contains(member.path("uri").asText().replace("http://", ""));
			assertThat(admin.memberAttribute(id, "data-state")).as(id).isEqualTo("active");
			assertThat(admin.field(id, "admin-state")).as(id).contains("active");
			assertThat(admin.memberAttribute(id, "data-health")).as(id).isEqualTo("up");
			for (String field : List.of("tier", "health", "balancer-state", "weight", "effective-weight", "in-flight",
					"requests-per-second", "errors-per-second", "latency", "sticky-clients", "cluster")) {
				assertThat(admin.field(id, field)).as(id + " [data-field=" + field + "]").isNotNull();
			}
		}
		await("the page's balancer states as the API's").atMost(Dashboard.SHOWS)
			.untilAsserted(() -> assertThat(pageBalancerStates()).isEqualTo(apiBalancerStates()));
	}

	@Test
	@Order(2)
	void shouldDrainAMemberFromThePageAndEnableItAgain() {
		assertThat(admin.isActionDisabled("was2", "drain")).as("drain of an active member").isFalse();
		assertThat(admin.isActionDisabled("was2", "enable")).as("enable of an active member").isTrue();

		// was1 still takes new clients: no confirmation needed, but one is accepted.
		admin.act("was2", "drain");

		await("was2 draining on the page").atMost(Dashboard.SHOWS).untilAsserted(() -> {
			assertThat(admin.memberAttribute("was2", "data-state")).isEqualTo("draining");
			assertThat(admin.field("was2", "admin-state")).contains("draining");
		});
		assertThat(api.member("was2").path("state").asText()).isEqualTo("draining");
		assertThat(admin.message()).as("#message").doesNotStartWith("error: ");
		assertThat(admin.isActionDisabled("was2", "drain")).as("drain of a draining member").isTrue();

		admin.act("was2", "enable");

		await("was2 active on the page").atMost(Dashboard.SHOWS).untilAsserted(() -> {
			assertThat(admin.memberAttribute("was2", "data-state")).isEqualTo("active");
			assertThat(admin.field("was2", "admin-state")).contains("active");
		});
		assertThat(api.member("was2").path("state").asText()).isEqualTo("active");
		assertThat(admin.message()).as("#message").doesNotStartWith("error: ");
	}

	@Test
	@Order(3)
	void shouldSplitNewClientsByTheWeightSetOnThePage() throws Exception {
		assertThat(api.member("was1").path("weight").asInt()).isEqualTo(1);
		admin.setWeight("was1", 5000);
		await("the API's refusal on the page").atMost(Dashboard.SHOWS)
			.untilAsserted(() -> assertThat(admin.message()).startsWith("error: ")
				.contains("weight must be between 0 and 1000, but was 5000."));
		assertThat(api.member("was1").path("weight").asInt()).isEqualTo(1);
		// Chromium logs the refused request as a failed load: the only console error
		// allowed.
		assertThat(admin.browser().takeConsoleErrors()).as("console errors besides the refused PATCH")
			.allSatisfy((error) -> assertThat(error.getMessage()).contains("/api/members/was1").contains("400"));

		admin.setWeight("was1", 3);

		await("was1's weight 3 in the API").atMost(Dashboard.SHOWS).untilAsserted(() -> {
			JsonNode was1 = api.member("was1");
			assertThat(was1.path("weight").asInt()).isEqualTo(3);
			assertThat(was1.path("effectiveWeight").asDouble()).isEqualTo(3.0);
		});
		await("was1's weight 3 on the page and in its audit").atMost(Dashboard.SHOWS).untilAsserted(() -> {
			assertThat(admin.field("was1", "weight")).isEqualTo("3");
			assertThat(admin.field("was1", "effective-weight")).startsWith("3");
			assertThat(admin.text("#audit tbody tr")).as("newest audit row")
				.contains(ADMIN.name())
				.contains("weight")
				.contains("was1");
		});
		assertThat(admin.message()).as("#message").doesNotStartWith("error: ");
		stubs.forEach(StubMember::resetCounts);

		for (int client = 0; client < NEW_CLIENTS; client++) {
			HttpResponse<String> answer = PUBLIC
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicPort + "/hello"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as("new client " + client).isEqualTo(200);
		}

		// Smooth weighted round robin gives exactly 3 of every 4 consecutive new clients
		// to was1; only where the change caught the rotation can shift a member's count,
		// by less than the total weight (4). The standby tier gets nothing while tier 0
		// serves.
		System.out.println("New clients after weights 3:1: was1 " + stub("was1").received("/hello") + ", was2 "
				+ stub("was2").received("/hello") + ", was3 " + stub("was3").received("/hello"));
		assertThat(stub("was1").received("/hello")).as("was1 received").isBetween(150 - 4, 150 + 4);
		assertThat(stub("was2").received("/hello")).as("was2 received").isBetween(50 - 4, 50 + 4);
		assertThat(stub("was3").received("/hello")).as("was3 received").isZero();
		assertThat(stub("was1").received("/hello") + stub("was2").received("/hello")).isEqualTo(NEW_CLIENTS);
	}

	@Test
	@Order(4)
	void shouldShowAKilledMemberDownWithItsProbeReasonAndUpOnceBack() {
		stub("was1").stop();

		await("was1 down on the page with the API's reason").atMost(HEALTH_CHANGE).untilAsserted(() -> {
			JsonNode health = api.member("was1").path("health");
			assertThat(health.path("status").asText()).isEqualTo("down");
			String reason = health.path("lastProbe").path("reason").asText();
			assertThat(reason).isNotBlank();
			assertThat(admin.memberAttribute("was1", "data-health")).isEqualTo("down");
			assertThat(admin.field("was1", "health")).contains("down").contains(reason);
			downReason = reason;
		});

		stub("was1").start();

		await("was1 up again on the page").atMost(HEALTH_CHANGE).untilAsserted(() -> {
			assertThat(api.member("was1").path("health").path("status").asText()).isEqualTo("up");
			assertThat(admin.memberAttribute("was1", "data-health")).isEqualTo("up");
			assertThat(admin.field("was1", "health")).contains("up").doesNotContain("down");
		});
	}

	@Test
	@Order(5)
	void shouldDrawTrafficLatencyAndEveryMembersHealthTimeline() {
		for (String plot : List.of("#traffic-plot", "#latency-plot")) {
			await(plot + " drawn for every member").atMost(Dashboard.SHOWS).untilAsserted(() -> {
				assertThat(admin.attribute(plot, "data-series")).as(plot + " data-series").isEqualTo("3");
				assertThat(paintedPixels(plot)).as(plot + " canvas pixels not transparent").isPositive();
			});
		}
		for (String id : List.of("was1", "was2", "was3")) {
			assertThat(admin.count("#timeline [data-timeline=\"" + id + "\"]")).as(id + "'s timeline row").isEqualTo(1);
			assertThat(admin.count("#timeline [data-timeline=\"" + id + "\"] .band[data-state]"))
				.as(id + "'s timeline bands")
				.isPositive();
		}
		assertThat(admin.browser()
			.script("return Array.from(document.querySelectorAll('#timeline [data-timeline=\"was1\"] .band[data-state=\"down\"]'))"
					+ ".map((b) => b.getAttribute('title') || '');"))
			.asInstanceOf(LIST)
			.as("was1's down bands' titles")
			.isNotEmpty()
			.allSatisfy((title) -> assertThat(title.toString()).contains(downReason));
		admin.browser().screenshot("admin");
	}

	@Test
	@Order(6)
	void shouldLoadNothingButTheManagementPort() {
		admin.reload();

		assertThat(admin.memberIds()).containsExactlyInAnyOrder("was1", "was2", "was3");
		for (String plot : List.of("#traffic-plot", "#latency-plot")) {
			await(plot + " drawn after a reload").atMost(Dashboard.SHOWS).untilAsserted(() -> {
				assertThat(admin.attribute(plot, "data-series")).as(plot + " data-series").isEqualTo("3");
				assertThat(paintedPixels(plot)).as(plot + " canvas pixels not transparent").isPositive();
			});
		}
		List<String> urls = admin.browser().requestedUrls();
		assertThat(urls).contains(origin + "/");
		assertThat(urls.stream().filter(DashboardBrowserIT::isNetworkUrl)).as("URLs the page requested")
			.allSatisfy((url) -> assertThat(url).startsWith(origin + "/"));

		// The block the page rendered under: no address or name off loopback loads.
		for (String outside : List.of("http://192.0.2.1/uPlot.js", "http://assets.tandem.example/uPlot.js")) {
			assertThatThrownBy(() -> admin.browser().driver().get(outside)).as(outside)
				.hasMessageContaining("ERR_PROXY_CONNECTION_FAILED");
		}
		admin.reload();
	}

	@Test
	@Order(7)
	void shouldGiveAViewerNoControlsAndRefuseItsForgedChange() throws IOException {
		int weightBefore = api.member("was1").path("weight").asInt();
		Dashboard viewer = new Dashboard(open(1366, 900), origin);

		viewer.logIn(VIEWER);

		assertThat(viewer.role()).isEqualTo("viewer");
		assertThat(viewer.memberIds()).containsExactlyInAnyOrder("was1", "was2", "was3");
		for (String control : List.of("[data-action]", "[data-input]", "form#add-member", "#rolling-restart")) {
			assertThat(viewer.count(control)).as(control + " on a viewer's page").isZero();
		}
		viewer.browser().screenshot("viewer");
		String session = (String) viewer.browser()
			.asyncScript("const done = arguments[arguments.length - 1];"
					+ " fetch('/api/session').then((r) => r.text()).then(done, (e) => done('failed: ' + e));");
		JsonNode csrf = JSON.readTree(session).path("csrf");
		assertThat(JSON.readTree(session).path("role").asText()).isEqualTo("viewer");
		assertThat(JSON.readTree(session).path("name").asText()).isEqualTo(VIEWER.name());

		Object status = viewer.browser()
			.asyncScript("const done = arguments[arguments.length - 1];"
					+ " fetch('/api/members/was1', {method: 'PATCH', headers: {'Content-Type': 'application/json',"
					+ " [arguments[0]]: arguments[1]}, body: '{\"weight\":9}'})"
					+ ".then((r) => done(r.status), (e) => done('failed: ' + e));", csrf.path("headerName").asText(),
					csrf.path("token").asText());

		assertThat(status).as("the viewer's forged PATCH").isEqualTo(403L);
		assertThat(api.member("was1").path("weight").asInt()).isEqualTo(weightBefore);
		// Chromium logs the refused request itself as a failed load: the one expected
		// error.
		List<LogEntry> errors = viewer.browser().takeConsoleErrors();
		errors.forEach((error) -> System.out.println("Viewer's console after the forged PATCH: " + error));
		assertThat(errors.stream().filter((error) -> !error.getMessage().contains("/api/members/was1")))
			.as("console errors other than the refused PATCH")
			.isEmpty();
	}

	@Test
	@Order(8)
	void shouldFitAPhoneWithoutHorizontalScroll() {
		admin.browser().resize(390, 844);
		admin.awaitNextPoll();

		assertThat((Long) admin.browser().script("return window.innerWidth;")).isLessThanOrEqualTo(390L);
		assertThat((Long) admin.browser().script("return document.documentElement.scrollWidth - window.innerWidth;"))
			.as("horizontal overflow")
			.isLessThanOrEqualTo(1L);
		List<WebElement> cards = admin.browser().driver().findElements(By.cssSelector("[data-member]"));
		assertThat(cards).hasSize(3).allSatisfy((card) -> assertThat(card.isDisplayed()).isTrue());
		admin.browser().screenshot("phone");
	}

	private static Browser open(int width, int height) throws IOException {
		Browser browser = Browser.open(width, height);
		browsers.add(browser);
		return browser;
	}

	private static StubMember stub(String id) {
		return stubs.stream()
			.filter((stub) -> stub.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no stub " + id));
	}

	private static Map<String, String> statuses() {
		Map<String, String> statuses = new HashMap<>();
		api.members()
			.forEach((member) -> statuses.put(member.path("id").asText(),
					member.path("health").path("status").asText()));
		return statuses;
	}

	private static Map<String, String> apiBalancerStates() {
		Map<String, String> states = new HashMap<>();
		api.members()
			.forEach((member) -> states.put(member.path("id").asText(), member.path("balancerState").asText()));
		return states;
	}

	private static Map<String, String> pageBalancerStates() {
		return admin.memberIds()
			.stream()
			.collect(Collectors.toMap((id) -> id,
					(id) -> String.valueOf(admin.memberAttribute(id, "data-balancer-state"))));
	}

	/** Pixels of the plot's first canvas whose alpha is not 0. */
	private static long paintedPixels(String plot) {
		Object painted = admin.browser()
			.script("const c = document.querySelector(arguments[0] + ' canvas'); if (!c || !c.width || !c.height) { return 0; }"
					+ " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
					+ " for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) { n++; } } return n;", plot);
		return ((Number) painted).longValue();
	}

	/**
	 * Whether the URL goes over the network, rather than data:, blob:, about: or chrome:.
	 */
	private static boolean isNetworkUrl(String url) {
		return !(url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("about:")
				|| url.startsWith("chrome:") || url.startsWith("chrome-extension:"));
	}

}

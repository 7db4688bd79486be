package dev.tandem.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseCookie;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two applications behind one gateway, each served by its own group of members, judged by
 * what the members received: each route reaches only its group, weights and standbys act
 * within a group, a client of both applications stays on its member in each (one affinity
 * cookie per group), an old front's session route shared by both groups (the same Tomcat
 * serving two applications) keeps the user on that group's member, a group with no member
 * left gets no other group's member, and the admin API shows each member's group. Each
 * group balances by its own policy: the gateway's method is least-busy, the shop's own
 * weighted round robin (so its exact 1:5 split is the group's method at work), and the
 * blog's sticky clients are strict while the shop's move.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.ejection.consecutive-failures=0", "tandem.gateway.routes[0].path=/static/**",
				"tandem.gateway.routes[0].status=404", "tandem.gateway.routes[1].path=/shop/**",
				"tandem.gateway.routes[1].strip-prefix=/shop", "tandem.gateway.routes[1].group=shop",
				"tandem.gateway.routes[2].path=/blog/**", "tandem.gateway.routes[2].group=blog",
				"tandem.gateway.balancing.method=least-busy",
				"tandem.gateway.groups.shop.balancing.method=weighted-round-robin",
				"tandem.gateway.groups.blog.affinity.strict=true" })
@DirtiesContext
class GatewayMemberGroupsIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("shop1", "shop2", "blog1")
		.standby("blog2")
		.weight("shop1", 1)
		.weight("shop2", 5)
		.route("shop1", "tomcat1")
		.route("shop2", "tomcat2")
		.route("blog1", "tomcat1")
		.property("shop1", "group", "shop")
		.property("shop2", "group", "shop")
		.property("blog1", "group", "blog")
		.property("blog2", "group", "blog");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WebTestClient client;

	@BeforeEach
	void bindClient() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void shouldSendEachRouteOnlyToItsGroupWithTheGroupsWeightsAndTiers() {
		for (int i = 0; i < 60; i++) {
			get("/shop/cart", Map.of());
			get("/blog/post", Map.of());
		}

		assertThat(received()).as("requests each member received")
			.containsEntry("shop1", 10L)
			.containsEntry("shop2", 50L)
			.containsEntry("blog1", 60L)
			.doesNotContainKey("blog2");
		assertThat(MEMBERS.get("shop2").uris()).as("the path shop's members received").containsOnly("/cart");
		assertThat(MEMBERS.get("blog1").uris()).as("the path blog's members received").containsOnly("/blog/post");
	}

	@Test
	void shouldKeepAClientOfBothApplicationsOnItsMemberInEach() {
		WebTestClient.ResponseSpec firstShop = get("/shop/cart", Map.of());
		WebTestClient.ResponseSpec firstBlog = get("/blog/post", Map.of());
		ResponseCookie shopCookie = firstShop.returnResult(String.class)
			.getResponseCookies()
			.getFirst("TANDEM_ROUTE_shop");
		ResponseCookie blogCookie = firstBlog.returnResult(String.class)
			.getResponseCookies()
			.getFirst("TANDEM_ROUTE_blog");
		assertThat(shopCookie).as("the shop's affinity cookie").isNotNull();
		assertThat(blogCookie).as("the blog's affinity cookie").isNotNull();
		String shopMember = servedBy("/cart");
		MEMBERS.forget();

		Map<String, String> both = Map.of("TANDEM_ROUTE_shop", shopCookie.getValue(), "TANDEM_ROUTE_blog",
				blogCookie.getValue());
		List<String> shopCookiesAfter = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			shopCookiesAfter.addAll(get("/shop/cart", both).returnResult(String.class).getResponseCookies().keySet());
			get("/blog/post", both);
		}

		assertThat(received()).as("requests each member received with both cookies")
			.isEqualTo(Map.of(shopMember, 12L, "blog1", 12L));
		assertThat(shopCookiesAfter).as("cookies set again for pinned clients").isEmpty();
	}

	@Test
	void shouldSplitTheShopExactlyByItsOwnMethodWhileTheBlogIsServedInBetween() {
		for (int i = 0; i < 30; i++) {
			get("/shop/cart", Map.of());
			get("/blog/post", Map.of());
			get("/blog/post", Map.of());
		}

		// The gateway's least-busy would break ties between the idle shop members at
		// random; the shop's weighted round robin gives exactly 5 and 25 of 30.
		assertThat(received()).as("requests each member received")
			.isEqualTo(Map.of("shop1", 5L, "shop2", 25L, "blog1", 60L));
	}

	@Test
	void shouldRefuseTheStrictGroupsStickyClientWhileTheOtherGroupsMoves() {
		ResponseCookie shopCookie = get("/shop/cart", Map.of()).returnResult(String.class)
			.getResponseCookies()
			.getFirst("TANDEM_ROUTE_shop");
		ResponseCookie blogCookie = get("/blog/post", Map.of()).returnResult(String.class)
			.getResponseCookies()
			.getFirst("TANDEM_ROUTE_blog");
		String shopMember = servedBy("/cart");
		String otherShopMember = shopMember.equals("shop1") ? "shop2" : "shop1";
		// Started again after the test by the members' extension.
		MEMBERS.get(shopMember).stop();
		MEMBERS.get("blog1").stop();
		MEMBERS.forget();

		Map<String, String> both = Map.of("TANDEM_ROUTE_shop", shopCookie.getValue(), "TANDEM_ROUTE_blog",
				blogCookie.getValue());
		for (int i = 0; i < 3; i++) {
			get("/shop/cart", both);
			this.client.get()
				.uri("/blog/post")
				.cookies((jar) -> both.forEach(jar::add))
				.exchange()
				.expectStatus()
				.isEqualTo(503);
		}

		assertThat(received())
			.as("requests the running members received: the shop's client moved, the blog's "
					+ "was refused rather than sent to the blog's standby")
			.isEqualTo(Map.of(otherShopMember, 3L));
	}

	@Test
	void shouldKeepAnOldFrontsSessionRouteWithinTheRoutesGroup() {
		Map<String, String> oldSession = Map.of("JSESSIONID", "8A3F.tomcat1");
		for (int i = 0; i < 6; i++) {
			get("/shop/cart", oldSession);
			get("/blog/post", oldSession);
		}

		assertThat(received()).as("requests each member received for JSESSIONID=....tomcat1")
			.isEqualTo(Map.of("shop1", 6L, "blog1", 6L));
	}

	@Test
	void shouldGiveAGroupWithoutAUsableMemberNoMemberOfAnotherGroup() {
		StubMember blog1 = MEMBERS.get("blog1");
		StubMember blog2 = MEMBERS.get("blog2");
		// Started again after the test by the members' extension.
		blog1.stop();
		blog2.stop();

		this.client.get().uri("/blog/post").exchange().expectStatus().is5xxServerError();
		get("/shop/cart", Map.of());

		assertThat(MEMBERS.stream().flatMap((member) -> member.uris().stream().map((uri) -> member.id() + " " + uri)))
			.as("requests the running members received")
			.containsAnyOf("shop1 /cart", "shop2 /cart")
			.hasSize(1);
	}

	@Test
	void shouldShowEachMembersGroupInTheAdminApi() {
		JsonNode members = Management.members(this.managementPort).path("members");
		Map<String, String> groups = new LinkedHashMap<>();
		members.forEach((member) -> groups.put(member.path("id").asText(), member.path("group").asText()));

		assertThat(groups).containsExactly(Map.entry("shop1", "shop"), Map.entry("shop2", "shop"),
				Map.entry("blog1", "blog"), Map.entry("blog2", "blog"));
	}

	private WebTestClient.ResponseSpec get(String path, Map<String, String> cookies) {
		return this.client.get().uri(path).cookies((jar) -> cookies.forEach(jar::add)).exchange().expectStatus().isOk();
	}

	private static Map<String, Long> received() {
		return MEMBERS.stream()
			.flatMap((member) -> member.received().stream().map((request) -> member.id()))
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static String servedBy(String uri) {
		return MEMBERS.stream()
			.filter((member) -> member.uris().contains(uri))
			.map(StubMember::id)
			.findFirst()
			.orElseThrow();
	}

}

package dev.tandem.gateway.routing;

import java.util.List;
import java.util.Set;

import dev.tandem.shared.InvalidSettings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What {@code tandem.gateway.routes[i]} accepts, and the one sentence naming the property
 * for what it refuses; and how a route maps a path.
 */
class RoutePropertiesTests {

	@Test
	void shouldAcceptNoRoutesAndWellFormedOnes() {
		assertThat(new RouteProperties(null).routes()).isEmpty();
		assertThat(new RouteProperties(List.of(route("/static/**", null, 404, null, null),
				route("/app/**", "*.example.org", null, "/app", "/v2")))
			.routes()).hasSize(2);
	}

	@Test
	void shouldAcceptARouteToAGroupThatMembersHaveAndRefuseOneNoMemberHas() {
		RouteProperties.Route toShop = new RouteProperties.Route("/shop/**", null, null, null, null, "shop");
		RouteProperties.Route toBlog = new RouteProperties.Route("/blog/**", null, null, null, null, "blog");

		new RouteProperties(List.of(toShop)).requireMembersFor(Set.of("shop"));
		assertThatExceptionOfType(InvalidSettings.class)
			.isThrownBy(() -> new RouteProperties(List.of(toShop, toBlog)).requireMembersFor(Set.of("shop")))
			.withMessage("tandem.gateway.routes[1].group 'blog' is the group of no member; give it to the members "
					+ "that serve the route with tandem.gateway.members[i].group=blog, or name one of the members' "
					+ "groups: shop.");
		assertRefused(new RouteProperties.Route("/**", null, 404, null, null, "shop"),
				"tandem.gateway.routes[0].status answers the path at the gateway, so tandem.gateway.routes[0]"
						+ ".strip-prefix, .prefix and .group cannot apply");
		assertRefused(new RouteProperties.Route("/**", null, null, null, null, "shop/1"),
				"tandem.gateway.routes[0].group must be 1 to 63 letters");
	}

	@Test
	void shouldRefuseWhatCannotWorkNamingTheProperty() {
		assertRefused(route("static/**", null, null, null, null),
				"tandem.gateway.routes[0].path must start with '/', such as /shop/**, but was 'static/**'.");
		assertRefused(route("/a/**/b", null, null, null, null), "tandem.gateway.routes[0].path '/a/**/b' is not");
		assertRefused(route("/**", "shop example", null, null, null),
				"tandem.gateway.routes[0].host must be a host name such as shop.example.org or *.example.org, "
						+ "but was 'shop example'.");
		assertRefused(route("/**", null, 302, null, null),
				"tandem.gateway.routes[0].status must be 400 to 599, such as 404, but was 302.");
		assertRefused(route("/**", null, 404, "/app", null), "tandem.gateway.routes[0].status answers the path");
		assertRefused(route("/**", null, null, "/app/", null), "tandem.gateway.routes[0].strip-prefix must be a "
				+ "path such as /app, starting with '/' and not ending with it, without '?', '#' or '%', but was "
				+ "'/app/'.");
		assertRefused(route("/**", null, null, null, "app"), "tandem.gateway.routes[0].prefix must be a path");
	}

	@Test
	void shouldStripAndAddPrefixesOnTheRawPath() {
		PathRoute strip = new PathRoute(route("/app/**", null, null, "/app", null));
		PathRoute both = new PathRoute(route("/app/**", null, null, "/app", "/v2"));
		PathRoute add = new PathRoute(route("/**", null, null, null, "/old"));

		assertThat(strip.mappedPath("/app/cart%20x")).isEqualTo("/cart%20x");
		assertThat(strip.mappedPath("/app")).isEqualTo("/");
		assertThat(strip.mappedPath("/APP/x")).isEqualTo("/x");
		assertThat(strip.mappedPath("/apple")).isNull();
		assertThat(strip.mappedPath("/%61pp/x")).isNull();
		assertThat(both.mappedPath("/app/cart")).isEqualTo("/v2/cart");
		assertThat(add.mappedPath("/report")).isEqualTo("/old/report");
	}

	private static RouteProperties.Route route(String path, String host, Integer status, String strip, String prefix) {
		return new RouteProperties.Route(path, host, status, strip, prefix, null);
	}

	private static void assertRefused(RouteProperties.Route route, String sentence) {
		assertThatIllegalArgumentException().isThrownBy(() -> new RouteProperties(List.of(route)))
			.withMessageStartingWith(sentence);
	}

}

package dev.tandem.gateway;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class BadPropertyStartupTests {

	private static final String SESSION_COOKIE_RULE = "must be a cookie name of letters, digits and "
			+ "!#$%&'*+-.^_`~ only, such as JSESSIONID, or httpd's form COOKIE|parameter with one '|' between two "
			+ "such names and no '&' in the parameter, such as JSESSIONID|jsessionid, but was '";

	@Test
	void shouldReportTheSentenceWhenTheGatewayCannotStart(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=was1",
				"tandem.gateway.members[0].uri=was1.local:8080");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.members[0].uri must be an absolute http:// "
					+ "or https:// address with a host and nothing after the port, such as "
					+ "http://192.168.1.21:8080, but was 'was1.local:8080'.%n%nAction:%n%nCorrect that property"))
			.doesNotContain("Failed to bind properties");
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("refusedRouteProperties")
	void shouldRefuseARouteOrStickySessionThatCannotWork(String property, String value, String sentence,
			CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=was1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:1", "tandem.gateway.members[0].route=tomcat1",
				"tandem.gateway.members[1].id=was2", "tandem.gateway.members[1].uri=http://127.0.0.1:2",
				property + "=" + value);

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%n" + sentence.replace("%", "%%") + "%n%nAction:"))
			.doesNotContain("Failed to bind properties");
	}

	static Stream<Arguments> refusedRouteProperties() {
		String names = "tandem.gateway.affinity.session-cookie-names[0]";
		return Stream.of(Arguments
			.of("tandem.gateway.members[1].route", "tomcat/2", "tandem.gateway.members[1].route must be "
					+ "1 to 63 letters, digits, '.', '-' or '_' starting with a letter or digit, but was 'tomcat/2'."),
				Arguments.of("tandem.gateway.members[1].route", "tomcat1",
						"tandem.gateway.members[1].route 'tomcat1' is already used by tandem.gateway.members[0].route; "
								+ "member routes must be unique (within a group, when both members have one), and a member without a route uses its id."),
				Arguments.of(names, "JSESSIONID|", names + " " + SESSION_COOKIE_RULE + "JSESSIONID|'."),
				Arguments.of(names, "|jsessionid", names + " " + SESSION_COOKIE_RULE + "|jsessionid'."),
				Arguments.of(names, "JSESSIONID|jsessionid|sid",
						names + " " + SESSION_COOKIE_RULE + "JSESSIONID|jsessionid|sid'."),
				Arguments.of(names, "JSESSIONID|jsession;id",
						names + " " + SESSION_COOKIE_RULE + "JSESSIONID|jsession;id'."),
				Arguments.of(names, "TANDEM_ROUTE|jsessionid",
						"tandem.gateway.affinity.cookie-name 'TANDEM_ROUTE' is also listed in " + names
								+ ", so the gateway would overwrite the application's session cookie; choose another "
								+ "name."));
	}

	@Test
	void shouldReportTheSentenceForARouteToAGroupWithoutMembers(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=was1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:1", "tandem.gateway.members[0].group=blog",
				"tandem.gateway.routes[0].path=/shop/**", "tandem.gateway.routes[0].group=shop");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.routes[0].group 'shop' is the group of no member; "
					+ "give it to the members that serve the route with tandem.gateway.members[i].group=shop, or "
					+ "name one of the members' groups: blog.%n%nAction:%n%nCorrect that property"));
	}

	@Test
	void shouldReportTheSentenceForAGroupPolicyOfNoMembersGroup(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=was1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:1", "tandem.gateway.members[0].group=blog",
				"tandem.gateway.members[1].id=was2", "tandem.gateway.members[1].uri=http://127.0.0.1:2",
				"tandem.gateway.members[1].group=shop", "tandem.gateway.groups.shp.affinity.strict=true");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.groups.shp names no member's group; set "
					+ "tandem.gateway.members[i].group=shp on the members it is for, or name one of the members' "
					+ "groups: blog, shop.%n%nAction:%n%nCorrect that property"));
	}

	@Test
	void shouldReportTheSentenceForAGroupsUnknownMethod(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=was1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:1", "tandem.gateway.members[0].group=blog",
				"tandem.gateway.groups.blog.balancing.method=bybusyness");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.groups.blog.balancing.method must be "
					+ "weighted-round-robin, least-busy, p2c-latency or traffic, but was 'bybusyness'.%n%nAction:"))
			.doesNotContain("Failed to bind properties");
	}

	@Test
	void shouldReportTheSentenceForAMembersExpectedStatus(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=tomcat1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:8080",
				"tandem.gateway.members[0].health.expected-status=2xx or 302");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.members[0].health.expected-status must be a "
					+ "status, a class or a range between 100 and 599, or a comma-separated list of them, such as "
					+ "200, 2xx, 200-399 or 200,302, but was '2xx or 302'.%n%nAction:%n%nCorrect that property"))
			.doesNotContain("Failed to bind properties");
	}

	@Test
	void shouldReportTheSentenceForAMembersHealthType(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=tomcat1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:8080", "tandem.gateway.members[0].health.type=ajp");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.members[0].health.type must be http or tcp, "
					+ "but was 'ajp'.%n%nAction:%n%nCorrect that property"));
	}

}

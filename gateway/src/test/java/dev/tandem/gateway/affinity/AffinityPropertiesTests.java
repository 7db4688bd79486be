package dev.tandem.gateway.affinity;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class AffinityPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AffinityPropertiesConfiguration.class);

	@Test
	void shouldDefaultToTheContractsNamesWithoutSecretOrStrictMode() {
		this.runner.run((context) -> {
			AffinityProperties properties = context.getBean(AffinityProperties.class);
			assertThat(properties.cookieName()).isEqualTo("TANDEM_ROUTE");
			assertThat(properties.sessionCookieNames()).containsExactly("JSESSIONID", "SESSION");
			assertThat(properties.strict()).isFalse();
			assertThat(properties.optionalSecret()).isEmpty();
		});
	}

	@Test
	void shouldBindEveryProperty() {
		this.runner
			.withPropertyValues("tandem.gateway.affinity.cookie-name=ROUTE",
					"tandem.gateway.affinity.session-cookie-names=PHPSESSID, JSESSIONID",
					"tandem.gateway.affinity.strict=true", "tandem.gateway.affinity.secret=0123456789abcdef")
			.run((context) -> {
				AffinityProperties properties = context.getBean(AffinityProperties.class);
				assertThat(properties.cookieName()).isEqualTo("ROUTE");
				assertThat(properties.sessionCookieNames()).containsExactly("PHPSESSID", "JSESSIONID");
				assertThat(properties.strict()).isTrue();
				assertThat(properties.optionalSecret()).contains("0123456789abcdef");
				assertThat(properties.toString()).doesNotContain("0123456789abcdef");
			});
	}

	@Test
	void shouldAllowNoSessionCookies() {
		this.runner.withPropertyValues("tandem.gateway.affinity.session-cookie-names=")
			.run((context) -> assertThat(context.getBean(AffinityProperties.class).sessionCookieNames()).isEmpty());
	}

	@Test
	void shouldFailForACookieNameThatIsNotAToken() {
		this.runner.withPropertyValues("tandem.gateway.affinity.cookie-name=ROUTE;x")
			.run((context) -> assertThat(failure(context)).isEqualTo("tandem.gateway.affinity.cookie-name must be a "
					+ "cookie name of letters, digits and !#$%&'*+-.^_`|~ only, such as TANDEM_ROUTE, but was 'ROUTE;x'."));
	}

	@Test
	void shouldFailForASessionCookieNameThatIsNotAToken() {
		this.runner.withPropertyValues("tandem.gateway.affinity.session-cookie-names=JSESSIONID,SESS ION")
			.run((context) -> assertThat(failure(context))
				.startsWith("tandem.gateway.affinity.session-cookie-names[1] must be a cookie name"));
	}

	@Test
	void shouldFailWhenTheGatewaysCookieWouldOverwriteASessionCookie() {
		this.runner.withPropertyValues("tandem.gateway.affinity.cookie-name=jsessionid")
			.run((context) -> assertThat(failure(context)).startsWith(
					"tandem.gateway.affinity.cookie-name 'jsessionid' is also listed in tandem.gateway.affinity.session-cookie-names"));
	}

	@Test
	void shouldAcceptHttpdsCookieAndParameterFormNextToPlainNames() {
		this.runner
			.withPropertyValues("tandem.gateway.affinity.session-cookie-names=JSESSIONID|jsessionid, ROUTEID,SESSION")
			.run((context) -> assertThat(context.getBean(AffinityProperties.class).stickySessions()).containsExactly(
					new StickySession("JSESSIONID", "jsessionid"), new StickySession("ROUTEID", null),
					new StickySession("SESSION", null)));
	}

	@Test
	void shouldFailForEverySessionCookieEntryThatCannotWorkNamingItsIndex() {
		for (String entry : new String[] { "JSESSIONID|", "|jsessionid", "|", "JSESSIONID|jsessionid|x",
				"JSESSIONID||jsessionid", "JSESSION ID|jsessionid", "JSESSIONID|jsession;id", "JSESSIONID|a=b",
				"JSESSIONID|a&b", "JSESSIONID|a/b", "J\"S|jsessionid" }) {
			this.runner
				.withPropertyValues("tandem.gateway.affinity.session-cookie-names[0]=SESSION",
						"tandem.gateway.affinity.session-cookie-names[1]=" + entry)
				.run((context) -> assertThat(failure(context)).as(entry)
					.isEqualTo("tandem.gateway.affinity.session-cookie-names[1] must be a cookie name of letters, "
							+ "digits and !#$%&'*+-.^_`~ only, such as JSESSIONID, or httpd's form "
							+ "COOKIE|parameter with one '|' between two such names and no '&' in the parameter, "
							+ "such as JSESSIONID|jsessionid, but was '" + entry + "'."));
		}
	}

	@Test
	void shouldFailWhenTheCookieOfTheCookieAndParameterFormIsTheGatewaysCookie() {
		this.runner.withPropertyValues("tandem.gateway.affinity.session-cookie-names=JSESSIONID,tandem_route|sid")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.affinity.cookie-name 'TANDEM_ROUTE' is also listed in "
						+ "tandem.gateway.affinity.session-cookie-names[1], so the gateway would overwrite the "
						+ "application's session cookie; choose another name."));
	}

	@Test
	void shouldFailForAShortSecretWithoutShowingIt() {
		this.runner.withPropertyValues("tandem.gateway.affinity.secret=hunter2")
			.run((context) -> assertThat(failure(context)).isEqualTo("tandem.gateway.affinity.secret must be at least "
					+ "16 characters (leave it unset to derive a key from the member ids), but had 7."));
	}

	private static String failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage();
	}

	@EnableConfigurationProperties(AffinityProperties.class)
	static class AffinityPropertiesConfiguration {

	}

}

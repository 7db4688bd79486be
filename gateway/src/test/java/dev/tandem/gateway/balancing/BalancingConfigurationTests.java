package dev.tandem.gateway.balancing;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class BalancingConfigurationTests {

	@Test
	void shouldTellClientsApartByTheAffinitySessionCookiesByDefault() {
		assertThat(BalancingConfiguration.sessionCookieNames(new MockEnvironment())).containsExactly("JSESSIONID",
				"SESSION");
	}

	@Test
	void shouldTellClientsApartByTheConfiguredSessionCookies() {
		MockEnvironment environment = new MockEnvironment().withProperty(BalancingConfiguration.SESSION_COOKIE_NAMES,
				"PHPSESSID, JSESSIONID");

		assertThat(BalancingConfiguration.sessionCookieNames(environment)).containsExactly("PHPSESSID", "JSESSIONID");
	}

	@Test
	void shouldTellClientsApartByAddressAloneWhenNoSessionCookieIsConfigured() {
		MockEnvironment environment = new MockEnvironment().withProperty(BalancingConfiguration.SESSION_COOKIE_NAMES,
				"");

		assertThat(BalancingConfiguration.sessionCookieNames(environment)).isEmpty();
	}

}

package dev.tandem.gateway.routing;

import dev.tandem.gateway.routing.ActuatorPathGuard.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorPathGuardTests {

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/", "/actuator/health", "/ACTUATOR/env", "/%61ctuator/health",
			"/%2561ctuator/health", "/x/../actuator/health", "/x/%2e%2e/actuator", "/x/%2E%2E/actuator",
			"/x/%252e%252e/actuator/env", "/x/..%2factuator", "/x/..%2Factuator", "/x/..;/actuator/health",
			"/actuator;x=y/health", "/;x/actuator", "//actuator/health", "/.//actuator", "\\actuator", "/%5cactuator",
			"%5cactuator", "/%2factuator", "/./actuator", "/../actuator", "/x/y/../../actuator", "/%2e/actuator",
			"/actuator%3bx/health", "actuator" })
	void shouldNotForwardActuatorPaths(String rawPath) {
		assertThat(ActuatorPathGuard.judge(rawPath)).isEqualTo(Verdict.ACTUATOR);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/tandem/restart", "/tandem/restart/", "/TANDEM/restart", "/tandem/%72estart",
			"/x/../tandem/restart", "/tandem;x/restart", "//tandem/restart" })
	void shouldNotForwardTheNodesRestartEndpoint(String rawPath) {
		assertThat(ActuatorPathGuard.judge(rawPath)).isEqualTo(Verdict.ACTUATOR);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%c0%ae%c0%ae/actuator", "/x/%c0%ae%c0%ae/actuator/health", "/%c0%af", "/%e0%80%ae",
			"/%ff", "/%ed%a0%80", "/%", "/%2", "/%zz/actuator", "/%25252561ctuator", "/actuator%00/health", "/a%0d%0ab",
			"/%2500" })
	void shouldRefusePathsThatCannotBeDecoded(String rawPath) {
		assertThat(ActuatorPathGuard.judge(rawPath)).isEqualTo(Verdict.UNDECODABLE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "", "/session", "/hello", "/shop;jsessionid=abc.was1/cart", "/actuatorx",
			"/x/actuator", "/x/actuator/health", "/actuators/health", "/_actuator", "/100%25done", "/gr%C3%BC%C3%9Fe",
			"/hello%20world", "/x/..actuator", "/tandem", "/tandem/restarts", "/x/tandem/restart" })
	void shouldForwardApplicationPaths(String rawPath) {
		assertThat(ActuatorPathGuard.judge(rawPath)).isEqualTo(Verdict.FORWARD);
	}

}

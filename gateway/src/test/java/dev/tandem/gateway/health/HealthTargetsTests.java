package dev.tandem.gateway.health;

import java.net.URI;
import java.util.Map;

import dev.tandem.gateway.member.ExpectedStatus;
import dev.tandem.gateway.member.HealthCheck;
import dev.tandem.gateway.member.Member;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTargetsTests {

	private final HealthTargets targets = new HealthTargets(
			Map.of("tomcat1",
					new HealthCheck(HealthCheck.Type.HTTP, "/session.jsp",
							ExpectedStatus.parse("200-399").orElseThrow()),
					"tomcat2", new HealthCheck(HealthCheck.Type.TCP, null, ExpectedStatus.SUCCESSFUL), "was3",
					new HealthCheck(HealthCheck.Type.HTTP, null, ExpectedStatus.parse("200").orElseThrow())),
			"/actuator/health/readiness");

	@Test
	void shouldProbeAMembersOwnPathWithItsStatuses() {
		HealthTarget target = this.targets.apply(Member.of("tomcat1", "http://10.0.0.1:8080/"));

		assertThat(target.uri()).isEqualTo(URI.create("http://10.0.0.1:8080/session.jsp"));
		assertThat(target.type()).isEqualTo(HealthCheck.Type.HTTP);
		assertThat(target.describe()).isEqualTo("http /session.jsp 200-399");
	}

	@Test
	void shouldConnectToTheBaseAddressForATcpCheck() {
		HealthTarget target = this.targets.apply(Member.of("tomcat2", "http://10.0.0.2:8080"));

		assertThat(target.uri()).isEqualTo(URI.create("http://10.0.0.2:8080"));
		assertThat(target.type()).isEqualTo(HealthCheck.Type.TCP);
		assertThat(target.describe()).isEqualTo("tcp 10.0.0.2:8080");
	}

	@Test
	void shouldUseTheGlobalPathForAMemberWithStatusesOnly() {
		HealthTarget target = this.targets.apply(Member.of("was3", "http://10.0.0.3:8080"));

		assertThat(target.uri()).isEqualTo(URI.create("http://10.0.0.3:8080/actuator/health/readiness"));
		assertThat(target.expectedStatus().matches(204)).isFalse();
		assertThat(target.expectedStatus().matches(200)).isTrue();
	}

	@Test
	void shouldGiveAMemberAddedAtRuntimeTheGlobalCheck() {
		HealthTarget target = this.targets.apply(Member.of("was9", "http://10.0.0.9:8080"));

		assertThat(target)
			.isEqualTo(new HealthTarget("was9", URI.create("http://10.0.0.9:8080/actuator/health/readiness")));
	}

}

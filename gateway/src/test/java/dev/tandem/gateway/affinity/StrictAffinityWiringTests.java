package dev.tandem.gateway.affinity;

import java.util.List;

import dev.tandem.gateway.balancing.BalancingConfiguration;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.Choice;
import dev.tandem.gateway.balancing.core.RequestFacts;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tandem.gateway.affinity.strict} reaches the balancer through affinity's policy
 * customizer: a sticky client of a member that may not serve it is refused when strict,
 * moved otherwise.
 */
class StrictAffinityWiringTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AffinityConfiguration.class, BalancingConfiguration.class)
		.withBean(Members.class, () -> new Members(Membership.of(List.of(Member.of("was1", "http://127.0.0.1:8081"),
				Member.of("was2", "http://127.0.0.1:8082").withState(AdminState.DISABLED)))));

	@Test
	void shouldRefuseAStickyClientOfAnUnusableMemberWhenStrict() {
		this.runner.withPropertyValues("tandem.gateway.affinity.strict=true")
			.run((context) -> assertThat(stickyTo(context.getBean(Balancer.class), "was2").kind())
				.isEqualTo(Choice.Kind.REFUSED_STRICT));
	}

	@Test
	void shouldMoveAStickyClientOfAnUnusableMemberByDefault() {
		this.runner.run((context) -> assertThat(stickyTo(context.getBean(Balancer.class), "was2").memberId())
			.isEqualTo("was1"));
	}

	private static Choice stickyTo(Balancer balancer, String memberId) {
		return balancer.choose(RequestFacts.sticky(memberId));
	}

}

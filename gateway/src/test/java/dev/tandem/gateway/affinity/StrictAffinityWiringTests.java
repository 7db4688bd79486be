package dev.tandem.gateway.affinity;

import java.util.List;
import java.util.Set;

import dev.tandem.gateway.balancing.BalancingConfiguration;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.Choice;
import dev.tandem.gateway.balancing.core.GroupPolicy;
import dev.tandem.gateway.balancing.core.RequestFacts;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.MembersProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tandem.gateway.affinity.strict} reaches the balancer through affinity's policy
 * customizer, and {@code tandem.gateway.groups.<name>.affinity.strict} through the
 * group's policy, which overrides it either way: a sticky client of a member that may not
 * serve it is refused when strict, moved otherwise.
 */
class StrictAffinityWiringTests {

	private static final List<MembersProperties.Entry> CONFIGURED = List.of(
			new MembersProperties.Entry("was1", "http://127.0.0.1:8081", 1, 0, "active", null, "shop", null),
			new MembersProperties.Entry("was2", "http://127.0.0.1:8082", 1, 0, "disabled", null, "shop", null));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AffinityConfiguration.class, BalancingConfiguration.class)
		.withBean(MembersProperties.class, () -> new MembersProperties(CONFIGURED))
		.withBean(Members.class, () -> new Members(new MembersProperties(CONFIGURED).membership()));

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

	@Test
	void shouldRefuseAStickyClientOfAStrictGroupWhenTheGatewayIsNot() {
		this.runner.withPropertyValues("tandem.gateway.groups.shop.affinity.strict=true").run((context) -> {
			Balancer balancer = context.getBean(Balancer.class);
			GroupPolicy shop = balancer.policy().group("shop");

			assertThat(balancer.choose(new RequestFacts("was2", Set.of(), shop)).kind())
				.isEqualTo(Choice.Kind.REFUSED_STRICT);
			assertThat(stickyTo(balancer, "was2").memberId()).isEqualTo("was1");
		});
	}

	@Test
	void shouldMoveAStickyClientOfAGroupThatIsNotStrictWhenTheGatewayIs() {
		this.runner
			.withPropertyValues("tandem.gateway.affinity.strict=true",
					"tandem.gateway.groups.shop.affinity.strict=false")
			.run((context) -> {
				Balancer balancer = context.getBean(Balancer.class);
				GroupPolicy shop = balancer.policy().group("shop");

				assertThat(balancer.choose(new RequestFacts("was2", Set.of(), shop)).memberId()).isEqualTo("was1");
				assertThat(stickyTo(balancer, "was2").kind()).isEqualTo(Choice.Kind.REFUSED_STRICT);
			});
	}

	private static Choice stickyTo(Balancer balancer, String memberId) {
		return balancer.choose(RequestFacts.sticky(memberId));
	}

}

package dev.tandem.gateway.admin.state;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeStateMergeTests {

	private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

	private static final Member WAS1 = Member.of("was1", "http://127.0.0.1:8081");

	private static final Member WAS2 = Member.of("was2", "http://127.0.0.1:8082");

	private static final Member WAS3 = Member.of("was3", "http://127.0.0.1:8083");

	private static final Member WAS9 = Member.of("was9", "http://127.0.0.1:8089");

	private static final Membership CONFIGURED = Membership.of(List.of(WAS1, WAS2));

	@Test
	void shouldStartFromTheConfigurationWithoutAState() {
		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED, RuntimeState.empty());

		assertThat(merged.membership()).isEqualTo(CONFIGURED);
		assertThat(merged.notes()).isEmpty();
		assertThat(merged.expiries()).isEmpty();
	}

	@Test
	void shouldStartAsConfiguredWhenNothingChangedAtRuntime() {
		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED, saved(CONFIGURED, CONFIGURED));

		assertThat(merged.membership()).isEqualTo(CONFIGURED);
		assertThat(merged.notes()).isEmpty();
	}

	@Test
	void shouldKeepAWeightChangedAtRuntime() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(WAS1.withWeight(5)));

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED, saved);

		assertThat(merged.membership().members()).containsExactly(WAS1.withWeight(5), WAS2);
		assertThat(merged.notes()).containsExactly("member was1: weight 5 kept from the saved state (configured 1)");
	}

	@Test
	void shouldFollowAConfigurationEditedSinceForThatFieldOnly() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(WAS1.withWeight(5).withState(AdminState.DRAINING)));
		Membership edited = CONFIGURED.with(WAS1.withWeight(3));

		MergedMembers merged = RuntimeStateMerge.merge(edited, saved);

		assertThat(merged.membership().members()).containsExactly(WAS1.withWeight(3).withState(AdminState.DRAINING),
				WAS2);
		assertThat(merged.notes()).containsExactly("member was1: weight 3 from the configuration, edited from 1 "
				+ "since the state was saved (runtime weight 5 dropped); state draining kept from the saved state "
				+ "(configured active)");
	}

	@Test
	void shouldTakeAMemberWhoseConfiguredAddressChangedWhollyFromTheConfiguration() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(WAS1.withWeight(5).withState(AdminState.DISABLED)));
		Member moved = new Member("was1", URI.create("http://10.0.0.1:8081"), 1, 0, AdminState.ACTIVE);

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED.with(moved), saved);

		assertThat(merged.membership().members()).containsExactly(moved, WAS2);
		assertThat(merged.notes()).containsExactly("member was1: configured address changed from "
				+ "http://127.0.0.1:8081 to http://10.0.0.1:8081 since the state was saved; taken wholly from the "
				+ "configuration, as a new address is another machine (runtime address http://127.0.0.1:8081, "
				+ "weight 5, state disabled dropped)");
	}

	@Test
	void shouldKeepAMemberAddedAtRuntimeAfterTheConfiguredOnes() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(WAS9));

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED.with(WAS3), saved);

		assertThat(merged.membership().members()).containsExactly(WAS1, WAS2, WAS3, WAS9);
		assertThat(merged.notes())
			.containsExactly("member was9: added at runtime (http://127.0.0.1:8089, weight 1, tier 0, active); kept");
	}

	@Test
	void shouldFollowTheConfigurationOnceItNamesAMemberAddedAtRuntime() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(WAS9.withWeight(4)));

		MergedMembers merged = RuntimeStateMerge.merge(Membership.of(List.of(WAS9, WAS1, WAS2)), saved);

		assertThat(merged.membership().members()).containsExactly(WAS9, WAS1, WAS2);
		assertThat(merged.notes()).containsExactly("member was9: added at runtime and now also in the "
				+ "configuration; taken from the configuration (runtime weight 4 dropped)");
	}

	@Test
	void shouldKeepAMemberRemovedAtRuntimeRemoved() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.without("was2"));

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED, saved);

		assertThat(merged.membership().members()).containsExactly(WAS1);
		assertThat(merged.notes())
			.containsExactly("member was2: removed at runtime; stays removed while its configuration is unchanged");
	}

	@Test
	void shouldBringBackARemovedMemberWhoseConfigurationChanged() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.without("was2"));

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED.with(WAS2.withTier(1)), saved);

		assertThat(merged.membership().members()).containsExactly(WAS1, WAS2.withTier(1));
		assertThat(merged.notes()).containsExactly("member was2: removed at runtime, but its configuration changed "
				+ "since (tier 0 -> 1); back as configured");
	}

	@Test
	void shouldAddAConfiguredMemberTheStateNeverHeardOf() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED);
		Membership grown = Membership.of(List.of(WAS1, WAS3, WAS2));

		MergedMembers merged = RuntimeStateMerge.merge(grown, saved);

		assertThat(merged.membership()).isEqualTo(grown);
		assertThat(merged.notes()).isEmpty();
	}

	@Test
	void shouldDropAMemberTheConfigurationNoLongerNames() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(WAS2.withWeight(7)));

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED.without("was2"), saved);

		assertThat(merged.membership().members()).containsExactly(WAS1);
		assertThat(merged.notes())
			.containsExactly("member was2: no longer in the configuration; dropped with its saved runtime values");
	}

	@Test
	void shouldKeepAnExpiryWhileItsMemberIsInItsState() {
		PendingExpiry drain = new PendingExpiry("was1", AdminState.DRAINING, AdminState.ACTIVE, T0.plusSeconds(60));
		PendingExpiry disable = new PendingExpiry("was2", AdminState.DISABLED, AdminState.ACTIVE, T0.plusSeconds(60));
		RuntimeState saved = saved(CONFIGURED,
				CONFIGURED.with(WAS1.withState(AdminState.DRAINING)).with(WAS2.withState(AdminState.DISABLED)))
			.withExpiry(drain)
			.withExpiry(disable);
		Membership edited = CONFIGURED.with(WAS2.withState(AdminState.DRAINING));

		MergedMembers merged = RuntimeStateMerge.merge(edited, saved);

		assertThat(merged.expiries()).containsExactly(drain);
		assertThat(merged.notes()).contains("member was2: pending return to active at 2025-06-01T10:01:00Z "
				+ "dropped, as the member is now draining");
	}

	@Test
	void shouldFollowAConfigurationEditedBackAfterTheMergedStateWasWritten() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(WAS1.withWeight(5)));
		Membership edited = CONFIGURED.with(WAS1.withWeight(3));
		MergedMembers second = RuntimeStateMerge.merge(edited, saved);
		RuntimeState written = second.state(T0.plusSeconds(60));

		MergedMembers third = RuntimeStateMerge.merge(CONFIGURED, written);

		assertThat(written.revision()).isEqualTo(saved.revision() + 1);
		assertThat(second.membership().members()).containsExactly(WAS1.withWeight(3), WAS2);
		assertThat(third.membership()).isEqualTo(CONFIGURED);
	}

	/** The state a previous run with this configuration saved for these live members. */
	@Test
	void shouldTakeEveryConfiguredMembersRouteFromTheConfiguration() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(WAS1.withWeight(5)));
		Member was1 = routed(WAS1, "tomcat1");

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED.with(was1), saved);

		assertThat(merged.membership().members()).containsExactly(was1.withWeight(5), WAS2);
	}

	@Test
	void shouldKeepTheRouteOfAMemberAddedAtRuntime() {
		Member was9 = routed(WAS9, "tomcat9");

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED, saved(CONFIGURED, CONFIGURED.with(was9)));

		assertThat(merged.membership().members()).containsExactly(WAS1, WAS2, was9);
	}

	@Test
	void shouldDropAMemberAddedAtRuntimeWhoseRouteTheConfigurationNowGivesAnother() {
		RuntimeState saved = saved(CONFIGURED, CONFIGURED.with(routed(WAS9, "tomcat1")));

		MergedMembers merged = RuntimeStateMerge.merge(CONFIGURED.with(routed(WAS1, "tomcat1")), saved);

		assertThat(merged.membership().ids()).containsExactly("was1", "was2");
		assertThat(merged.notes()).containsExactly("member was9: added at runtime with the route 'tomcat1', which "
				+ "the configuration now gives member was1; dropped");
	}

	private static Member routed(Member member, String route) {
		return new Member(member.id(), member.uri(), member.weight(), member.tier(), member.state(), route);
	}

	private static RuntimeState saved(Membership configured, Membership runtime) {
		return RuntimeState.empty().next(configured, runtime, T0);
	}

}

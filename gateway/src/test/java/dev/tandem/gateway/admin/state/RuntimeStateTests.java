package dev.tandem.gateway.admin.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RuntimeStateTests {

	private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

	private static final Member WAS1 = Member.of("was1", "http://127.0.0.1:8081");

	private static final Member WAS2 = Member.of("was2", "http://127.0.0.1:8082");

	private static final Member WAS9 = Member.of("was9", "http://127.0.0.1:8089");

	private static final Membership CONFIGURED = Membership.of(List.of(WAS1, WAS2));

	@Test
	void shouldRecordWhatTheConfigurationSaysOfEachRunningMember() {
		Membership runtime = CONFIGURED.with(WAS1.withWeight(5)).without("was2").with(WAS9);

		RuntimeState state = RuntimeState.empty().next(CONFIGURED, runtime, T0);

		assertThat(state.revision()).isEqualTo(1);
		assertThat(state.writtenAt()).isEqualTo(T0);
		assertThat(state.members()).containsExactly(new SavedMember(WAS1.withWeight(5), MemberValues.of(WAS1)),
				new SavedMember(WAS9, null));
		assertThat(state.members().get(1).addedAtRuntime()).isTrue();
		assertThat(state.removed()).containsExactly(new RemovedMember("was2", MemberValues.of(WAS2)));
		assertThat(state.runtime()).isEqualTo(runtime);
	}

	@Test
	void shouldCountRevisionsFromTheEmptyState() {
		assertThat(RuntimeState.empty().isEmpty()).isTrue();

		RuntimeState second = RuntimeState.empty()
			.next(CONFIGURED, CONFIGURED, T0)
			.next(CONFIGURED, CONFIGURED, T0.plusSeconds(1));

		assertThat(second.revision()).isEqualTo(2);
		assertThat(second.isEmpty()).isFalse();
	}

	@Test
	void shouldKeepAnExpiryWhileTheMemberStaysInItsState() {
		Membership draining = CONFIGURED.with(WAS1.withState(AdminState.DRAINING));
		PendingExpiry expiry = new PendingExpiry("was1", AdminState.DRAINING, AdminState.ACTIVE,
				T0.plus(Duration.ofMinutes(30)));
		RuntimeState state = RuntimeState.empty().next(CONFIGURED, draining, T0).withExpiry(expiry);

		RuntimeState reweighted = state.next(CONFIGURED,
				draining.with(WAS1.withState(AdminState.DRAINING).withWeight(3)), T0);
		RuntimeState disabled = state.next(CONFIGURED, draining.with(WAS1.withState(AdminState.DISABLED)), T0);
		RuntimeState gone = state.next(CONFIGURED, draining.without("was1"), T0);

		assertThat(reweighted.expiry("was1")).contains(expiry);
		assertThat(disabled.expiries()).isEmpty();
		assertThat(gone.expiries()).isEmpty();
	}

	@Test
	void shouldReplaceTheExpiryOfTheSameMember() {
		Membership draining = CONFIGURED.with(WAS1.withState(AdminState.DRAINING));
		PendingExpiry first = new PendingExpiry("was1", AdminState.DRAINING, AdminState.ACTIVE, T0.plusSeconds(60));
		PendingExpiry second = new PendingExpiry("was1", AdminState.DRAINING, AdminState.DISABLED, T0.plusSeconds(120));

		RuntimeState state = RuntimeState.empty().next(CONFIGURED, draining, T0).withExpiry(first).withExpiry(second);

		assertThat(state.expiries()).containsExactly(second);
		assertThat(state.withoutExpiry("was1").expiries()).isEmpty();
	}

	@Test
	void shouldListDueExpiriesEarliestFirst() {
		Membership draining = Membership
			.of(List.of(WAS1.withState(AdminState.DRAINING), WAS2.withState(AdminState.DISABLED)));
		PendingExpiry later = new PendingExpiry("was1", AdminState.DRAINING, AdminState.ACTIVE, T0.plusSeconds(20));
		PendingExpiry sooner = new PendingExpiry("was2", AdminState.DISABLED, AdminState.ACTIVE, T0.plusSeconds(10));
		RuntimeState state = RuntimeState.empty().next(CONFIGURED, draining, T0).withExpiry(later).withExpiry(sooner);

		assertThat(state.nextExpiryAt()).contains(T0.plusSeconds(10));
		assertThat(state.due(T0.plusSeconds(5))).isEmpty();
		assertThat(state.due(T0.plusSeconds(10))).containsExactly(sooner);
		assertThat(state.due(T0.plusSeconds(60))).containsExactly(sooner, later);
	}

	@Test
	void shouldRefuseAnExpiryForAMemberNotInItsState() {
		RuntimeState state = RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0);

		assertThatIllegalArgumentException().isThrownBy(() -> state
			.withExpiry(new PendingExpiry("was1", AdminState.DRAINING, AdminState.ACTIVE, T0.plusSeconds(60))));
		assertThatIllegalArgumentException().isThrownBy(() -> state
			.withExpiry(new PendingExpiry("was7", AdminState.ACTIVE, AdminState.DISABLED, T0.plusSeconds(60))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PendingExpiry("was1", AdminState.ACTIVE, AdminState.ACTIVE, T0));
	}

	@Test
	void shouldKeepRevisionZeroForTheEmptyState() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RuntimeState(0, T0, List.of(new SavedMember(WAS1, null)), List.of(), List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RuntimeState.capture(0, T0, CONFIGURED, CONFIGURED, List.of()));
	}

	@Test
	void shouldRefuseAMemberSavedTwice() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RuntimeState(1, T0,
				List.of(new SavedMember(WAS1, null), new SavedMember(WAS1.withWeight(2), null)), List.of(), List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RuntimeState(1, T0, List.of(new SavedMember(WAS1, null)),
					List.of(new RemovedMember("was1", MemberValues.of(WAS1))), List.of()));
	}

}

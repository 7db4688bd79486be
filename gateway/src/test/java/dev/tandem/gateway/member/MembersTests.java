package dev.tandem.gateway.member;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MembersTests {

	private static final Member WAS1 = Member.of("was1", "http://127.0.0.1:8081");

	private static final Member WAS2 = Member.of("was2", "http://127.0.0.1:8082");

	private final Members members = new Members(Membership.of(List.of(WAS1, WAS2)));

	private final List<MembershipChange> heard = new ArrayList<>();

	@Test
	void shouldTellEverySubscriberWhatWasAddedRemovedAndChanged() {
		List<MembershipChange> second = new ArrayList<>();
		this.members.subscribe(this.heard::add);
		this.members.subscribe(second::add);
		Member was3 = Member.of("was3", "http://127.0.0.1:8083");

		MembershipChange change = this.members
			.change((current) -> current.without("was1").with(WAS2.withWeight(5)).with(was3));

		assertThat(this.heard).containsExactly(change);
		assertThat(second).containsExactly(change);
		assertThat(change.removed()).containsExactly(WAS1);
		assertThat(change.added()).containsExactly(was3);
		assertThat(change.changed()).containsExactly(WAS2.withWeight(5));
		assertThat(this.members.current().ids()).containsExactly("was2", "was3");
	}

	@Test
	void shouldMakeTheNewSnapshotCurrentBeforeTellingSubscribers() {
		List<Membership> seen = new ArrayList<>();
		this.members.subscribe((change) -> seen.add(this.members.current()));

		MembershipChange change = this.members.change((current) -> current.with(WAS1.withState(AdminState.DRAINING)));

		assertThat(seen).containsExactly(change.after());
	}

	@Test
	void shouldTellNoOneWhenNothingChanged() {
		this.members.subscribe(this.heard::add);

		this.members.change((current) -> current.with(WAS1));

		assertThat(this.heard).isEmpty();
	}

	@Test
	void shouldKeepTheMembersWhenAnEditFails() {
		this.members.subscribe(this.heard::add);

		assertThatIllegalArgumentException().isThrownBy(() -> this.members
			.change((current) -> current.with(new Member("was1", WAS1.uri(), -1, 0, AdminState.ACTIVE))));

		assertThat(this.members.current().members()).containsExactly(WAS1, WAS2);
		assertThat(this.heard).isEmpty();
	}

	@Test
	void shouldTellTheOthersWhenOneSubscriberFails() {
		this.members.subscribe((change) -> {
			throw new IllegalStateException("subscriber bug");
		});
		this.members.subscribe(this.heard::add);

		this.members.change((current) -> current.without("was2"));

		assertThat(this.heard).hasSize(1);
		assertThat(this.members.current().ids()).containsExactly("was1");
	}

	@Test
	void shouldStopTellingAnUnsubscribedListener() {
		MembershipListener listener = this.heard::add;
		this.members.subscribe(listener);
		this.members.unsubscribe(listener);

		this.members.change((current) -> current.without("was2"));

		assertThat(this.heard).isEmpty();
	}

	@Test
	void shouldRefuseAnInvalidMember() {
		assertThatIllegalArgumentException().isThrownBy(() -> Member.of("was1", "http://127.0.0.1:8081/app"))
			.withMessageContaining("nothing after the port");
		assertThatIllegalArgumentException().isThrownBy(() -> Member.of("bad id", "http://127.0.0.1:8081"));
		assertThatIllegalArgumentException().isThrownBy(() -> Membership.of(List.of(WAS1, WAS1)))
			.withMessageContaining("'was1' is used twice");
	}

	@Test
	void shouldResolveAPathOnTheMember() {
		assertThat(Member.of("was1", "http://127.0.0.1:8081/").resolve("/ready"))
			.hasToString("http://127.0.0.1:8081/ready");
		assertThat(Member.of("was1", "https://node").port()).isEqualTo(443);
	}

}

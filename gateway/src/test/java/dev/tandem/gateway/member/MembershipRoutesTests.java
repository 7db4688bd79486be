package dev.tandem.gateway.member;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MembershipRoutesTests {

	@Test
	void shouldFindAMemberByItsRouteElseByItsId() {
		Membership members = Membership.of(List.of(member("was1", "tomcat1"), member("was2", null)));

		assertThat(members.routedTo("tomcat1")).map(Member::id).contains("was1");
		assertThat(members.routedTo("was1")).map(Member::id).contains("was1");
		assertThat(members.routedTo("was2")).map(Member::id).contains("was2");
		assertThat(members.routedTo("tomcat2")).isEmpty();
		assertThat(members.routedTo(null)).isEmpty();
	}

	@Test
	void shouldPreferTheMemberWithTheRouteOverTheMemberWithThatId() {
		// Swapped names: the routes are what the old front's session ids carry.
		Membership members = Membership.of(List.of(member("was1", "was2"), member("was2", "was1")));

		assertThat(members.routedTo("was1")).map(Member::id).contains("was2");
		assertThat(members.routedTo("was2")).map(Member::id).contains("was1");
		assertThat(members.withRoute("was1")).map(Member::id).contains("was2");
	}

	@Test
	void shouldRefuseTwoMembersWithOneRoute() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Membership.of(List.of(member("was1", "tomcat1"), member("was2", "tomcat1"))))
			.withMessage("Members 'was1' and 'was2' both have the route 'tomcat1'; member routes must be unique.");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Membership.of(List.of(member("was1", null), member("was2", "was1"))))
			.withMessageContaining("both have the route 'was1'");
	}

	@Test
	void shouldKeepTheRouteThroughEveryChangeAndDefaultItToTheId() {
		Member was1 = member("was1", "tomcat1");

		assertThat(was1.withWeight(3).withTier(1).withState(AdminState.DRAINING).route()).isEqualTo("tomcat1");
		assertThat(Member.of("was2", "http://127.0.0.1:8082").route()).isEqualTo("was2");
		assertThat(Member.of("was2", "http://127.0.0.1:8082").hasOwnRoute()).isFalse();
		assertThat(was1.hasOwnRoute()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> member("was3", "tomcat 3"))
			.withMessageStartingWith("member route must be");
	}

	private static Member member(String id, String route) {
		return new Member(id, URI.create("http://" + id + ".local:8080"), 1, 0, AdminState.ACTIVE, route);
	}

}

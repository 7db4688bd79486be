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
		assertThat(members.routeClash(member("was3", "was1"))).map(Member::id).contains("was2");
	}

	@Test
	void shouldRefuseTwoMembersWithOneRoute() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Membership.of(List.of(member("was1", "tomcat1"), member("was2", "tomcat1"))))
			.withMessage(
					"Members 'was1' and 'was2' both have the route 'tomcat1'; member routes must be unique within a group.");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Membership.of(List.of(member("was1", null), member("was2", "was1"))))
			.withMessageContaining("both have the route 'was1'");
	}

	@Test
	void shouldLetMembersOfDifferentGroupsShareARouteAndReadItWithinTheGroup() {
		// Two applications on the same two Tomcats: each jvmRoute names one member per
		// group.
		Membership members = Membership.of(List.of(grouped("shop1", "tomcat1", "shop"),
				grouped("shop2", "tomcat2", "shop"), grouped("blog1", "tomcat1", "blog"), member("other", null)));

		assertThat(members.routedTo("tomcat1", "shop")).map(Member::id).contains("shop1");
		assertThat(members.routedTo("tomcat1", "blog")).map(Member::id).contains("blog1");
		assertThat(members.routedTo("tomcat2", "blog")).isEmpty();
		assertThat(members.routedTo("shop2", "shop")).map(Member::id).contains("shop2");
		assertThat(members.routedTo("shop2", "blog")).as("an id outside the group").isEmpty();
		assertThat(members.routedTo("other", "shop")).as("a member in no group").isEmpty();
		assertThat(members.routedTo("tomcat1")).as("ambiguous without a group").isEmpty();
		assertThat(members.routedTo("tomcat2")).map(Member::id).contains("shop2");
		assertThat(members.serves("blog1", "blog")).isTrue();
		assertThat(members.serves("blog1", "shop")).isFalse();
		assertThat(members.serves("other", null)).isTrue();
		assertThat(members.groups()).containsExactly("shop", "blog");
		assertThat(grouped("shop1", "tomcat1", "shop").withWeight(2).withTier(1).withState(AdminState.DRAINING).group())
			.isEqualTo("shop");
	}

	@Test
	void shouldRefuseASharedRouteWithinAGroupOrWithAMemberInNoGroup() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> Membership.of(List.of(grouped("shop1", "tomcat1", "shop"), grouped("shop2", "tomcat1", "shop"))))
			.withMessageContaining("both have the route 'tomcat1'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Membership.of(List.of(grouped("shop1", "tomcat1", "shop"), member("was2", "tomcat1"))))
			.withMessageContaining("both have the route 'tomcat1'");
		assertThat(Membership.of(List.of(grouped("shop1", "tomcat1", "shop")))
			.routeClash(grouped("blog1", "tomcat1", "blog"))).isEmpty();
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

	private static Member grouped(String id, String route, String group) {
		return new Member(id, URI.create("http://" + id + ".local:8080"), 1, 0, AdminState.ACTIVE, route, group);
	}

	private static Member member(String id, String route) {
		return new Member(id, URI.create("http://" + id + ".local:8080"), 1, 0, AdminState.ACTIVE, route);
	}

}

package dev.tandem.gateway.affinity;

import java.util.List;
import java.util.Optional;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AffinityCookieCodecTests {

	private static final List<String> MEMBERS = List.of("was1", "was2", "was3");

	private final AffinityCookieCodec codec = codec(Optional.empty());

	@Test
	void shouldDecodeEachMembersTokenToThatMember() {
		for (String member : MEMBERS) {
			assertThat(this.codec.decode(token(member))).contains(member);
		}
	}

	@Test
	void shouldFollowTheMembersWithTheSameKey() {
		String was1 = token("was1");
		Membership before = Membership.of(MEMBERS.stream().map(AffinityCookieCodecTests::member).toList());

		this.codec.membershipChanged(new MembershipChange(before, before.without("was2").with(member("was4"))));

		assertThat(this.codec.decode(was1)).contains("was1");
		assertThat(this.codec.encode("was2")).isEmpty();
		assertThat(this.codec.decode(token("was4"))).contains("was4");
	}

	private static Member member(String id) {
		return Member.of(id, "http://127.0.0.1:8081");
	}

	@Test
	void shouldMakeOpaqueCookieSafeTokens() {
		for (String member : MEMBERS) {
			assertThat(token(member)).hasSize(AffinityCookieCodec.TOKEN_LENGTH)
				.matches("[A-Za-z0-9_-]+")
				.doesNotContain(member)
				.doesNotContain(":");
		}
		assertThat(MEMBERS.stream().map(this::token).distinct()).hasSize(MEMBERS.size());
	}

	@Test
	void shouldNeverDecodeAOneCharacterEditToAnotherMember() {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.";
		for (String member : MEMBERS) {
			String token = token(member);
			for (int i = 0; i < token.length(); i++) {
				for (char c : alphabet.toCharArray()) {
					if (c != token.charAt(i)) {
						String edited = token.substring(0, i) + c + token.substring(i + 1);
						assertThat(this.codec.decode(edited)).as(edited).isEmpty();
					}
				}
			}
		}
	}

	@Test
	void shouldDecodeUnknownGarbageEmptyAndOversizedValuesToNothing() {
		String valid = token("was1");
		List<String> values = List.of("", "was1", "127.0.0.1:8081", valid + "A", valid.substring(1),
				"%%%%%%%%%%%%%%%%%%%%%%", "\r\n" + valid.substring(2), valid.toUpperCase(), "A".repeat(100_000),
				codec(Optional.of("another secret, 16+ chars")).encode("was1").orElseThrow());
		for (String value : values) {
			assertThat(this.codec.decode(value)).as(value).isEmpty();
		}
		assertThat(this.codec.decode(null)).isEmpty();
		assertThat(this.codec.encode("was9")).isEmpty();
		assertThat(this.codec.encode(null)).isEmpty();
	}

	@Test
	void shouldMakeTheSameTokensForTheSameMembersAndSecret() {
		assertThat(codec(Optional.empty()).encode("was2")).isEqualTo(this.codec.encode("was2"));
		assertThat(codec(List.of("was3", "was2", "was1"), Optional.empty()).encode("was2"))
			.isEqualTo(this.codec.encode("was2"));
		assertThat(codec(Optional.of("a secret of 16+ characters")).encode("was2"))
			.isEqualTo(codec(Optional.of("a secret of 16+ characters")).encode("was2"));
	}

	@Test
	void shouldMakeDifferentTokensForADifferentSecret() {
		String withSecret = codec(Optional.of("a secret of 16+ characters")).encode("was2").orElseThrow();
		String withOtherSecret = codec(Optional.of("a secret of 17+ characters")).encode("was2").orElseThrow();

		assertThat(withSecret).isNotEqualTo(withOtherSecret).isNotEqualTo(token("was2"));
	}

	@Test
	void shouldMakeDifferentTokensForDifferentMemberLists() {
		assertThat(codec(List.of("was1", "was2"), Optional.empty()).encode("was2"))
			.isNotEqualTo(this.codec.encode("was2"));
	}

	private String token(String member) {
		return this.codec.encode(member).orElseThrow();
	}

	private static AffinityCookieCodec codec(Optional<String> secret) {
		return codec(MEMBERS, secret);
	}

	private static AffinityCookieCodec codec(List<String> members, Optional<String> secret) {
		return new AffinityCookieCodec(members, AffinityKey.of(members, secret));
	}

}

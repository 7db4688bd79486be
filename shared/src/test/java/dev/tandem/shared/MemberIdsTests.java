package dev.tandem.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MemberIdsTests {

	@Test
	void shouldAcceptHostLikeIds() {
		assertThat(MemberIds.isValid("was1")).isTrue();
		assertThat(MemberIds.isValid("pi-2.local")).isTrue();
		assertThat(MemberIds.isValid("node_3")).isTrue();
	}

	@Test
	void shouldRejectIdsThatNeedEscaping() {
		assertThat(MemberIds.isValid(null)).isFalse();
		assertThat(MemberIds.isValid("")).isFalse();
		assertThat(MemberIds.isValid("-was1")).isFalse();
		assertThat(MemberIds.isValid("was 1")).isFalse();
		assertThat(MemberIds.isValid("was1;Path=/")).isFalse();
		assertThat(MemberIds.isValid("a".repeat(64))).isFalse();
	}

	@Test
	void shouldNameThePropertyWhenInvalid() {
		assertThatIllegalArgumentException().isThrownBy(() -> MemberIds.requireValid("bad id", "tandem.node.id"))
			.withMessageStartingWith("tandem.node.id must be");
	}

}

package dev.tandem.node.login;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DemoPropertiesTests {

	@Test
	void shouldRefuseABlankUserByPropertyName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DemoProperties(" ", "x"))
			.withMessage("tandem.node.demo.user must not be blank.");
	}

	@Test
	void shouldTreatAnEmptyPasswordAsUnsetSoARandomOneIsMadeUp() {
		assertThat(new DemoProperties("alice", "").password()).isNull();
		assertThat(new DemoProperties(" alice ", "p").user()).isEqualTo("alice");
	}

}

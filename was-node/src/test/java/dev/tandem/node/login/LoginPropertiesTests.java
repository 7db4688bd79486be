package dev.tandem.node.login;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoginPropertiesTests {

	@Test
	void shouldRefuseABlankUserByPropertyName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LoginProperties(" ", "x"))
			.withMessage("tandem.node.demo.user must not be blank.");
	}

	@Test
	void shouldTreatAnEmptyPasswordAsUnsetSoARandomOneIsMadeUp() {
		assertThat(new LoginProperties("alice", "").password()).isNull();
		assertThat(new LoginProperties(" alice ", "p").user()).isEqualTo("alice");
	}

}

package dev.tandem.gateway.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The checks of {@code tandem.gateway.admin.*}: each refusal is one sentence naming the
 * property, and a password is never echoed.
 */
class AdminPropertiesTests {

	private static final Path STATE = Path.of("state");

	@Test
	void shouldAcceptEncodedPasswordsAndBothRoles() {
		AdminProperties properties = properties(new AdminProperties.User("ops", "{bcrypt}$2a$10$abc", "admin"),
				new AdminProperties.User("screen", "{noop}secret", "Viewer"));

		assertThat(properties.users()).extracting(AdminProperties.User::admin).containsExactly(true, false);
	}

	@Test
	void shouldRefuseAPasswordWithoutItsEncoderWithoutEchoingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties(new AdminProperties.User("ops", "hunter2hunter2", "admin")))
			.withMessageStartingWith("tandem.gateway.admin.users[0].password must be an encoded password")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void shouldRefuseAnUnknownRoleADuplicateAndABadName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties(new AdminProperties.User("ops", "{noop}x", "root")))
			.withMessage("tandem.gateway.admin.users[0].role must be admin or viewer, but was 'root'.");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties(new AdminProperties.User("ops", "{noop}x", "admin"),
					new AdminProperties.User("ops", "{noop}y", "viewer")))
			.withMessageStartingWith("tandem.gateway.admin.users[1].name 'ops' is already used");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties(new AdminProperties.User("a b", "{noop}x", "admin")))
			.withMessageStartingWith("tandem.gateway.admin.users[0].name must be");
	}

	@Test
	void shouldRefuseAShortNodeRestartToken() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AdminProperties(List.of(), STATE, 1000, "short", Duration.ofMinutes(3)))
			.withMessage("tandem.gateway.admin.node-restart-token must be at least 16 characters long, "
					+ "like the nodes' tandem.node.restart.token, but has 5.");
	}

	private static AdminProperties properties(AdminProperties.User... users) {
		return new AdminProperties(List.of(users), STATE, 1000, null, Duration.ofMinutes(3));
	}

}

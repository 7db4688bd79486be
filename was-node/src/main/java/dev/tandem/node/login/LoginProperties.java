package dev.tandem.node.login;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo login's single in-memory user, under {@code tandem.node.demo}. Demo only: a
 * real application brings its own user store. A blank password means "not set", and the
 * node then makes up a random one and logs it once at start-up, as Boot does.
 *
 * @param user Demo-only login name of the in-memory user.
 * @param password Demo-only password of that user; unset, a random one is logged at
 * start-up.
 */
@ConfigurationProperties("tandem.node.demo")
public record LoginProperties(@DefaultValue("demo") String user, String password) {

	public LoginProperties {
		if (user == null || user.isBlank()) {
			throw new IllegalArgumentException("tandem.node.demo.user must not be blank.");
		}
		user = user.trim();
		password = (password == null || password.isEmpty()) ? null : password;
	}

}

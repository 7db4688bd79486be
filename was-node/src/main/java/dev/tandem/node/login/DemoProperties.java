package dev.tandem.node.login;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo login's single in-memory user, under {@code tandem.node.demo}. Demo only: a
 * real application brings its own user store. A blank password means "not set", and the
 * node then makes up a random one and logs it once at start-up, as Boot does.
 *
 * @param user Demo-only login name of the in-memory user.
 * @param password Demo-only password of that user; when unset, a random one is generated
 * and logged at start-up.
 */
@ConfigurationProperties(DemoProperties.PREFIX)
public record DemoProperties(@DefaultValue("demo") String user, String password) {

	static final String PREFIX = "tandem.node.demo";

	public DemoProperties {
		if (user == null || user.isBlank()) {
			throw new IllegalArgumentException(PREFIX + ".user must not be blank.");
		}
		user = user.trim();
		password = (password == null || password.isEmpty()) ? null : password;
	}

}

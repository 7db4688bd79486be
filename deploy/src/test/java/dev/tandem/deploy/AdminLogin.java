package dev.tandem.deploy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A user of the gateway's management port made up for one test run: role {@code admin}, a
 * random password given to the gateway in its environment as {@code {noop}} (a test needs
 * no bcrypt; the gateway logs a warning about it), and the HTTP Basic header that logs in
 * as it. Only {@code GET /actuator/health} (the status alone) and the probes answer
 * anonymously; the members' states need a login.
 *
 * @param name the login name
 * @param password the password itself
 */
public record AdminLogin(String name, String password) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** A user named {@code test-admin} with a new random password. */
	public static AdminLogin random() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return new AdminLogin("test-admin", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	/**
	 * The gateway's environment that makes this user its only one (list index 0), with
	 * role {@code admin}.
	 */
	public Map<String, String> environment() {
		return Map.of("TANDEM_GATEWAY_ADMIN_USERS_0_NAME", this.name, "TANDEM_GATEWAY_ADMIN_USERS_0_PASSWORD",
				"{noop}" + this.password, "TANDEM_GATEWAY_ADMIN_USERS_0_ROLE", "admin");
	}

	/** The {@code Authorization} header value that logs in as this user. */
	public String authorization() {
		return "Basic " + Base64.getEncoder()
			.encodeToString((this.name + ":" + this.password).getBytes(StandardCharsets.UTF_8));
	}

	/** Never the password: a record's default would print it in a failed assertion. */
	@Override
	public String toString() {
		return "AdminLogin[" + this.name + "]";
	}

}

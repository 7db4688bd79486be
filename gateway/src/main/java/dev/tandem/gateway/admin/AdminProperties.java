package dev.tandem.gateway.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the management port, and where runtime changes are kept
 * ({@code tandem.gateway.admin.*}). Checked at start-up with a sentence naming the
 * property.
 *
 * @param users People and scripts that may log in to the management port. When none is
 * configured the gateway creates user 'admin' with a random password at first start,
 * prints it once in the log and keeps only its hash in the state directory.
 * @param stateDir Directory for runtime changes, the audit log and a generated admin
 * password's hash; the systemd unit points it at its StateDirectory. Default
 * ~/.local/state/tandem-gateway.
 * @param auditEntries Number of audit records kept in the audit file.
 * @param nodeRestartToken The shared secret the rolling restart sends to each was-node
 * (the nodes' tandem.node.restart.token); unset, the gateway cannot restart nodes.
 * @param restartTimeout Longest wait of a rolling restart for one node to drain, and
 * again to come back ready with its session cluster safe.
 */
@ConfigurationProperties(AdminProperties.PREFIX)
public record AdminProperties(List<User> users, Path stateDir, @DefaultValue("1000") int auditEntries,
		String nodeRestartToken, @DefaultValue("3m") Duration restartTimeout) {

	static final String PREFIX = "tandem.gateway.admin";

	// A password encoder's id in braces, then something: {bcrypt}$2a$..., {noop}secret.
	private static final Pattern ENCODED = Pattern.compile("^\\{[A-Za-z0-9_.-]+\\}.+$", Pattern.DOTALL);

	private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.@-]{1,64}$");

	public AdminProperties {
		users = (users != null) ? List.copyOf(users) : List.of();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < users.size(); i++) {
			User user = users.get(i);
			String property = PREFIX + ".users[" + i + "]";
			user.check(property);
			if (!names.add(user.name())) {
				throw new IllegalArgumentException(property + ".name '" + user.name()
						+ "' is already used by another user; names must be unique.");
			}
		}
		if (stateDir == null) {
			stateDir = Path.of(System.getProperty("user.home"), ".local", "state", "tandem-gateway");
		}
		if (nodeRestartToken != null && !nodeRestartToken.isEmpty() && nodeRestartToken.length() < 16) {
			throw new IllegalArgumentException(PREFIX + ".node-restart-token must be at least 16 characters long, "
					+ "like the nodes' tandem.node.restart.token, but has " + nodeRestartToken.length() + ".");
		}
		if (restartTimeout.isNegative() || restartTimeout.isZero()) {
			throw new IllegalArgumentException(
					PREFIX + ".restart-timeout must be more than 0, but was " + restartTimeout + ".");
		}
		if (auditEntries < 10 || auditEntries > 1_000_000) {
			throw new IllegalArgumentException(
					PREFIX + ".audit-entries must be between 10 and 1000000, but was " + auditEntries + ".");
		}
	}

	/**
	 * One user of the management port.
	 *
	 * @param name Login name: letters, digits and . _ - @, at most 64 characters.
	 * @param password The password as Spring Security stores it, with its encoder's id in
	 * front: {bcrypt}$2a$10$... (make one with: java -jar gateway.jar encode-password).
	 * Never the password itself.
	 * @param role admin (read and change) or viewer (read only).
	 */
	public record User(String name, String password, String role) {

		void check(String property) {
			if (this.name == null || !NAME.matcher(this.name).matches()) {
				throw new IllegalArgumentException(
						property + ".name must be 1 to 64 letters, digits or . _ - @, but was '" + this.name + "'.");
			}
			if (this.password == null || !ENCODED.matcher(this.password).matches()) {
				// Never echo the value: it may be a password someone pasted in clear.
				throw new IllegalArgumentException(property + ".password must be an encoded password with its "
						+ "encoder in front, such as {bcrypt}$2a$10$...; make one with "
						+ "'java -jar gateway.jar encode-password'.");
			}
			if (this.role == null || !Set.of("admin", "viewer").contains(this.role.trim().toLowerCase(Locale.ROOT))) {
				throw new IllegalArgumentException(
						property + ".role must be admin or viewer, but was '" + this.role + "'.");
			}
		}

		/**
		 * Whether this user may change the cluster.
		 * @return {@code true} for role {@code admin}
		 */
		public boolean admin() {
			return "admin".equals(this.role.trim().toLowerCase(Locale.ROOT));
		}

	}

}

package dev.tandem.gateway.admin.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.gateway.admin.AdminProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The users of the management port: the configured ones, or user {@code admin} with a
 * generated password when none is configured. Role {@code admin} reads and changes,
 * {@code viewer} only reads.
 */
public final class AdminUsers {

	/** The authority of users who may change the cluster. */
	public static final String ADMIN = "admin";

	/** The authority of users who may only read. */
	public static final String VIEWER = "viewer";

	private static final Log logger = LogFactory.getLog(AdminUsers.class);

	private AdminUsers() {
	}

	/**
	 * The encoder for every password: Spring Security's delegating encoder, which reads
	 * the encoder id in front of each stored value ({@code {bcrypt}}, {@code {argon2}},
	 * ...).
	 * @return the encoder
	 */
	public static PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * The users, from configuration or generated.
	 * @param properties the admin properties
	 * @param encoder the encoder a generated password is hashed with
	 * @return the user store
	 */
	public static ReactiveUserDetailsService of(AdminProperties properties, PasswordEncoder encoder) {
		List<UserDetails> users = new ArrayList<>();
		for (AdminProperties.User user : properties.users()) {
			if (user.password().startsWith("{noop}")) {
				logger.warn("Admin user '" + user.name() + "' has a {noop} password, kept in clear text; "
						+ "use 'java -jar gateway.jar encode-password' for a {bcrypt} one.");
			}
			users.add(user(user.name(), user.password(), user.admin()));
		}
		if (users.isEmpty()) {
			Path stateDir = properties.stateDir();
			users.add(user(GeneratedAdminPassword.USER, GeneratedAdminPassword.loadOrCreate(stateDir, encoder), true));
		}
		return new MapReactiveUserDetailsService(users);
	}

	private static UserDetails user(String name, String encodedPassword, boolean admin) {
		return User.withUsername(name).password(encodedPassword).authorities(admin ? ADMIN : VIEWER).build();
	}

}

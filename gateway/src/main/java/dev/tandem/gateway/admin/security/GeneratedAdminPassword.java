package dev.tandem.gateway.admin.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The password of user {@code admin} when no user is configured: made at first start, its
 * hash kept in {@value #FILE_NAME} in the state directory and the password itself printed
 * once in the log, so that no install shares a password with another and nobody has to
 * configure one to get started. A hash file that cannot be read is put aside and a new
 * password made; it never stops a start.
 */
final class GeneratedAdminPassword {

	/** The file in the state directory holding the encoded password. */
	static final String FILE_NAME = "admin-password";

	/** The user the generated password belongs to. */
	static final String USER = "admin";

	private static final Log logger = LogFactory.getLog(GeneratedAdminPassword.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private GeneratedAdminPassword() {
	}

	/**
	 * The encoded password of user {@code admin}: the one kept in the state directory, or
	 * a new one, printed once.
	 * @param stateDir the state directory
	 * @param encoder the encoder for a new password
	 * @return the encoded password, with its encoder id in front
	 */
	static String loadOrCreate(Path stateDir, PasswordEncoder encoder) {
		Path file = stateDir.resolve(FILE_NAME);
		String kept = read(file);
		if (kept != null) {
			logger.info("No admin user is configured: user '" + USER + "' logs in with the password generated at "
					+ "first start (its hash is in " + file + "; delete that file and restart for a new one).");
			return kept;
		}
		String password = newPassword();
		String encoded = encoder.encode(password);
		boolean saved = write(stateDir, file, encoded);
		// The one place a secret is logged, on purpose and once: the operator has no
		// other way to learn it, and only its hash is kept.
		logger.warn("No admin user is configured (tandem.gateway.admin.users): created user '" + USER
				+ "' with password " + password + " for the management port. It is shown only this once"
				+ (saved ? "; its hash is kept in " + file + "." : ", and it is NOT kept: " + stateDir
						+ " cannot be written, so the next start makes another."));
		return encoded;
	}

	private static String newPassword() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String read(Path file) {
		if (!Files.exists(file)) {
			return null;
		}
		try {
			String content = Files.readString(file, StandardCharsets.UTF_8).trim();
			if (content.matches("^\\{[A-Za-z0-9_.-]+\\}\\S+$")) {
				return content;
			}
			putAside(file, "it does not hold an encoded password");
		}
		catch (IOException | RuntimeException ex) {
			putAside(file, "it cannot be read (" + ex.getMessage() + ")");
		}
		return null;
	}

	private static void putAside(Path file, String why) {
		Path aside = file.resolveSibling(file.getFileName() + ".bad-" + Instant.now().toEpochMilli());
		try {
			Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
			logger.warn("Put " + file + " aside as " + aside + " because " + why + "; making a new admin password.");
		}
		catch (IOException ex) {
			logger.warn("Ignoring " + file + " because " + why + " (it cannot be moved aside either: " + ex.getMessage()
					+ "); making a new admin password.");
		}
	}

	private static boolean write(Path stateDir, Path file, String encoded) {
		Path temp = file.resolveSibling(FILE_NAME + ".tmp");
		try {
			Files.createDirectories(stateDir);
			Files.deleteIfExists(temp);
			Files.createFile(temp);
			restrictToOwner(temp);
			Files.writeString(temp, encoded + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE,
					StandardOpenOption.SYNC);
			try {
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Cannot keep the generated admin password's hash in " + file, ex);
			return false;
		}
	}

	private static void restrictToOwner(Path path) {
		try {
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException | IOException ex) {
			// Not a POSIX file system (Windows): the directory's own protection applies.
		}
	}

}

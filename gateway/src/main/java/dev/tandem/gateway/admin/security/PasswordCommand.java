package dev.tandem.gateway.admin.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar gateway.jar encode-password}: reads a password (from the terminal
 * without echo, or the first line of standard input) and prints the {@code {bcrypt}...}
 * value for {@code tandem.gateway.admin.users[i].password}. Runs without starting the
 * gateway.
 */
public final class PasswordCommand {

	/** The first argument that runs this command instead of the gateway. */
	public static final String NAME = "encode-password";

	private PasswordCommand() {
	}

	/**
	 * Read the password and print its encoded form.
	 * @param out where the encoded value goes
	 * @param err where errors go
	 * @return the exit status: 0 when printed, 2 when no password was given
	 */
	public static int run(PrintStream out, PrintStream err) {
		String password = readPassword(err);
		if (password == null || password.isEmpty()) {
			err.println("No password given: type it, or pipe it in, e.g. "
					+ "'printf %s \"$PASSWORD\" | java -jar gateway.jar encode-password'.");
			return 2;
		}
		out.println(AdminUsers.passwordEncoder().encode(password));
		return 0;
	}

	private static String readPassword(PrintStream err) {
		Console console = System.console();
		if (console != null) {
			char[] typed = console.readPassword("Password: ");
			return (typed != null) ? new String(typed) : null;
		}
		try {
			BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			return reader.readLine();
		}
		catch (IOException ex) {
			err.println("Cannot read the password: " + ex.getMessage());
			return null;
		}
	}

}

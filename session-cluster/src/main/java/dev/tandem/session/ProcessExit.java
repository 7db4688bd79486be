package dev.tandem.session;

/**
 * Ends the process once a restart asked for over HTTP has closed the application context,
 * so that the service manager (systemd's {@code Restart=always}) starts the node again.
 * It is a bean so that tests can replace it and see it called without their JVM exiting;
 * the library's own calls {@link System#exit(int)}.
 */
@FunctionalInterface
public interface ProcessExit {

	/**
	 * Exit the process.
	 * @param status the exit status, 0 when the context closed cleanly
	 */
	void exit(int status);

}

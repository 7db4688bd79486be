package dev.tandem.session.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.session.ProcessExit;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A {@link ProcessExit} that records each exit instead of ending the test's JVM: pass the
 * class as one of a node's sources and the library's own exit backs off.
 */
public final class RecordingExit implements ProcessExit, ApplicationContextAware {

	private final List<Exit> exits = new CopyOnWriteArrayList<>();

	private volatile ConfigurableApplicationContext context;

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = (ConfigurableApplicationContext) context;
	}

	@Override
	public void exit(int status) {
		this.exits.add(new Exit(status, this.context.isActive(), Thread.currentThread().getName()));
	}

	/**
	 * The exits asked for so far.
	 * @return them, oldest first
	 */
	public List<Exit> exits() {
		return List.copyOf(this.exits);
	}

	/**
	 * One exit asked for.
	 *
	 * @param status the exit status
	 * @param contextActive whether the node's context was still active then
	 * @param thread the name of the thread that asked
	 */
	public record Exit(int status, boolean contextActive, String thread) {

	}

}

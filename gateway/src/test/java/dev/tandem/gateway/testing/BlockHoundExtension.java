package dev.tandem.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * BlockHound for every gateway test: installed once per test JVM before the first test
 * class starts (so before any Spring context), it makes a blocking call on a thread that
 * must not block (a Reactor Netty event loop, a Reactor parallel or single scheduler
 * thread) throw {@link BlockingOperationError}. As the gateway may turn such an error
 * into a 502, a failover or a failed probe, each one is also recorded, and the test
 * during which it happened fails with its stack trace, whatever the test itself saw.
 * <p>
 * Registered for every test class through JUnit's extension auto-detection
 * ({@code junit-platform.properties} and
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}), so it works alike
 * under Surefire, Failsafe and an IDE. The test JVM needs
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods} (the gateway's pom gives it to both
 * plugins); without it installing fails and so does every test. What may block is listed
 * in {@link GatewayBlockHoundIntegration}.
 */
public final class BlockHoundExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	/** One blocking call that BlockHound refused. */
	record Detected(String thread, BlockingOperationError error) {

	}

	private static final List<Detected> DETECTED = new CopyOnWriteArrayList<>();

	private static boolean installed;

	static synchronized void install() {
		if (!installed) {
			BlockHound.builder()
				// Reactor's, Reactor Netty's, Netty's and Spring's own integrations too.
				.loadIntegrations(new GatewayBlockHoundIntegration())
				.blockingMethodCallback((method) -> {
					BlockingOperationError error = new BlockingOperationError(method);
					DETECTED.add(new Detected(Thread.currentThread().getName(), error));
					throw error;
				})
				.install();
			installed = true;
		}
	}

	/** The blocking calls refused since the last call, which are then forgotten. */
	static List<Detected> takeDetected() {
		List<Detected> taken = new ArrayList<>(DETECTED);
		DETECTED.removeAll(taken);
		return taken;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		install();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		failOnBlockingCalls(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		failOnBlockingCalls(context);
	}

	private static void failOnBlockingCalls(ExtensionContext context) {
		List<Detected> detected = takeDetected();
		if (detected.isEmpty()) {
			return;
		}
		StringBuilder message = new StringBuilder();
		message.append(detected.size())
			.append(" blocking call(s) on a non-blocking thread during ")
			.append(context.getDisplayName())
			.append(':');
		detected.forEach(
				(each) -> message.append("\n  ").append(each.error().getMethod()).append(" on ").append(each.thread()));
		AssertionError failure = new AssertionError(message);
		detected.forEach((each) -> failure.addSuppressed(each.error()));
		throw failure;
	}

}

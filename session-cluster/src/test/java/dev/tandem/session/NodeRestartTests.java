package dev.tandem.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart closes the context on a thread of its own and then exits, once however often
 * it is asked.
 */
class NodeRestartTests {

	private final List<String> exits = new CopyOnWriteArrayList<>();

	@Test
	void shouldCloseTheContextThenExitOnceOnItsOwnThread() throws InterruptedException {
		GenericApplicationContext context = new GenericApplicationContext();
		context.refresh();
		NodeRestart restart = new NodeRestart(context, (status) -> this.exits
			.add(status + " active=" + context.isActive() + " on " + Thread.currentThread().getName()));

		restart.request("10.0.0.1");
		restart.request("10.0.0.1");

		await().atMost(Duration.ofSeconds(10)).until(() -> !this.exits.isEmpty());
		Thread.sleep(200);
		assertThat(this.exits).containsExactly("0 active=false on tandem-restart");
	}

}

package dev.tandem.gateway.shutdown;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link LingeringConnections} starts draining: at the close of the gateway's own
 * context, never at a child context's.
 */
class LingeringConnectionsTests {

	private final LingeringConnections connections = new LingeringConnections(Duration.ofSeconds(5));

	private final GenericApplicationContext gateway = new GenericApplicationContext();

	@Test
	void shouldNotDrainBeforeTheContextCloses() {
		this.connections.setApplicationContext(this.gateway);
		assertThat(this.connections.isDraining()).isFalse();
	}

	@Test
	void shouldDrainWhenTheGatewaysContextCloses() {
		this.connections.setApplicationContext(this.gateway);
		this.connections.onApplicationEvent(new ContextClosedEvent(this.gateway));
		assertThat(this.connections.isDraining()).isTrue();
	}

	@Test
	void shouldNotDrainWhenAChildContextCloses() {
		this.connections.setApplicationContext(this.gateway);
		GenericApplicationContext child = new GenericApplicationContext(this.gateway);
		this.connections.onApplicationEvent(new ContextClosedEvent(child));
		assertThat(this.connections.isDraining()).isFalse();
	}

}

package dev.tandem.gateway.shutdown;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The client connections that close lingering ({@link LingeringClose}) while the gateway
 * stops. Draining begins when the context starts closing, before the web server's
 * graceful shutdown; after that shutdown, this waits (at most the lingering timeout) for
 * the lingering connections to end, so the event loops, stopped later, do not cut them
 * short. The set is Netty's {@link ChannelGroup}, which forgets a connection as soon as
 * it is closed.
 */
final class LingeringConnections
		implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

	/**
	 * After the web server's graceful shutdown (which starts the closes) and before its
	 * final stop and the event loops' shutdown (phase 0).
	 */
	static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 512;

	private static final Log logger = LogFactory.getLog(LingeringConnections.class);

	private final ChannelGroup lingering = new DefaultChannelGroup("tandem-lingering", GlobalEventExecutor.INSTANCE);

	private final AtomicInteger lingered = new AtomicInteger();

	private final Duration timeout;

	private volatile ApplicationContext context;

	private volatile boolean draining;

	private volatile boolean running;

	LingeringConnections(Duration timeout) {
		this.timeout = timeout;
	}

	Duration timeout() {
		return this.timeout;
	}

	boolean isDraining() {
		return this.draining;
	}

	void add(Channel channel) {
		this.lingered.incrementAndGet();
		this.lingering.add(channel);
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		// Child contexts (the management server's, the load balancer's) publish their
		// closes here too; only the gateway's own close starts the drain.
		if (this.context == null || event.getApplicationContext() == this.context) {
			this.draining = true;
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.draining = true;
		if (this.lingered.get() == 0) {
			return;
		}
		long start = System.nanoTime();
		int open = this.lingering.size();
		// Bounded by the lingering timeout: each lingering connection closes itself then.
		this.lingering.newCloseFuture().awaitUninterruptibly(this.timeout.toMillis() + 500);
		logger.info(String.format(
				"%d client connection(s) closed lingering while draining; waited %d ms for the %d still open",
				this.lingered.get(), Duration.ofNanos(System.nanoTime() - start).toMillis(), open));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}

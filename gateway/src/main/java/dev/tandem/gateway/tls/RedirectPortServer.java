package dev.tandem.gateway.tls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * The plain-HTTP listener of {@code tandem.gateway.tls.redirect-port}: a Reactor Netty
 * server of its own, as Spring Boot has no second connector for Netty, started once the
 * public port listens (its port is the redirects' target, known only then) and stopped
 * before it, on the same address as the public port.
 */
class RedirectPortServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedirectPortServer.class);

	/** Redirects are answered at once; a client that sends nothing is let go soon. */
	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

	private final WebServerApplicationContext context;

	private final InetAddress address;

	private final int port;

	private volatile DisposableServer server;

	RedirectPortServer(WebServerApplicationContext context, InetAddress address, int port) {
		this.context = context;
		this.address = address;
		this.port = port;
	}

	@Override
	public void start() {
		HttpsRedirect redirect = new HttpsRedirect(this.context.getWebServer().getPort());
		InetSocketAddress bind = (this.address != null) ? new InetSocketAddress(this.address, this.port)
				: new InetSocketAddress(this.port);
		this.server = HttpServer.create()
			.bindAddress(() -> bind)
			.idleTimeout(IDLE_TIMEOUT)
			.handle(redirect::answer)
			.bindNow();
		logger.info("Redirecting plain HTTP on port " + this.port + " to HTTPS on port "
				+ this.context.getWebServer().getPort());
	}

	@Override
	public void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			running.disposeNow(Duration.ofSeconds(5));
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	@Override
	public int getPhase() {
		// After the web server starts (1024 below this phase), before it stops.
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 512;
	}

}

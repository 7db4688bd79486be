package dev.tandem.gateway.admin;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.health.ActiveHealthChecker;
import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Restarts the was-nodes one at a time without failing a request or losing a session: for
 * each member that is active, disable it (its sticky clients move, their sessions are in
 * the cluster), wait until nothing is in flight and its session cluster is safe, ask the
 * node to restart ({@code POST /tandem/restart} with the shared token; its service
 * manager starts it again), wait until the health checks have seen it go and come back
 * and its cluster is safe at its former size, then return it to its former state (slow
 * start ramps it up) and go on. It stops at the first node that does not come back in
 * time, leaving that one out of service and the others untouched. One at a time per
 * gateway; its progress is an immutable {@link RollingRestartProgress}.
 */
public final class RollingRestart {

	/** How often the waits look again. */
	static final Duration POLL = Duration.ofMillis(250);

	private static final Log logger = LogFactory.getLog(RollingRestart.class);

	private final MemberAdministration administration;

	private final Balancer balancer;

	private final ActiveHealthChecker checker;

	private final String token;

	private final Duration stepTimeout;

	private final Clock clock;

	private volatile RollingRestartProgress progress = RollingRestartProgress.NONE;

	private volatile boolean cancelled;

	RollingRestart(MemberAdministration administration, Balancer balancer, ActiveHealthChecker checker, String token,
			Duration stepTimeout, Clock clock) {
		this.administration = administration;
		this.balancer = balancer;
		this.checker = checker;
		this.token = token;
		this.stepTimeout = stepTimeout;
		this.clock = clock;
	}

	/**
	 * The progress of the running or last rolling restart.
	 * @return its progress
	 */
	public RollingRestartProgress progress() {
		return this.progress;
	}

	/**
	 * Start a rolling restart of every active member, in member order.
	 * @param actor who asks
	 * @param reason why, or {@code null}
	 * @return the progress at its start
	 * @throws ChangeRefused when one is running or the nodes cannot be asked to restart
	 */
	public synchronized RollingRestartProgress start(Actor actor, String reason) {
		if (this.progress.running()) {
			throw ChangeRefused.conflict(
					"A rolling restart is running already (since " + this.progress.startedAt() + "); cancel it first.");
		}
		if (this.token == null || this.token.isBlank()) {
			throw ChangeRefused.conflict("The gateway cannot ask nodes to restart: set "
					+ "tandem.gateway.admin.node-restart-token to the nodes' tandem.node.restart.token.");
		}
		List<String> ids = this.administration.current()
			.members()
			.stream()
			.filter((member) -> member.state() == AdminState.ACTIVE)
			.map(Member::id)
			.toList();
		if (ids.size() < 2) {
			throw ChangeRefused.conflict("A rolling restart needs at least two active members, so that one serves "
					+ "while the other restarts.");
		}
		this.cancelled = false;
		this.progress = RollingRestartProgress.started(this.clock.instant(), actor.user(), reason, ids);
		this.administration.note(actor, "rolling-restart", null, null, "started: " + String.join(", ", ids), reason);
		Schedulers.boundedElastic().schedule(() -> run(actor, ids));
		return this.progress;
	}

	/**
	 * Cancel the running rolling restart: the member being restarted returns to its
	 * former state; the rest are left as they are.
	 * @param actor who asks
	 * @return the progress
	 * @throws ChangeRefused when none is running
	 */
	public synchronized RollingRestartProgress cancel(Actor actor) {
		if (!this.progress.running()) {
			throw ChangeRefused.conflict("No rolling restart is running.");
		}
		this.cancelled = true;
		this.administration.note(actor, "rolling-restart", null, null, "cancel requested", null);
		return this.progress;
	}

	private void run(Actor actor, List<String> ids) {
		for (String id : ids) {
			String failure;
			try {
				failure = restartOne(actor, id);
			}
			catch (RuntimeException ex) {
				logger.error("The rolling restart failed at member '" + id + "'", ex);
				failure = "failed unexpectedly: " + ex.getMessage();
			}
			if (failure != null) {
				finish(this.cancelled ? "cancelled" : "failed", id + ": " + failure, actor);
				return;
			}
		}
		finish("succeeded", "every node restarted once", actor);
	}

	/**
	 * Restart one member; a sentence saying why it stopped, or {@code null} when done.
	 */
	private String restartOne(Actor actor, String id) {
		Optional<Member> found = this.administration.current().member(id);
		if (found.isEmpty()) {
			return "removed during the rolling restart";
		}
		Member before = found.get();
		int clusterSize = clusterSize(id);
		step(id, "draining", "disabled; waiting for in-flight requests to end and the session cluster to be safe");
		this.administration.edit(id, new MemberEdit(null, null, AdminState.DISABLED, "rolling restart", null, null),
				actor);
		if (!await(() -> inFlight(id) == 0 && SafeToStop.clusterAllows(cluster(id)), "drained")) {
			return restore(actor, before, "did not drain within " + this.stepTimeout.toSeconds() + " s");
		}
		step(id, "restarting", "asked to restart");
		String asked = askToRestart(before);
		if (asked != null) {
			return restore(actor, before, asked);
		}
		this.administration.note(actor, "rolling-restart", id, null, "restart requested", null);
		if (!await(() -> !up(id), "gone")) {
			return restore(actor, before, "was asked to restart but stayed up for " + this.stepTimeout.toSeconds()
					+ " s; is tandem.node.restart.token the same on the node?");
		}
		step(id, "starting", "stopped; waiting for it to be ready and its session cluster to be safe again");
		if (!await(() -> up(id) && clusterBack(id, clusterSize), "back")) {
			step(id, "failed", "did not come back");
			return "did not come back within " + this.stepTimeout.toSeconds()
					+ " s; it stays disabled and the rolling restart stops here";
		}
		this.administration.edit(id, new MemberEdit(null, null, before.state(), "rolling restart: back", null, null),
				actor);
		step(id, "done", "restarted; back to " + before.state().configName() + " with slow start");
		return null;
	}

	private String restore(Actor actor, Member before, String why) {
		try {
			this.administration.edit(before.id(),
					new MemberEdit(null, null, before.state(), "rolling restart stopped: " + why, null, null), actor);
		}
		catch (ChangeRefused ex) {
			logger.warn("Cannot return member '" + before.id() + "' to " + before.state().configName() + ": "
					+ ex.getMessage());
		}
		step(before.id(), this.cancelled ? "cancelled" : "failed", why);
		return why;
	}

	private String askToRestart(Member member) {
		HttpRequest request = HttpRequest.newBuilder(member.resolve("/tandem/restart"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + this.token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<Void> response = RestartClient.HTTP.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() == 202) {
				return null;
			}
			return "answered " + response.statusCode() + " to the restart request"
					+ ((response.statusCode() == 401) ? " (its tandem.node.restart.token differs)" : "");
		}
		catch (java.io.IOException ex) {
			return "could not be asked to restart (" + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private boolean await(BooleanSupplier condition, String what) {
		Instant deadline = this.clock.instant().plus(this.stepTimeout);
		while (!this.cancelled) {
			if (condition.getAsBoolean()) {
				return true;
			}
			if (this.clock.instant().isAfter(deadline)) {
				return false;
			}
			try {
				Thread.sleep(POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private int inFlight(String id) {
		return this.balancer.snapshot().member(id).map(BalancerSnapshot.Member::inFlight).orElse(0);
	}

	private boolean up(String id) {
		return this.checker.snapshot().member(id).map(MemberHealth::up).orElse(false);
	}

	private dev.tandem.gateway.health.SessionClusterView cluster(String id) {
		return this.checker.snapshot().member(id).map(MemberHealth::cluster).orElse(null);
	}

	private int clusterSize(String id) {
		dev.tandem.gateway.health.SessionClusterView view = cluster(id);
		return (view != null) ? view.clusterSize() : 0;
	}

	private boolean clusterBack(String id, int size) {
		dev.tandem.gateway.health.SessionClusterView view = cluster(id);
		return view == null || (view.clusterSafe() && view.clusterSize() >= size);
	}

	private synchronized void step(String id, String phase, String detail) {
		logger.info("Rolling restart: member " + id + " " + phase + " (" + detail + ")");
		this.progress = this.progress.withStep(id, phase, detail, this.clock.instant());
	}

	private synchronized void finish(String outcome, String detail, Actor actor) {
		logger.info("Rolling restart " + outcome + ": " + detail);
		this.progress = this.progress.finished(outcome, detail, this.clock.instant());
		this.administration.note(actor, "rolling-restart", null, null, outcome + ": " + detail, null);
	}

	/**
	 * The client that asks members to restart, built on the first rolling restart:
	 * building it loads the JDK's HTTP client and its default TLS context (the trust
	 * store's certificates parsed, some 400 classes), a few MiB of a Pi's memory that a
	 * gateway which never restarts its members should not hold.
	 */
	private static final class RestartClient {

		static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	}

}

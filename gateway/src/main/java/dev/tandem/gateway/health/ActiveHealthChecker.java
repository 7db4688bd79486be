package dev.tandem.gateway.health;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.MembershipListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Probes every member on its own schedule and keeps the verdicts in a
 * {@link MemberHealthSnapshot}. A member that is up is probed every {@code interval}, one
 * that is down every {@code fast-interval}, counted from the start of the previous probe
 * (but never two probes of one member at once); a probe that does not finish within
 * {@code timeout} fails. Each transition is logged once and told to the
 * {@link MemberHealthListener}. No thread is held per member: the waits are timers on the
 * given scheduler and the probes are non-blocking. It follows the member model: an added
 * member is probed from then on (starting "not checked yet"), a removed one no longer,
 * and a member whose address changed starts again at its new address.
 */
public final class ActiveHealthChecker implements MembershipListener {

	private static final Log logger = LogFactory.getLog(ActiveHealthChecker.class);

	/** Guarded by this checker's monitor, like {@link #loops} and {@link #running}. */
	private final Map<String, HealthTarget> targets = new LinkedHashMap<>();

	private final Map<String, Disposable> loops = new HashMap<>();

	private final Function<HealthTarget, Mono<ProbeResult>> probe;

	private final HealthProperties properties;

	private final Function<Member, HealthTarget> targetOf;

	private final MemberHealthListener listener;

	private final Scheduler scheduler;

	private final AtomicReference<MemberHealthSnapshot> snapshot;

	private Disposable.Composite running;

	ActiveHealthChecker(List<HealthTarget> targets, Function<HealthTarget, Mono<ProbeResult>> probe,
			HealthProperties properties, MemberHealthListener listener, Scheduler scheduler) {
		this(targets, (member) -> HealthTarget.of(member, properties.path()), probe, properties, listener, scheduler);
	}

	ActiveHealthChecker(List<HealthTarget> targets, Function<Member, HealthTarget> targetOf,
			Function<HealthTarget, Mono<ProbeResult>> probe, HealthProperties properties, MemberHealthListener listener,
			Scheduler scheduler) {
		targets.forEach((target) -> this.targets.put(target.memberId(), target));
		this.targetOf = targetOf;
		this.probe = probe;
		this.properties = properties;
		this.listener = listener;
		this.scheduler = scheduler;
		this.snapshot = new AtomicReference<>(new MemberHealthSnapshot(
				targets.stream().map((target) -> MemberHealth.initial(target.memberId(), initialReason())).toList()));
	}

	private String initialReason() {
		return this.properties.enabled() ? "not checked yet" : "health checks disabled";
	}

	/**
	 * The latest verdict on every member.
	 * @return an immutable snapshot, in configuration order
	 */
	public MemberHealthSnapshot snapshot() {
		return this.snapshot.get();
	}

	synchronized void start() {
		if (!this.properties.enabled()) {
			logger.info("Active health checks are off (" + HealthProperties.PREFIX
					+ ".enabled=false): every member stays up");
			return;
		}
		if (this.running != null) {
			return;
		}
		this.running = Disposables.composite();
		this.targets.values().forEach(this::startLoop);
		logger.info("Probing " + this.targets.size() + " member(s) every " + DurationText.of(this.properties.interval())
				+ " (" + DurationText.of(this.properties.fastInterval()) + " while down): "
				+ String.join(", ",
						this.targets.values()
							.stream()
							.map((target) -> target.memberId() + " " + target.describe())
							.toList()));
	}

	synchronized void stop() {
		if (this.running != null) {
			this.running.dispose();
			this.running = null;
			this.loops.clear();
		}
	}

	@Override
	public synchronized void membershipChanged(MembershipChange change) {
		for (Member removed : change.removed()) {
			forget(removed.id());
		}
		for (Member member : change.after().members()) {
			HealthTarget target = this.targetOf.apply(member);
			if (!target.equals(this.targets.get(member.id()))) {
				// New, or at a new address: what was known of the old one does not count.
				forget(member.id());
				this.targets.put(member.id(), target);
				tellProbed(this.snapshot
					.updateAndGet((current) -> current.with(MemberHealth.initial(member.id(), initialReason()))));
				if (this.running != null) {
					startLoop(target);
				}
			}
		}
	}

	/**
	 * How a member is checked, as the admin API shows it: {@code http} or {@code tcp}.
	 * @param memberId the member
	 * @return the type of its check, empty for an unknown member
	 */
	public synchronized Optional<String> checkType(String memberId) {
		return Optional.ofNullable(this.targets.get(memberId)).map((target) -> target.type().toString());
	}

	/**
	 * Probes the member at once, outside its schedule, e.g. when an operator asks: the
	 * result counts like any probe's (towards rise and fall), and the member's schedule
	 * starts again from this probe. A probe of the member still running is cancelled
	 * first, so a member still never has two probes at once. Returns at once: the probe
	 * is non-blocking and its result is recorded when it ends.
	 * @param memberId the member
	 * @return whether the member is checked: {@code false} for an unknown member, or when
	 * health checks are off or not running
	 */
	public synchronized boolean probeNow(String memberId) {
		HealthTarget target = this.targets.get(memberId);
		if (target == null || this.running == null) {
			return false;
		}
		stopLoop(memberId);
		startLoop(target);
		return true;
	}

	/**
	 * Probes every member that is up at once, outside their schedules, for a decision
	 * that needs the members' views as they are now (the witness confirming an answer).
	 * Members that are down are left to their schedule: a dead one would only make the
	 * round wait for its probe's timeout. The results count like any probe's; a member's
	 * scheduled probe may run beside it.
	 * @return the snapshot after every probe ended; at once when checks are not running
	 */
	public Mono<MemberHealthSnapshot> probeAllNow() {
		List<HealthTarget> all;
		synchronized (this) {
			if (this.running == null) {
				return Mono.fromSupplier(this::snapshot);
			}
			MemberHealthSnapshot current = this.snapshot.get();
			all = this.targets.values()
				.stream()
				.filter((target) -> current.member(target.memberId()).map(MemberHealth::up).orElse(false))
				.toList();
		}
		return Flux.fromIterable(all)
			.flatMap((target) -> probeWithin(target).doOnNext((result) -> record(target, result)))
			.then(Mono.fromSupplier(this::snapshot));
	}

	private void startLoop(HealthTarget target) {
		Disposable loop = checkOnce(target).repeat().subscribe();
		this.loops.put(target.memberId(), loop);
		this.running.add(loop);
	}

	private void forget(String memberId) {
		stopLoop(memberId);
		this.targets.remove(memberId);
		tellProbed(this.snapshot.updateAndGet((current) -> current.without(memberId)));
	}

	private void stopLoop(String memberId) {
		Disposable loop = this.loops.remove(memberId);
		if (loop != null) {
			this.running.remove(loop);
			loop.dispose();
		}
	}

	synchronized boolean isRunning() {
		return this.running != null;
	}

	/** One probe of the target, then the wait until the next one is due. */
	private Mono<Void> checkOnce(HealthTarget target) {
		return Mono.defer(() -> {
			long started = now();
			return probeWithin(target).flatMap((result) -> {
				MemberHealth health = record(target, result);
				Duration period = health.up() ? this.properties.interval() : this.properties.fastInterval();
				Duration wait = period.minusMillis(now() - started);
				return Mono.delay(wait.isNegative() ? Duration.ZERO : wait, this.scheduler).then();
			});
		});
	}

	private Mono<ProbeResult> probeWithin(HealthTarget target) {
		Duration timeout = this.properties.timeout();
		// Mono.defer turns a probe that throws into a failed probe rather than into a
		// dead loop.
		return Mono.defer(() -> this.probe.apply(target))
			.timeout(timeout, this.scheduler)
			.onErrorResume((ex) -> Mono.just(ProbeResult.failed(ProbeFailureReason.of(ex, timeout))))
			.defaultIfEmpty(ProbeResult.failed("no answer"));
	}

	private MemberHealth record(HealthTarget target, ProbeResult result) {
		Instant at = Instant.ofEpochMilli(now());
		MemberHealthSnapshot previous;
		MemberHealth before;
		MemberHealth after;
		do {
			previous = this.snapshot.get();
			// A probe that ends after its member was removed records nothing.
			before = previous.member(target.memberId()).orElse(null);
			if (before == null) {
				return MemberHealth.initial(target.memberId(), "removed");
			}
			after = before.after(result, at, this.properties.rise(), this.properties.fall());
		}
		while (!this.snapshot.compareAndSet(previous, previous.with(after)));
		if (after.up() != before.up()) {
			announce(after);
		}
		// The latest snapshot, not this probe's: probes of two members may end in either
		// order, and the listener must not act on the older one last.
		tellProbed(this.snapshot.get());
		return after;
	}

	private void tellProbed(MemberHealthSnapshot current) {
		try {
			this.listener.probed(current);
		}
		catch (RuntimeException ex) {
			logger.error("Health listener failed after a probe", ex);
		}
	}

	private void announce(MemberHealth health) {
		String reason = health.transitionReason();
		if (health.up()) {
			logger.debug("member " + health.memberId() + " is UP: " + reason);
		}
		else {
			logger.debug("member " + health.memberId() + " is DOWN: " + reason);
		}
		try {
			this.listener.healthChanged(health.memberId(), health.up(), reason);
		}
		catch (RuntimeException ex) {
			// A failing listener must not stop the checks of this member.
			logger.error("Health listener failed for member " + health.memberId(), ex);
		}
	}

	private long now() {
		return this.scheduler.now(TimeUnit.MILLISECONDS);
	}

}

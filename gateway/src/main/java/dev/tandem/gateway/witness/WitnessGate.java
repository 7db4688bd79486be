package dev.tandem.gateway.witness;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.health.MemberHealthListener;
import dev.tandem.gateway.health.MemberHealthSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Turns the health checks and the witness's verdict into one "may serve" per member for
 * the balancer: a member serves when its checks pass and the witness does not exclude it.
 * After every probe it decides again (see {@link ClusterWitness}), logs each exclusion
 * and return once, and tells the balancer of every change. It also answers whether an
 * answer written in a given view may be passed on, probing every node again while the
 * view has not won, up to the confirm timeout.
 */
public final class WitnessGate implements MemberHealthListener {

	private static final Log logger = LogFactory.getLog(WitnessGate.class);

	/** What the balancer is told; guarded by this gate's monitor. */
	private final Map<String, Boolean> announced = new HashMap<>();

	private final AtomicReference<WitnessVerdict> verdict = new AtomicReference<>(WitnessVerdict.NONE);

	private final AtomicReference<Mono<WitnessVerdict>> round = new AtomicReference<>();

	private final WitnessProperties properties;

	private final MemberHealthTarget balancer;

	private final Supplier<Mono<MemberHealthSnapshot>> probeAll;

	private final Scheduler scheduler;

	/**
	 * A gate in front of the balancer.
	 * @param properties the witness settings
	 * @param balancer told of every change of a member's "may serve"
	 * @param probeAll probes every member now and gives the snapshot afterwards
	 * @param scheduler for the waits between confirm rounds
	 */
	public WitnessGate(WitnessProperties properties, MemberHealthTarget balancer,
			Supplier<Mono<MemberHealthSnapshot>> probeAll, Scheduler scheduler) {
		this.properties = properties;
		this.balancer = balancer;
		this.probeAll = probeAll;
		this.scheduler = scheduler;
		if (!properties.enabled()) {
			logger.info("The witness is off (" + WitnessProperties.PREFIX
					+ ".enabled=false): every node the health checks pass serves, whatever its cluster view");
		}
	}

	/**
	 * The verdict of the last decision.
	 * @return the witness's current verdict, {@link WitnessVerdict#NONE} before any probe
	 */
	public WitnessVerdict verdict() {
		return this.verdict.get();
	}

	/**
	 * Whether the witness is on.
	 * @return the {@code enabled} setting
	 */
	public boolean enabled() {
		return this.properties.enabled();
	}

	@Override
	public void healthChanged(String memberId, boolean ready, String reason) {
		// Every probe's snapshot follows in probed(), which decides with the witness.
	}

	@Override
	public synchronized void probed(MemberHealthSnapshot snapshot) {
		WitnessVerdict before = this.verdict.get();
		WitnessVerdict after = this.properties.enabled() ? ClusterWitness.decide(snapshot.members(), before, now())
				: before;
		this.verdict.set(after);
		this.announced.keySet().retainAll(snapshot.members().stream().map(MemberHealth::memberId).toList());
		for (MemberHealth health : snapshot.members()) {
			String id = health.memberId();
			boolean included = after.included(id);
			if (included != before.included(id)) {
				logWitness(id, included, after);
			}
			boolean serves = health.up() && included;
			boolean wasServing = this.announced.getOrDefault(id, Boolean.TRUE);
			if (serves != wasServing) {
				this.announced.put(id, serves);
				this.balancer.healthChanged(id, serves,
						health.up() ? witnessReason(after, id) : health.transitionReason());
			}
		}
	}

	private static String witnessReason(WitnessVerdict verdict, String memberId) {
		WitnessVerdict.MemberVerdict member = verdict.members().get(memberId);
		return (member != null) ? "witness: " + member.reason() : "health check passed";
	}

	private static void logWitness(String memberId, boolean included, WitnessVerdict verdict) {
		WitnessVerdict.MemberVerdict member = verdict.members().get(memberId);
		String reason = (member != null) ? member.reason() : "no longer judged";
		if (included) {
			logger.info("Witness: member " + memberId + " serves again: " + reason + "; winning view "
					+ verdict.winningMembers());
		}
		else {
			logger.warn("Witness: member " + memberId + " excluded: " + reason + "; winning view "
					+ verdict.winningMembers() + " (" + verdict.rule() + ")");
		}
	}

	/**
	 * Whether an answer that a member wrote in the given view may be passed on to the
	 * client: at once when the view won now or lately; otherwise after rounds of probes
	 * of every node, as soon as the view wins; never when the answering member is
	 * excluded or the confirm timeout passes first.
	 * @param memberId the member that answered
	 * @param viewId the view it says it answered in
	 * @return a Mono of whether to pass the answer on
	 */
	public Mono<Boolean> confirm(String memberId, String viewId) {
		if (!this.properties.enabled() || this.verdict.get().safeToPassOn(viewId, now())) {
			return Mono.just(Boolean.TRUE);
		}
		long rounds = Math.max(1,
				this.properties.confirmTimeout().toMillis() / this.properties.confirmInterval().toMillis());
		return confirmRound(memberId, viewId, rounds);
	}

	private Mono<Boolean> confirmRound(String memberId, String viewId, long roundsLeft) {
		return freshVerdict().flatMap((fresh) -> {
			if (fresh.safeToPassOn(viewId, now())) {
				return Mono.just(Boolean.TRUE);
			}
			if (!fresh.included(memberId) || roundsLeft <= 1) {
				logger.warn("Witness: held back an answer of member " + memberId + " written in cluster view " + viewId
						+ ", which has not won (winning view " + fresh.winningMembers() + ")");
				return Mono.just(Boolean.FALSE);
			}
			return Mono.delay(this.properties.confirmInterval(), this.scheduler)
				.then(Mono.defer(() -> confirmRound(memberId, viewId, roundsLeft - 1)));
		});
	}

	// One round of probes shared by every answer waiting now.
	private Mono<WitnessVerdict> freshVerdict() {
		Mono<WitnessVerdict> running = this.round.get();
		if (running != null) {
			return running;
		}
		Mono<WitnessVerdict> fresh = this.probeAll.get()
			.map((snapshot) -> this.verdict.get())
			.doFinally((signal) -> this.round.set(null))
			.cache();
		return this.round.compareAndSet(null, fresh) ? fresh : freshVerdict();
	}

	/**
	 * Whether an answer written in this view may go on without a round of probes.
	 * @param viewId the view the answer names
	 * @return whether it wins now or won until moments ago
	 */
	public boolean safeToPassOn(String viewId) {
		return !this.properties.enabled() || this.verdict.get().safeToPassOn(viewId, now());
	}

	private long now() {
		return this.scheduler.now(java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	/** Where the gate's verdicts go: the balancer's {@code healthChanged}. */
	@FunctionalInterface
	public interface MemberHealthTarget {

		/**
		 * A member's "may serve" changed.
		 * @param memberId the member
		 * @param serves whether it may serve
		 * @param reason why
		 */
		void healthChanged(String memberId, boolean serves, String reason);

	}

}

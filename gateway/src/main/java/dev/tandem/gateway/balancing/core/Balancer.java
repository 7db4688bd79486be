package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import dev.tandem.gateway.member.AdminState;

/**
 * Chooses a member for each request and keeps every member's health, admin state,
 * ejection and counters. The members' states live in one immutable roster swapped
 * atomically on each event (copy-on-write); per-request counters are atomics the rosters
 * share, so a request never swaps the roster. {@link #choose} is a function of (roster,
 * request facts, random source, clock) that allocates nothing.
 *
 * <p>
 * New clients go to the lowest tier that has a member usable for them (active, weight
 * above 0, ready, not ejected, not tried by this request), chosen by the policy's
 * strategy (or the strategy of the request's group, see {@link GroupPolicy}); a sticky
 * client stays with its member while that member may serve it and its tier is not above
 * the serving one (strict affinity, the policy's or the group's, refuses it otherwise);
 * when no member is usable, panic mode (if on) tries every member that is not disabled.
 * The end of an ejection is noticed lazily, by the first {@link #choose},
 * {@link #snapshot} or event after its deadline, which also reports it. The members
 * themselves can change at runtime ({@link #update}): members that stay keep their
 * health, ejection, slow start and counters. Unknown member ids in events are ignored: a
 * stale callback never throws. {@link #choose} is safe from any number of threads; the
 * random source must be too (a {@link java.util.Random}, or
 * {@code ThreadLocalRandom.current()}).
 */
public final class Balancer {

	private final BalancingPolicy policy;

	private final LongSupplier nanoClock;

	private final RandomGenerator random;

	private final Consumer<MemberTransition> transitions;

	private final long ejectionNanos;

	private final long stickyWindowNanos;

	private final AtomicReference<Roster> roster;

	/**
	 * The strategies in use, the policy's first and then each group's other one, each
	 * once; every roster holds one picker for each, in this order.
	 */
	private final Strategy[] strategies;

	/** Each group's method, for snapshots. */
	private final Map<String, String> groupMethods;

	/**
	 * A balancer whose members all start ready and at full weight, in the admin state of
	 * their spec.
	 * @param members the members, ids unique
	 * @param policy how to choose and when to eject
	 * @param nanoClock monotonic time in nanoseconds, e.g. {@code System::nanoTime}
	 * @param random the random source for strategies and panic, safe for concurrent use
	 * @param transitions told once of every member state change, on the thread that made
	 * the change
	 */
	public Balancer(List<MemberSpec> members, BalancingPolicy policy, LongSupplier nanoClock, RandomGenerator random,
			Consumer<MemberTransition> transitions) {
		if (members == null || policy == null || nanoClock == null || random == null || transitions == null) {
			throw new IllegalArgumentException("A balancer needs members, a policy, a clock, a random source and a "
					+ "transition listener; none may be null.");
		}
		this.policy = policy;
		this.nanoClock = nanoClock;
		this.random = random;
		this.transitions = transitions;
		this.ejectionNanos = policy.ejectionTime().toNanos();
		this.stickyWindowNanos = policy.stickyClientWindow().toNanos();
		Set<Strategy> inUse = new LinkedHashSet<>();
		inUse.add(policy.strategy());
		Map<String, String> methods = new LinkedHashMap<>();
		policy.groups().forEach((group, own) -> {
			inUse.add(own.strategy());
			methods.put(group, own.strategy().method());
		});
		this.strategies = inUse.toArray(Strategy[]::new);
		this.groupMethods = Collections.unmodifiableMap(methods);
		long now = nanoClock.getAsLong();
		this.roster = new AtomicReference<>(Roster.arrange(List.copyOf(members),
				(position, spec) -> MemberState.initial(position, spec, newCounters(now)), newPickers(members.size()),
				policy.slowStart().toNanos()));
	}

	/**
	 * How this balancer chooses, its groups' policies included.
	 * @return the policy it was built with
	 */
	public BalancingPolicy policy() {
		return this.policy;
	}

	private Picker[] newPickers(int size) {
		Picker[] pickers = new Picker[this.strategies.length];
		for (int i = 0; i < pickers.length; i++) {
			pickers[i] = this.strategies[i].newPicker(size, this.random);
		}
		return pickers;
	}

	private MemberCounters newCounters(long now) {
		return new MemberCounters(now, this.stickyWindowNanos);
	}

	/**
	 * The members changed: from now on the balancer chooses among these. A member that
	 * stays keeps its health, ejection, slow start and counters and takes its new weight,
	 * tier and admin state; a new member (or one removed before) starts ready (its health
	 * checks start too) with new counters and, with slow start on, ramps up; a removed
	 * member takes no new attempts, and the attempts already sent to it end without
	 * effect. Each added, removed or changed member is reported as a transition.
	 * @param members every member now, in configuration order, ids unique
	 */
	public void update(List<MemberSpec> members) {
		List<MemberSpec> specs = List.copyOf(members);
		for (;;) {
			long now = this.nanoClock.getAsLong();
			Roster before = current(now);
			Roster after = Roster.arrange(specs, (position, spec) -> {
				MemberState was = before.member(spec.id());
				MemberState is = (was != null) ? was.placed(position, spec)
						: MemberState.initial(position, spec, newCounters(now));
				boolean startsTaking = (was == null || !was.takesNew) && is.takesNew;
				return (slowStarts() && startsTaking) ? is.rampingFrom(now) : is;
			}, newPickers(specs.size()), before.slowStartNanos());
			if (this.roster.compareAndSet(before, after)) {
				reportUpdate(before, after, now);
				return;
			}
		}
	}

	private void reportUpdate(Roster before, Roster after, long now) {
		long slowStart = after.slowStartNanos();
		Set<String> kept = new HashSet<>();
		for (int position : after.configOrder()) {
			MemberState is = after.member(position);
			MemberState was = before.member(is.id());
			if (was == null) {
				this.transitions
					.accept(new MemberTransition(is.id(), "absent", is.state(now, slowStart), "added to the members"));
				continue;
			}
			kept.add(is.id());
			String change = describeChange(was.spec, is.spec);
			if (!change.isEmpty()) {
				report(was, is, now, change, false);
			}
		}
		for (int position : before.configOrder()) {
			MemberState was = before.member(position);
			if (!kept.contains(was.id())) {
				this.transitions.accept(new MemberTransition(was.id(), was.state(now, slowStart), "absent",
						"removed from the members"));
			}
		}
	}

	private static String describeChange(MemberSpec was, MemberSpec is) {
		List<String> changes = new ArrayList<>(3);
		if (was.weight() != is.weight()) {
			changes.add("weight " + was.weight() + " -> " + is.weight());
		}
		if (was.tier() != is.tier()) {
			changes.add("tier " + was.tier() + " -> " + is.tier());
		}
		if (was.admin() != is.admin()) {
			changes.add("admin state set to " + is.admin().configName());
		}
		return String.join(", ", changes);
	}

	/**
	 * Chooses the member for one attempt of one request.
	 * @param facts the request's affinity, the members it already tried and its group's
	 * policy
	 * @return the choice; {@link Choice#memberId()} is {@code null} when no member may
	 * serve the request
	 * @throws IllegalArgumentException when the facts' group policy chooses by a strategy
	 * that neither this balancer's policy nor any of its groups uses
	 */
	public Choice choose(RequestFacts facts) {
		GroupPolicy group = facts.group();
		// Without a group policy: the policy's own, the first picker, no search.
		int strategy = (group != null) ? strategyIndex(group.strategy()) : 0;
		boolean strict = (group != null) ? group.strictAffinity() : this.policy.strictAffinity();
		long now = this.nanoClock.getAsLong();
		Roster current = current(now);
		// null for "none" spares every member a call on the set.
		Set<String> excluded = facts.excluded().isEmpty() ? null : facts.excluded();
		int first = current.firstCandidate(excluded);
		String stickyId = facts.stickyMemberId();
		if (stickyId != null) {
			int position = current.position(stickyId);
			if (position >= 0) {
				MemberState sticky = current.member(position);
				boolean usable = sticky.keepsSticky && !Roster.isExcluded(sticky, excluded);
				// With no serving tier (none takes new clients) a usable sticky member
				// still keeps its clients, e.g. the last draining one.
				if (usable && (first < 0 || sticky.tier() <= current.member(first).tier())) {
					return sticky.sticky;
				}
				if (!usable && strict) {
					return Choice.REFUSED_STRICT;
				}
			}
		}
		if (first >= 0) {
			int chosen = current.picker(strategy)
				.pick(current, current.tierStart(first), current.tierEnd(first), excluded, now);
			return (chosen >= 0) ? current.member(chosen).balanced : Choice.NONE;
		}
		if (this.policy.panic()) {
			int chosen = current.panicPick(excluded, this.random);
			return (chosen >= 0) ? current.member(chosen).panic : Choice.NONE;
		}
		return Choice.NONE;
	}

	// At most four strategies, compared by identity: no lookup by name per request.
	private int strategyIndex(Strategy strategy) {
		for (int i = 0; i < this.strategies.length; i++) {
			if (this.strategies[i] == strategy) {
				return i;
			}
		}
		throw new IllegalArgumentException("The request's group policy chooses by " + strategy.method()
				+ ", which neither this balancer's policy nor any of its groups uses.");
	}

	/**
	 * An attempt was sent to this member: one more in flight.
	 * @param memberId the member
	 */
	public void requestStarted(String memberId) {
		MemberState member = this.roster.get().member(memberId);
		if (member != null) {
			member.counters.started();
		}
	}

	/**
	 * An attempt at this member ended.
	 * @param memberId the member
	 * @param latencyNanos how long it took
	 * @param bytes bytes transferred
	 * @param outcome how it ended
	 * @see #requestFinished(String, long, long, Outcome, String)
	 */
	public void requestFinished(String memberId, long latencyNanos, long bytes, Outcome outcome) {
		requestFinished(memberId, latencyNanos, bytes, outcome, null);
	}

	/**
	 * An attempt at this member ended: one fewer in flight, bytes counted, the latency
	 * average updated when the member answered, the attempt counted in the last minute's
	 * traffic (unless abandoned), and the consecutive failures counted (reset by a
	 * success). Allocates nothing while no ejection follows. Reaching the policy's
	 * failures before ejection ejects the member for the ejection time. Failures that end
	 * while the member is already ejected (requests sent before) do not count: they must
	 * not extend the ejection.
	 * @param memberId the member
	 * @param latencyNanos how long it took
	 * @param bytes bytes transferred
	 * @param outcome how it ended
	 * @param detail what failed, for the transition's reason (e.g.
	 * {@code connect refused}); may be {@code null}
	 */
	public void requestFinished(String memberId, long latencyNanos, long bytes, Outcome outcome, String detail) {
		MemberState member = this.roster.get().member(memberId);
		if (member == null || outcome == null) {
			return;
		}
		MemberCounters counters = member.counters;
		counters.finished();
		if (outcome == Outcome.ABANDONED) {
			return;
		}
		long now = this.nanoClock.getAsLong();
		counters.addBytes(bytes);
		// A refused connection or a reset is quick or arbitrary: only an answer
		// tells how fast the member serves.
		if (outcome == Outcome.SUCCESS || outcome == Outcome.FAILED_STATUS) {
			counters.recordLatency(latencyNanos);
		}
		counters.recentTraffic().record(now, outcome, latencyNanos);
		if (!outcome.failed()) {
			counters.resetFailures();
			return;
		}
		if (member.ejectedAt(now)) {
			return;
		}
		int failures = counters.failed((detail != null) ? detail : outcome.describe());
		int threshold = this.policy.failuresBeforeEjection();
		if (threshold > 0 && failures >= threshold) {
			eject(memberId, failures, counters);
		}
	}

	/**
	 * A client reached this member through affinity: its request carried a valid route to
	 * it. Counted among the member's sticky clients for the policy's sticky-client
	 * window; the same client again within it does not count twice. Allocates nothing.
	 * @param memberId the member
	 * @param clientKey identifies the client (a hash of its session cookie, say): equal
	 * for one client, distinct for distinct clients but for rare collisions; need not be
	 * well mixed
	 */
	public void stickyClientSeen(String memberId, long clientKey) {
		MemberState member = this.roster.get().member(memberId);
		if (member != null) {
			member.counters.stickyClients().add(this.nanoClock.getAsLong(), clientKey);
		}
	}

	/**
	 * An operator vouches for the member: its passive ejection, if any, ends now (a
	 * transition with reason {@code recovered by operator}; with slow start on it ramps
	 * up) and its consecutive failures start again from 0.
	 * @param memberId the member
	 * @return whether the balancer has the member
	 */
	public boolean recover(String memberId) {
		MemberState member = this.roster.get().member(memberId);
		if (member == null) {
			return false;
		}
		member.counters.resetFailures();
		change(memberId, (state, now) -> state.ejectedAt(now) ? state.withoutEjection() : state,
				"recovered by operator");
		return true;
	}

	private void eject(String memberId, int failures, MemberCounters counters) {
		String lastFailure = counters.lastFailure();
		String reason = failures + " consecutive failures, last: " + lastFailure + "; ejected for "
				+ describe(this.policy.ejectionTime());
		// After the ejection it takes a fresh run of failures to eject it again. Reset
		// before the ejection shows, not after: reporting it takes a while, and a
		// snapshot
		// meanwhile would show an ejected member still counting the failures that ejected
		// it (CI saw that).
		counters.resetFailures();
		change(memberId,
				(member, now) -> member.ejectedAt(now) ? member : member.ejectedUntil(now + this.ejectionNanos),
				reason);
	}

	/**
	 * Active health checks changed their verdict (after rise/fall). A member that is not
	 * ready takes neither new nor sticky clients (readiness drain); its sticky clients
	 * move to other members.
	 * @param memberId the member
	 * @param ready the new verdict
	 * @param reason why, for the transition's reason; may be {@code null}
	 */
	public void healthChanged(String memberId, boolean ready, String reason) {
		String why = (reason != null) ? reason : (ready ? "health check passed" : "health check failed");
		change(memberId, (member, now) -> member.withReady(ready), why);
	}

	/**
	 * An operator set the member's admin state. The gateway itself changes members
	 * through its member model, which calls {@link #update}; this one-member event is for
	 * users of the core alone, such as its tests and benchmark.
	 * @param memberId the member
	 * @param state the new admin state
	 */
	public void setAdminState(String memberId, AdminState state) {
		if (state == null) {
			throw new IllegalArgumentException("An admin state is required.");
		}
		change(memberId, (member, now) -> member.withAdmin(state), "admin state set to " + state.configName());
	}

	/**
	 * An operator changed the member's weight; a weight of 0 takes no new clients and
	 * keeps the sticky ones. Like {@link #setAdminState}, for users of the core alone.
	 * @param memberId the member
	 * @param weight the new weight, {@code >= 0}
	 */
	public void setWeight(String memberId, int weight) {
		if (weight < 0) {
			throw new IllegalArgumentException("Weight " + weight + " of member '" + memberId + "' must be 0 or more.");
		}
		MemberState member = this.roster.get().member(memberId);
		if (member != null) {
			int old = member.spec.weight();
			change(memberId, (state, now) -> state.withWeight(weight), "weight " + old + " -> " + weight);
		}
	}

	/**
	 * What the balancer knows now, its traffic figures over the last minute.
	 * @return an immutable view, members in configuration order
	 */
	public BalancerSnapshot snapshot() {
		return snapshot(RecentTraffic.SECONDS);
	}

	/**
	 * What the balancer knows now, its rates and latency percentiles over the last
	 * {@code windowSeconds} completed seconds instead of the last minute, e.g. for a
	 * history sampled every few seconds.
	 * @param windowSeconds the traffic window, 1 to 60
	 * @return an immutable view, members in configuration order
	 */
	public BalancerSnapshot snapshot(int windowSeconds) {
		if (windowSeconds < 1 || windowSeconds > RecentTraffic.SECONDS) {
			throw new IllegalArgumentException("A traffic window must be 1 to " + RecentTraffic.SECONDS
					+ " seconds, but was " + windowSeconds + ".");
		}
		long now = this.nanoClock.getAsLong();
		Roster current = current(now);
		long slowStart = current.slowStartNanos();
		List<BalancerSnapshot.Member> members = new ArrayList<>(current.size());
		for (int position : current.configOrder()) {
			MemberState member = current.member(position);
			MemberCounters counters = member.counters;
			boolean ejected = member.ejectedAt(now);
			long ewma = counters.ewmaNanos();
			RecentTraffic.Summary traffic = counters.recentTraffic().summary(now, windowSeconds);
			members.add(new BalancerSnapshot.Member(member.spec, member.admin, member.ready, ejected,
					ejected ? Duration.ofNanos(member.ejectedUntil - now) : Duration.ZERO,
					member.effectiveWeight(now, slowStart) / (double) MemberState.FULL, counters.inFlight(),
					(ewma == MemberCounters.NO_SAMPLE) ? OptionalLong.empty() : OptionalLong.of(ewma), counters.bytes(),
					counters.consecutiveFailures(), member.state(now, slowStart), traffic.attemptsPerSecond(),
					traffic.failuresPerSecond(), traffic.p50Millis(), traffic.p99Millis(),
					counters.stickyClients().estimate(now)));
		}
		int first = current.firstCandidate(null);
		return new BalancerSnapshot(this.policy.strategy().method(), (first >= 0) ? current.member(first).tier() : -1,
				members, this.groupMethods);
	}

	/** The roster, renewed first if an ejection deadline has passed. */
	private Roster current(long now) {
		Roster current = this.roster.get();
		return current.ejectionOverAt(now) ? endEjections(now) : current;
	}

	/**
	 * Ends every ejection whose deadline has passed, once: the thread whose swap succeeds
	 * reports the returns. A member back in service ramps up from its deadline.
	 */
	private Roster endEjections(long now) {
		for (;;) {
			Roster before = this.roster.get();
			if (!before.ejectionOverAt(now)) {
				return before;
			}
			MemberState[] members = before.members();
			for (int position = 0; position < members.length; position++) {
				MemberState member = members[position];
				if (member.ejectionOverAt(now)) {
					MemberState back = member.withoutEjection();
					members[position] = (slowStarts() && back.takesNew) ? back.rampingFrom(member.ejectedUntil) : back;
				}
			}
			Roster after = before.with(members);
			if (this.roster.compareAndSet(before, after)) {
				for (int position = 0; position < members.length; position++) {
					MemberState was = before.member(position);
					if (was.ejectionOverAt(now)) {
						report(was, members[position], now,
								"ejection of " + describe(this.policy.ejectionTime()) + " over", true);
					}
				}
				return after;
			}
		}
	}

	/**
	 * An edit of one member's state at a given time; returns the member itself when
	 * nothing changes.
	 */
	private interface Edit {

		MemberState apply(MemberState member, long now);

	}

	/**
	 * Applies an edit by swapping in a new roster, retried if another event swapped
	 * first; a member that becomes usable for new clients starts its slow start now.
	 * Reports the transition once, after the swap.
	 * @return whether the edit changed anything; {@code false} for an unknown member
	 */
	private boolean change(String memberId, Edit edit, String reason) {
		for (;;) {
			long now = this.nanoClock.getAsLong();
			Roster before = current(now);
			MemberState was = before.member(memberId);
			if (was == null) {
				return false;
			}
			MemberState edited = edit.apply(was, now);
			if (edited == was) {
				return false;
			}
			MemberState is = (slowStarts() && !was.takesNew && edited.takesNew) ? edited.rampingFrom(now) : edited;
			if (this.roster.compareAndSet(before, before.with(is))) {
				report(was, is, now, reason, false);
				return true;
			}
		}
	}

	private boolean slowStarts() {
		return !this.policy.slowStart().isZero();
	}

	private void report(MemberState was, MemberState is, long now, String reason, boolean ejectionEnded) {
		long slowStart = this.policy.slowStart().toNanos();
		// An ended ejection reads as just before its deadline: ejected, or worse.
		String from = was.state(ejectionEnded ? was.ejectedUntil - 1 : now, slowStart);
		this.transitions.accept(new MemberTransition(was.id(), from, is.state(now, slowStart), reason));
	}

	private static String describe(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

}

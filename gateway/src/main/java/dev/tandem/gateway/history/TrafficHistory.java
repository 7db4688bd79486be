package dev.tandem.gateway.history;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.balancing.core.MemberTransition;

/**
 * The last {@value #TICKS} ticks of every member's traffic and the last
 * {@value #TRANSITIONS} state changes of each, in memory that never grows: one shared
 * {@link TickRing} of tick times and, per member, a {@link MemberSeries} aligned to it
 * and a {@link TransitionRing}. A member added later has no figures before its first
 * tick; a removed member is dropped with its history. One monitor guards it all: ticks
 * come every few seconds and transitions rarely, so a request of the public port takes it
 * only when it causes a state change (an ejection), never to be counted.
 */
public final class TrafficHistory {

	/** 15 minutes of 5-second ticks. */
	static final int TICKS = 180;

	static final int TRANSITIONS = 64;

	/** The display state {@link MemberTransition} uses for "not a member". */
	private static final String ABSENT = "absent";

	private final int sampleSeconds;

	private final LongSupplier clock;

	private final TickRing ticks = new TickRing(TICKS);

	/** In configuration order as of the last tick; guarded by this history's monitor. */
	private Map<String, Tracked> members = new LinkedHashMap<>();

	/** Transitions seen; tells a tick whether its balancer snapshot may be stale. */
	private long transitionsSeen;

	/**
	 * A history with no ticks yet, whose members and their states are those of the
	 * balancer now, so that each has a state before its first transition.
	 * @param initial the balancer's snapshot at start
	 * @param sampleSeconds the seconds between ticks
	 * @param clock wall-clock time in epoch millis, e.g.
	 * {@code System::currentTimeMillis}
	 */
	TrafficHistory(BalancerSnapshot initial, int sampleSeconds, LongSupplier clock) {
		this.sampleSeconds = sampleSeconds;
		this.clock = clock;
		for (BalancerSnapshot.Member member : initial.members()) {
			this.members.put(member.spec().id(), new Tracked(member.state()));
		}
	}

	/**
	 * Records one tick: every member's figures from the balancer. The snapshot is taken
	 * outside the monitor, since it sums each member's traffic slots and may itself
	 * report a transition (the end of an ejection). Its members and states are taken as
	 * the truth unless a transition arrived while it was taken: then the transitions,
	 * being newer, decide which members exist and their states, and the snapshot gives
	 * only the figures.
	 * @param time the tick's time, epoch millis; ignored unless after the last tick's
	 * @param balancer takes the balancer snapshot whose window is the sample interval
	 */
	void tick(long time, Supplier<BalancerSnapshot> balancer) {
		long seen;
		synchronized (this) {
			seen = this.transitionsSeen;
		}
		BalancerSnapshot snapshot = balancer.get();
		synchronized (this) {
			int slot = this.ticks.append(time);
			if (slot >= 0) {
				record(slot, snapshot, seen == this.transitionsSeen);
			}
		}
	}

	private void record(int slot, BalancerSnapshot snapshot, boolean current) {
		Map<String, Tracked> next = new LinkedHashMap<>();
		for (BalancerSnapshot.Member member : snapshot.members()) {
			String id = member.spec().id();
			Tracked tracked = this.members.get(id);
			if (tracked == null && current) {
				tracked = new Tracked(member.state());
			}
			if (tracked != null) {
				if (current) {
					// Not every change is a transition: the end of a slow start is not.
					tracked.state = member.state();
				}
				tracked.series.write(slot, Sample.of(member));
				next.put(id, tracked);
			}
		}
		for (Map.Entry<String, Tracked> left : this.members.entrySet()) {
			// Added after the snapshot was taken: it stays, without figures this tick.
			if (!current && !next.containsKey(left.getKey())) {
				left.getValue().series.clear(slot);
				next.put(left.getKey(), left.getValue());
			}
		}
		this.members = next;
	}

	/**
	 * Records a member's state change, stamped with the clock now. A member added starts
	 * its history here; a member removed is dropped with all of its history.
	 * @param transition the change, as the balancer reported it
	 */
	synchronized void transitioned(MemberTransition transition) {
		this.transitionsSeen++;
		String id = transition.memberId();
		if (ABSENT.equals(transition.to())) {
			this.members.remove(id);
			return;
		}
		Tracked tracked = this.members.get(id);
		if (tracked == null || ABSENT.equals(transition.from())) {
			// A member added again starts afresh.
			tracked = new Tracked(transition.to());
			this.members.put(id, tracked);
		}
		tracked.state = transition.to();
		tracked.transitions.append(new HistorySnapshot.Transition(this.clock.getAsLong(), transition.from(),
				transition.to(), transition.reason()));
	}

	/**
	 * The history after a time: the ticks and transitions after it, every member's state
	 * now. Figures are rounded to two decimals, missing ones are {@code null}.
	 * @param since epoch millis; {@code Long.MIN_VALUE} for all that is kept
	 * @return an immutable snapshot, members in configuration order
	 */
	public synchronized HistorySnapshot after(long since) {
		int[] slots = this.ticks.slotsAfter(since);
		List<Long> times = new ArrayList<>(slots.length);
		for (int slot : slots) {
			times.add(this.ticks.time(slot));
		}
		List<HistorySnapshot.Member> members = new ArrayList<>(this.members.size());
		this.members.forEach((id, tracked) -> members.add(tracked.read(id, slots, since)));
		return new HistorySnapshot(this.clock.getAsLong(), this.sampleSeconds, this.sampleSeconds * TICKS, times,
				members);
	}

	/** The members' ids, for tests. */
	synchronized Set<String> memberIds() {
		return new HashSet<>(this.members.keySet());
	}

	/** One member's history and current state. */
	private static final class Tracked {

		private final MemberSeries series = new MemberSeries(TICKS);

		private final TransitionRing transitions = new TransitionRing(TRANSITIONS);

		private String state;

		Tracked(String state) {
			this.state = state;
		}

		HistorySnapshot.Member read(String id, int[] slots, long since) {
			List<Double> requests = new ArrayList<>(slots.length);
			List<Double> errors = new ArrayList<>(slots.length);
			List<Double> p50 = new ArrayList<>(slots.length);
			List<Double> p99 = new ArrayList<>(slots.length);
			List<Double> weight = new ArrayList<>(slots.length);
			List<Integer> inFlight = new ArrayList<>(slots.length);
			for (int slot : slots) {
				Sample sample = this.series.read(slot);
				requests.add(rounded(sample.requestsPerSecond()));
				errors.add(rounded(sample.errorsPerSecond()));
				p50.add(rounded(sample.latencyP50Millis()));
				p99.add(rounded(sample.latencyP99Millis()));
				weight.add(rounded(sample.effectiveWeight()));
				inFlight.add((sample.inFlight() == MemberSeries.NO_COUNT) ? null : sample.inFlight());
			}
			return new HistorySnapshot.Member(id, this.state, requests, errors, p50, p99, weight, inFlight,
					this.transitions.after(since));
		}

		private static Double rounded(double value) {
			return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
		}

	}

}

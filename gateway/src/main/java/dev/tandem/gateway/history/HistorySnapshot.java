package dev.tandem.gateway.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The members' recent history at one moment, for the dashboard: immutable, shaped as the
 * admin API answers it. Every member's lists are as long as {@link #time()} and aligned
 * with it; a {@code null} in them means no figure for that tick (the member did not exist
 * yet, or answered nothing for a latency).
 *
 * @param now when this was read, epoch millis
 * @param sampleSeconds the seconds between ticks, each tick's figures covering them
 * @param windowSeconds how far back the history reaches at most
 * @param time the ticks' times, epoch millis, oldest first
 * @param members every member, in configuration order
 */
public record HistorySnapshot(long now, int sampleSeconds, int windowSeconds, List<Long> time, List<Member> members) {

	public HistorySnapshot {
		time = List.copyOf(time);
		members = List.copyOf(members);
	}

	/**
	 * One member's history.
	 *
	 * @param id the member id
	 * @param state its display state now, as the balancer reports it (e.g. {@code up},
	 * {@code ejected})
	 * @param requestsPerSecond attempts with a verdict per second over each tick's
	 * interval
	 * @param errorsPerSecond failed attempts per second, likewise
	 * @param latencyP50Millis median latency of the answers, likewise; {@code null}
	 * without answers
	 * @param latencyP99Millis 99th percentile latency, likewise
	 * @param effectiveWeight the weight new clients were shared by at each tick
	 * @param inFlight attempts sent and not finished at each tick
	 * @param transitions its last state changes, oldest first
	 */
	public record Member(String id, String state, List<Double> requestsPerSecond, List<Double> errorsPerSecond,
			List<Double> latencyP50Millis, List<Double> latencyP99Millis, List<Double> effectiveWeight,
			List<Integer> inFlight, List<Transition> transitions) {

		// Not List.copyOf: a null element is how a missing figure reads.
		public Member {
			requestsPerSecond = Collections.unmodifiableList(new ArrayList<>(requestsPerSecond));
			errorsPerSecond = Collections.unmodifiableList(new ArrayList<>(errorsPerSecond));
			latencyP50Millis = Collections.unmodifiableList(new ArrayList<>(latencyP50Millis));
			latencyP99Millis = Collections.unmodifiableList(new ArrayList<>(latencyP99Millis));
			effectiveWeight = Collections.unmodifiableList(new ArrayList<>(effectiveWeight));
			inFlight = Collections.unmodifiableList(new ArrayList<>(inFlight));
			transitions = List.copyOf(transitions);
		}

	}

	/**
	 * One state change of a member.
	 *
	 * @param time when the gateway saw it, epoch millis
	 * @param from display state before
	 * @param to display state after
	 * @param reason why, for a human
	 */
	public record Transition(long time, String from, String to, String reason) {

	}

}

package dev.tandem.gateway.admin.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.gateway.admin.SafeToStop;
import dev.tandem.gateway.admin.state.PendingExpiry;
import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.health.SessionClusterView;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.witness.WitnessVerdict;

/**
 * One member as {@code GET /api/members} shows it: what the operator set (weight, tier,
 * admin state), what the balancer does with it (effective weight, its display state,
 * ejection), what the active checks saw (health, last probe), the traffic of the last
 * minute, and the node's own session-cluster view. Administrative, operational and
 * active-check state stay side by side, never merged into one word without the parts.
 *
 * @param id the member id
 * @param route the {@code .route} suffix of session ids that names it (its id unless set
 * apart)
 * @param group the group of members it serves an application with, {@code null} for none
 * @param uri its base address
 * @param tier 0 for actives, 1, 2, ... for standby tiers
 * @param tierName {@code active}, {@code standby} or {@code tier n}
 * @param weight the configured weight
 * @param effectiveWeight the weight new clients are shared by now (less during slow
 * start)
 * @param state the admin state: {@code active}, {@code draining} or {@code disabled}
 * @param stateExpires when a temporary state returns, and to what; {@code null} when none
 * @param balancerState one word for what the balancer does with it: {@code up},
 * {@code slow-start}, {@code idle}, {@code draining}, {@code ejected}, {@code down} or
 * {@code disabled}
 * @param health the active checks and passive ejection
 * @param inFlight requests sent to it and not answered yet
 * @param requestsPerSecond answered and failed attempts per second over the last minute
 * @param errorsPerSecond failed attempts per second over the last minute
 * @param latencyP50Millis median latency over the last minute, {@code null} without
 * answers
 * @param latencyP99Millis 99th percentile latency over the last minute, {@code null}
 * without answers
 * @param bytes declared bytes of requests and answers through it since start
 * @param stickyClients estimated distinct clients pinned to it in the last session
 * timeout
 * @param safeToStop whether it can be stopped without losing a request or a session:
 * draining or disabled, nothing in flight, and its session cluster safe
 * @param cluster the node's session-cluster view from its last probe, {@code null} when
 * it reported none
 * @param witness whether the witness lets it serve and why, {@code null} before the
 * witness judged it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record MemberView(String id, String route, String group, String uri, int tier, String tierName, int weight,
		double effectiveWeight, String state, Expiry stateExpires, String balancerState, Health health, int inFlight,
		double requestsPerSecond, double errorsPerSecond, Double latencyP50Millis, Double latencyP99Millis, long bytes,
		long stickyClients, boolean safeToStop, SessionClusterView cluster, Witness witness) {

	static MemberView of(Member member, BalancerSnapshot.Member balanced, MemberHealth checked, String checkType,
			PendingExpiry expiry, SessionClusterView cluster, WitnessVerdict.MemberVerdict witnessed) {
		boolean inService = balanced != null;
		int inFlight = inService ? balanced.inFlight() : 0;
		boolean parked = member.state() != AdminState.ACTIVE;
		return new MemberView(member.id(), member.route(), member.group(), member.uri().toString(), member.tier(),
				tierName(member.tier()), member.weight(), inService ? round(balanced.effectiveWeight()) : 0,
				member.state().configName(),
				(expiry != null) ? new Expiry(expiry.returnTo().configName(), expiry.at()) : null,
				inService ? balanced.state() : "unknown", Health.of(balanced, checked, checkType), inFlight,
				inService ? round(balanced.requestsPerSecond()) : 0, inService ? round(balanced.errorsPerSecond()) : 0,
				(inService && balanced.latencyP50Millis().isPresent())
						? round(balanced.latencyP50Millis().getAsDouble()) : null,
				(inService && balanced.latencyP99Millis().isPresent())
						? round(balanced.latencyP99Millis().getAsDouble()) : null,
				inService ? balanced.bytes() : 0, inService ? balanced.stickyClients() : 0,
				parked && inFlight == 0 && SafeToStop.clusterAllows(cluster), cluster,
				(witnessed != null) ? new Witness(witnessed.included(), witnessed.reason()) : null);
	}

	static String tierName(int tier) {
		return switch (tier) {
			case 0 -> "active";
			case 1 -> "standby";
			default -> "tier " + tier;
		};
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/**
	 * A temporary admin state's return.
	 *
	 * @param returnsTo the state it returns to
	 * @param at when
	 */
	record Expiry(String returnsTo, Instant at) {

	}

	/**
	 * Health as the gateway sees it: the active checks' verdict and last probe, and
	 * passive ejection.
	 *
	 * @param status {@code up}, {@code down} or {@code ejected}: what routing does
	 * because of health, before the admin state
	 * @param checkType how the active checks probe it: {@code http} or {@code tcp};
	 * {@code null} when they do not know it
	 * @param checksPassing whether the active checks let it serve
	 * @param lastProbe the last probe, {@code null} before the first
	 * @param consecutivePasses passed probes in a row
	 * @param consecutiveProbeFailures failed probes in a row
	 * @param ejected whether passive ejection keeps it out now
	 * @param ejectionRemainingMillis how long it stays ejected, 0 when not
	 * @param consecutiveRequestFailures failed requests in a row since the last success
	 */
	record Health(String status, String checkType, boolean checksPassing, Probe lastProbe, int consecutivePasses,
			int consecutiveProbeFailures, boolean ejected, long ejectionRemainingMillis,
			int consecutiveRequestFailures) {

		static Health of(BalancerSnapshot.Member balanced, MemberHealth checked, String checkType) {
			boolean passing = (checked != null) ? checked.up() : (balanced == null || balanced.ready());
			boolean ejected = balanced != null && balanced.ejected();
			String status = !passing ? "down" : ejected ? "ejected" : "up";
			Probe probe = (checked != null && checked.lastCheck() != null) ? new Probe(checked.lastCheck(),
					checked.consecutiveFailures() == 0 ? "passed" : "failed", checked.lastReason()) : null;
			return new Health(status, checkType, passing, probe, (checked != null) ? checked.consecutivePasses() : 0,
					(checked != null) ? checked.consecutiveFailures() : 0, ejected,
					ejected ? balanced.ejectionRemaining().toMillis() : 0,
					(balanced != null) ? balanced.consecutiveFailures() : 0);
		}

	}

	/**
	 * The witness's verdict on the member.
	 *
	 * @param included whether the witness lets it serve
	 * @param reason why, such as {@code in the winning view}
	 */
	record Witness(boolean included, String reason) {

	}

	/**
	 * One health probe.
	 *
	 * @param time when it finished
	 * @param result {@code passed} or {@code failed}
	 * @param reason the status code or what failed, e.g. {@code connect refused}
	 */
	record Probe(Instant time, String result, String reason) {

	}

}

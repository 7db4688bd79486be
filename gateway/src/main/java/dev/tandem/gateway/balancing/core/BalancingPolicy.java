package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link Balancer} chooses and when it gives up on a member.
 *
 * @param strategy how a member is chosen among the usable members of the serving tier
 * @param panic whether to try every member that is not disabled when none is usable,
 * rather than refuse the request
 * @param slowStart how long a member that becomes usable again ramps its weight from 10%
 * to 100%; {@link Duration#ZERO} turns slow start off
 * @param strictAffinity whether a sticky client whose member may not serve it is refused
 * ({@link Choice.Kind#REFUSED_STRICT}) rather than moved
 * @param failuresBeforeEjection consecutive failed attempts that eject a member; 0 turns
 * passive ejection off (failures are still counted for display)
 * @param ejectionTime how long an ejected member gets no traffic; positive when ejection
 * is on
 * @param stickyClientWindow how long a client that reached a member through affinity
 * counts among the member's sticky clients; positive,
 * {@link #DEFAULT_STICKY_CLIENT_WINDOW} unless set
 * @param groups the groups of members that choose with a strategy or strictness of their
 * own, by group name; a group not in it (and a request to every member) follows
 * {@link #strategy} and {@link #strictAffinity}
 */
public record BalancingPolicy(Strategy strategy, boolean panic, Duration slowStart, boolean strictAffinity,
		int failuresBeforeEjection, Duration ejectionTime, Duration stickyClientWindow,
		Map<String, GroupPolicy> groups) {

	/**
	 * The default sticky-client window: 30 minutes, the servlet containers' default
	 * session timeout. A client idle for longer has lost its session, and with it the
	 * reason to stay with its member.
	 */
	public static final Duration DEFAULT_STICKY_CLIENT_WINDOW = Duration.ofMinutes(30);

	public BalancingPolicy {
		if (strategy == null) {
			throw new IllegalArgumentException("A balancing policy needs a strategy.");
		}
		if (slowStart == null || slowStart.isNegative()) {
			throw new IllegalArgumentException(
					"Slow start must be zero or a positive duration, not " + slowStart + ".");
		}
		if (failuresBeforeEjection < 0) {
			throw new IllegalArgumentException(
					"Failures before ejection must be 0 (off) or more, not " + failuresBeforeEjection + ".");
		}
		if (ejectionTime == null || ejectionTime.isNegative()) {
			throw new IllegalArgumentException(
					"Ejection time must be zero or a positive duration, not " + ejectionTime + ".");
		}
		if (failuresBeforeEjection > 0 && ejectionTime.isZero()) {
			throw new IllegalArgumentException("Ejection time must be positive when passive ejection is on ("
					+ failuresBeforeEjection + " failures before ejection).");
		}
		if (stickyClientWindow == null || stickyClientWindow.isNegative() || stickyClientWindow.isZero()) {
			throw new IllegalArgumentException(
					"The sticky-client window must be a positive duration, not " + stickyClientWindow + ".");
		}
		// Kept in the order given, for display.
		groups = (groups != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(groups)) : Map.of();
		if (groups.containsKey(null) || groups.containsValue(null)) {
			throw new IllegalArgumentException("Each group policy needs a group name and a policy.");
		}
	}

	/**
	 * A policy without group policies: every group follows the gateway-wide strategy and
	 * strictness.
	 * @param strategy how a member is chosen
	 * @param panic whether to try every member that is not disabled when none is usable
	 * @param slowStart how long a member that becomes usable again ramps up; zero for off
	 * @param strictAffinity whether a sticky client whose member may not serve it is
	 * refused
	 * @param failuresBeforeEjection consecutive failed attempts that eject a member; 0
	 * for off
	 * @param ejectionTime how long an ejected member gets no traffic
	 * @param stickyClientWindow how long a client that reached a member through affinity
	 * counts among its sticky clients
	 */
	public BalancingPolicy(Strategy strategy, boolean panic, Duration slowStart, boolean strictAffinity,
			int failuresBeforeEjection, Duration ejectionTime, Duration stickyClientWindow) {
		this(strategy, panic, slowStart, strictAffinity, failuresBeforeEjection, ejectionTime, stickyClientWindow,
				Map.of());
	}

	/**
	 * A policy with the {@link #DEFAULT_STICKY_CLIENT_WINDOW default sticky-client
	 * window}.
	 * @param strategy how a member is chosen
	 * @param panic whether to try every member that is not disabled when none is usable
	 * @param slowStart how long a member that becomes usable again ramps up; zero for off
	 * @param strictAffinity whether a sticky client whose member may not serve it is
	 * refused
	 * @param failuresBeforeEjection consecutive failed attempts that eject a member; 0
	 * for off
	 * @param ejectionTime how long an ejected member gets no traffic
	 */
	public BalancingPolicy(Strategy strategy, boolean panic, Duration slowStart, boolean strictAffinity,
			int failuresBeforeEjection, Duration ejectionTime) {
		this(strategy, panic, slowStart, strictAffinity, failuresBeforeEjection, ejectionTime,
				DEFAULT_STICKY_CLIENT_WINDOW);
	}

	/**
	 * The policy with the given strategy and everything else off: no panic, no slow
	 * start, no strict affinity, no passive ejection; the default sticky-client window.
	 * @param strategy the strategy
	 * @return the policy
	 */
	public static BalancingPolicy of(Strategy strategy) {
		return new BalancingPolicy(strategy, false, Duration.ZERO, false, 0, Duration.ZERO);
	}

	/**
	 * This policy with strict affinity on or off.
	 * @param strict whether a sticky client whose member may not serve it is refused
	 * @return the policy
	 */
	public BalancingPolicy withStrictAffinity(boolean strict) {
		return new BalancingPolicy(this.strategy, this.panic, this.slowStart, strict, this.failuresBeforeEjection,
				this.ejectionTime, this.stickyClientWindow, this.groups);
	}

	/**
	 * This policy with another sticky-client window.
	 * @param window how long a client that reached a member through affinity counts among
	 * its sticky clients
	 * @return the policy
	 */
	public BalancingPolicy withStickyClientWindow(Duration window) {
		return new BalancingPolicy(this.strategy, this.panic, this.slowStart, this.strictAffinity,
				this.failuresBeforeEjection, this.ejectionTime, window, this.groups);
	}

	/**
	 * This policy with these group policies instead of its own.
	 * @param groupPolicies the groups that choose with a strategy or strictness of their
	 * own, by group name
	 * @return the policy
	 */
	public BalancingPolicy withGroups(Map<String, GroupPolicy> groupPolicies) {
		return new BalancingPolicy(this.strategy, this.panic, this.slowStart, this.strictAffinity,
				this.failuresBeforeEjection, this.ejectionTime, this.stickyClientWindow, groupPolicies);
	}

	/**
	 * How the requests of a group are chosen: its own policy, else the gateway-wide
	 * strategy and strictness.
	 * @param group a group name
	 * @return the group's policy
	 */
	public GroupPolicy group(String group) {
		GroupPolicy own = (group != null) ? this.groups.get(group) : null;
		return (own != null) ? own : new GroupPolicy(this.strategy, this.strictAffinity);
	}

}

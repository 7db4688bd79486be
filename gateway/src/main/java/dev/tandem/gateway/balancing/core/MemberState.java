package dev.tandem.gateway.balancing.core;

import dev.tandem.gateway.member.AdminState;

/**
 * One member in one snapshot: its configuration, health, admin state, ejection deadline
 * and slow-start origin, immutable; plus references to its live counters and its
 * preallocated choices, which every snapshot of the member shares. Times are values of
 * the balancer's nano clock, compared by subtraction so that they survive a wrap-around
 * of the clock.
 */
final class MemberState {

	/**
	 * Weights are scaled by this so that a ramp from 10% keeps integer arithmetic exact.
	 */
	static final long FULL = 1000;

	private static final long RAMP_FLOOR = FULL / 10;

	final int position;

	final MemberSpec spec;

	/** The spec's weight, kept here too: the strategies read it for every candidate. */
	final int weight;

	/** The spec's admin state, kept here too for the same reason. */
	final AdminState admin;

	final boolean ready;

	final boolean ejected;

	final long ejectedUntil;

	final boolean ramping;

	final long rampStart;

	final MemberCounters counters;

	final Choice sticky;

	final Choice balanced;

	final Choice panic;

	/** Active, weight above 0, ready and not ejected: may take new clients. */
	final boolean takesNew;

	/** Not disabled, ready and not ejected: may keep its sticky clients. */
	final boolean keepsSticky;

	private MemberState(int position, MemberSpec spec, boolean ready, boolean ejected, long ejectedUntil,
			boolean ramping, long rampStart, MemberCounters counters, Choice sticky, Choice balanced, Choice panic) {
		this.position = position;
		this.spec = spec;
		this.weight = spec.weight();
		this.admin = spec.admin();
		this.ready = ready;
		this.ejected = ejected;
		this.ejectedUntil = ejectedUntil;
		this.ramping = ramping;
		this.rampStart = rampStart;
		this.counters = counters;
		this.sticky = sticky;
		this.balanced = balanced;
		this.panic = panic;
		this.keepsSticky = admin != AdminState.DISABLED && ready && !ejected;
		this.takesNew = this.keepsSticky && admin == AdminState.ACTIVE && this.weight > 0;
	}

	/** A member as configured: ready, not ejected, not ramping, with new counters. */
	static MemberState initial(int position, MemberSpec spec, MemberCounters counters) {
		String id = spec.id();
		return new MemberState(position, spec, true, false, 0, false, 0, counters, new Choice(id, Choice.Kind.STICKY),
				new Choice(id, Choice.Kind.BALANCED), new Choice(id, Choice.Kind.PANIC));
	}

	String id() {
		return this.spec.id();
	}

	int tier() {
		return this.spec.tier();
	}

	boolean ejectedAt(long now) {
		return this.ejected && now - this.ejectedUntil < 0;
	}

	boolean ejectionOverAt(long now) {
		return this.ejected && now - this.ejectedUntil >= 0;
	}

	/**
	 * The weight the strategies use, scaled by {@link #FULL}: the configured weight, or
	 * during slow start a share of it growing linearly from 10% to 100%.
	 */
	long effectiveWeight(long now, long slowStartNanos) {
		return this.weight * rampPermille(now, slowStartNanos);
	}

	private long rampPermille(long now, long slowStartNanos) {
		if (!this.ramping) {
			return FULL;
		}
		long elapsed = now - this.rampStart;
		if (elapsed >= slowStartNanos) {
			return FULL;
		}
		if (elapsed <= 0) {
			return RAMP_FLOOR;
		}
		// elapsed < slowStartNanos, so the product stays far below overflow for any
		// slow start shorter than about a hundred days.
		return RAMP_FLOOR + (FULL - RAMP_FLOOR) * elapsed / slowStartNanos;
	}

	/**
	 * One word for the dashboard and the transition log, most severe first.
	 */
	String state(long now, long slowStartNanos) {
		if (this.admin == AdminState.DISABLED) {
			return "disabled";
		}
		if (!this.ready) {
			return "down";
		}
		if (ejectedAt(now)) {
			return "ejected";
		}
		if (this.admin == AdminState.DRAINING) {
			return "draining";
		}
		if (this.weight == 0) {
			return "idle";
		}
		if (rampPermille(now, slowStartNanos) < FULL) {
			return "slow-start";
		}
		return "up";
	}

	MemberState withReady(boolean newReady) {
		return (newReady == this.ready) ? this : copy(this.position, this.spec, newReady, this.ejected,
				this.ejectedUntil, this.ramping, this.rampStart);
	}

	MemberState withAdmin(AdminState newAdmin) {
		return withSpec(this.spec.withAdmin(newAdmin));
	}

	MemberState withWeight(int weight) {
		return withSpec(this.spec.withWeight(weight));
	}

	private MemberState withSpec(MemberSpec newSpec) {
		return (newSpec.equals(this.spec)) ? this : copy(this.position, newSpec, this.ready, this.ejected,
				this.ejectedUntil, this.ramping, this.rampStart);
	}

	/**
	 * This member at another position with a changed spec (same id), after the members
	 * changed: health, ejection, slow start, counters and choices carry over.
	 */
	MemberState placed(int newPosition, MemberSpec newSpec) {
		return (newPosition == this.position && newSpec.equals(this.spec)) ? this
				: copy(newPosition, newSpec, this.ready, this.ejected, this.ejectedUntil, this.ramping, this.rampStart);
	}

	MemberState ejectedUntil(long deadline) {
		return copy(this.position, this.spec, this.ready, true, deadline, this.ramping, this.rampStart);
	}

	MemberState withoutEjection() {
		return (!this.ejected) ? this
				: copy(this.position, this.spec, this.ready, false, 0, this.ramping, this.rampStart);
	}

	MemberState rampingFrom(long start) {
		return copy(this.position, this.spec, this.ready, this.ejected, this.ejectedUntil, true, start);
	}

	private MemberState copy(int newPosition, MemberSpec newSpec, boolean newReady, boolean newEjected,
			long newEjectedUntil, boolean newRamping, long newRampStart) {
		return new MemberState(newPosition, newSpec, newReady, newEjected, newEjectedUntil, newRamping, newRampStart,
				this.counters, this.sticky, this.balanced, this.panic);
	}

}

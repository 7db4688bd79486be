package dev.tandem.gateway.balancing.core;

import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One immutable snapshot of every member, ordered by tier (then configuration order), so
 * each tier is a contiguous range of positions. The balancer replaces the whole roster on
 * every state change and never changes one in place; choosing reads one roster from start
 * to end.
 */
final class Roster {

	private final MemberState[] members;

	/** For each position, the first position of its tier. */
	private final int[] tierStart;

	/** For each position, the position just after the last of its tier. */
	private final int[] tierEnd;

	/** For each position, how many members of its tier take new clients. */
	private final int[] takingNewInTier;

	private final long slowStartNanos;

	/**
	 * Whether some member is ejected; then {@link #nextDeadline} is the earliest
	 * deadline.
	 */
	private final boolean anyEjected;

	private final long nextDeadline;

	private Roster(MemberState[] members, int[] tierStart, int[] tierEnd, long slowStartNanos) {
		this.members = members;
		this.tierStart = tierStart;
		this.tierEnd = tierEnd;
		this.slowStartNanos = slowStartNanos;
		boolean ejected = false;
		long deadline = 0;
		for (MemberState member : members) {
			if (member.ejected && (!ejected || member.ejectedUntil - deadline < 0)) {
				deadline = member.ejectedUntil;
				ejected = true;
			}
		}
		this.anyEjected = ejected;
		this.nextDeadline = deadline;
		this.takingNewInTier = new int[members.length];
		for (int position = 0; position < members.length; position++) {
			if (members[position].takesNew) {
				for (int same = tierStart[position]; same < tierEnd[position]; same++) {
					this.takingNewInTier[same]++;
				}
			}
		}
	}

	/**
	 * The first roster: members sorted by tier, each as configured.
	 * @param tierOrdered the members, already sorted by tier
	 */
	static Roster initial(MemberSpec[] tierOrdered, long slowStartNanos) {
		int size = tierOrdered.length;
		MemberState[] members = new MemberState[size];
		int[] start = new int[size];
		int[] end = new int[size];
		for (int position = 0; position < size; position++) {
			members[position] = MemberState.initial(position, tierOrdered[position]);
			boolean sameTier = position > 0 && tierOrdered[position - 1].tier() == tierOrdered[position].tier();
			start[position] = sameTier ? start[position - 1] : position;
		}
		for (int position = size - 1; position >= 0; position--) {
			boolean sameTier = position < size - 1 && tierOrdered[position + 1].tier() == tierOrdered[position].tier();
			end[position] = sameTier ? end[position + 1] : position + 1;
		}
		return new Roster(members, start, end, slowStartNanos);
	}

	Roster with(MemberState changed) {
		MemberState[] copy = this.members.clone();
		copy[changed.position] = changed;
		return new Roster(copy, this.tierStart, this.tierEnd, this.slowStartNanos);
	}

	Roster with(MemberState[] changed) {
		return new Roster(changed, this.tierStart, this.tierEnd, this.slowStartNanos);
	}

	int size() {
		return this.members.length;
	}

	MemberState member(int position) {
		return this.members[position];
	}

	MemberState[] members() {
		return this.members.clone();
	}

	int tierStart(int position) {
		return this.tierStart[position];
	}

	int tierEnd(int position) {
		return this.tierEnd[position];
	}

	long slowStartNanos() {
		return this.slowStartNanos;
	}

	/** Whether an ejection deadline has passed and the roster must be renewed. */
	boolean ejectionOverAt(long now) {
		return this.anyEjected && now - this.nextDeadline >= 0;
	}

	/**
	 * Whether the member at this position may take a new client of this request.
	 * @param excluded members this request tried, or {@code null} for none
	 */
	boolean candidate(int position, Set<String> excluded) {
		MemberState member = this.members[position];
		return member.takesNew && !isExcluded(member, excluded);
	}

	/** How many members of this position's tier take new clients, exclusions aside. */
	int takingNewInTier(int position) {
		return this.takingNewInTier[position];
	}

	long effectiveWeight(int position, long now) {
		return this.members[position].effectiveWeight(now, this.slowStartNanos);
	}

	/**
	 * The first position that may take a new client; its tier is the serving tier.
	 * @return the position, or -1 when no member of any tier may
	 */
	int firstCandidate(Set<String> excluded) {
		for (int position = 0; position < this.members.length; position++) {
			if (candidate(position, excluded)) {
				return position;
			}
		}
		return -1;
	}

	/**
	 * Panic: with health unknown, every member that is not disabled (nor already tried)
	 * is equally likely; weights and tiers are not trusted either.
	 * @return the position, or -1 when every member is disabled or excluded
	 */
	int panicPick(Set<String> excluded, RandomGenerator random) {
		int count = 0;
		for (MemberState member : this.members) {
			if (panicCandidate(member, excluded)) {
				count++;
			}
		}
		if (count == 0) {
			return -1;
		}
		int wanted = (count == 1) ? 0 : random.nextInt(count);
		for (MemberState member : this.members) {
			if (panicCandidate(member, excluded) && wanted-- == 0) {
				return member.position;
			}
		}
		return -1;
	}

	private static boolean panicCandidate(MemberState member, Set<String> excluded) {
		return member.admin != AdminState.DISABLED && !isExcluded(member, excluded);
	}

	/** Whether this request tried the member; {@code null} stands for no exclusions. */
	static boolean isExcluded(MemberState member, Set<String> excluded) {
		return excluded != null && excluded.contains(member.id());
	}

}

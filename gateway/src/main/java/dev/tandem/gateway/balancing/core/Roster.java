package dev.tandem.gateway.balancing.core;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import dev.tandem.gateway.member.AdminState;

/**
 * One immutable snapshot of every member, ordered by tier (then configuration order), so
 * each tier is a contiguous range of positions. The balancer replaces the whole roster on
 * every state change and never changes one in place; choosing reads one roster from start
 * to end. The layout (positions by id, configuration order) and the strategies' pickers
 * belong to the roster, so a change of the members swaps all of them at once.
 */
final class Roster {

	/** Places one member, given in configuration order, at its position. */
	@FunctionalInterface
	interface Placement {

		MemberState place(int position, MemberSpec spec);

	}

	private final MemberState[] members;

	private final Map<String, Integer> positions;

	/** For each index in configuration order, the member's position. */
	private final int[] configOrder;

	/**
	 * One picker per strategy in use, in the balancer's order: groups with one strategy
	 * share its picker, whose state per position then serves each group apart, since a
	 * member is in one group.
	 */
	private final Picker[] pickers;

	/** For each position, the first position of its tier. */
	private final int[] tierStart;

	/** For each position, the position just after the last of its tier. */
	private final int[] tierEnd;

	/** For each position, how many members of its tier take new clients. */
	private final int[] takingNewInTier;

	private final long slowStartNanos;

	/**
	 * Whether any member is ejected; then {@link #nextDeadline} is the earliest deadline.
	 */
	private final boolean anyEjected;

	private final long nextDeadline;

	private Roster(MemberState[] members, Map<String, Integer> positions, int[] configOrder, Picker[] pickers,
			int[] tierStart, int[] tierEnd, long slowStartNanos) {
		this.members = members;
		this.positions = positions;
		this.configOrder = configOrder;
		this.pickers = pickers;
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
	 * A roster of these members: sorted by tier, a stable sort so that configuration
	 * order holds within a tier, each placed by the placement.
	 * @param members the members in configuration order, ids unique
	 * @param placement the state of each member at its position
	 * @param pickers one picker of each strategy in use, for this many members
	 */
	static Roster arrange(List<MemberSpec> members, Placement placement, Picker[] pickers, long slowStartNanos) {
		int size = members.size();
		Integer[] byTier = new Integer[size];
		for (int index = 0; index < size; index++) {
			byTier[index] = index;
		}
		Arrays.sort(byTier, Comparator.comparingInt((index) -> members.get(index).tier()));
		MemberState[] states = new MemberState[size];
		Map<String, Integer> positions = new HashMap<>();
		int[] configOrder = new int[size];
		int[] start = new int[size];
		int[] end = new int[size];
		for (int position = 0; position < size; position++) {
			MemberSpec spec = members.get(byTier[position]);
			if (positions.put(spec.id(), position) != null) {
				throw new IllegalArgumentException(
						"Member id '" + spec.id() + "' is used twice; member ids must be unique.");
			}
			configOrder[byTier[position]] = position;
			states[position] = placement.place(position, spec);
			boolean sameTier = position > 0 && states[position - 1].tier() == spec.tier();
			start[position] = sameTier ? start[position - 1] : position;
		}
		for (int position = size - 1; position >= 0; position--) {
			boolean sameTier = position < size - 1 && states[position + 1].tier() == states[position].tier();
			end[position] = sameTier ? end[position + 1] : position + 1;
		}
		return new Roster(states, Map.copyOf(positions), configOrder, pickers, start, end, slowStartNanos);
	}

	Roster with(MemberState changed) {
		MemberState[] copy = this.members.clone();
		copy[changed.position] = changed;
		return with(copy);
	}

	Roster with(MemberState[] changed) {
		return new Roster(changed, this.positions, this.configOrder, this.pickers, this.tierStart, this.tierEnd,
				this.slowStartNanos);
	}

	/**
	 * The position of a member.
	 * @return the position, or -1 when no member has the id
	 */
	int position(String id) {
		Integer position = (id != null) ? this.positions.get(id) : null;
		return (position != null) ? position : -1;
	}

	/** The member with this id, or {@code null}. */
	MemberState member(String id) {
		int position = position(id);
		return (position >= 0) ? this.members[position] : null;
	}

	/** The members' positions in configuration order; do not modify. */
	int[] configOrder() {
		return this.configOrder;
	}

	/** The picker of the strategy at this index of the balancer's strategies in use. */
	Picker picker(int strategy) {
		return this.pickers[strategy];
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

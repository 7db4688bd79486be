package dev.tandem.gateway.admin.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Membership;

/**
 * What the state file holds, immutable: the runtime members with the values the
 * configuration gave them, the configured members removed at runtime, and the pending
 * expiries. Each write has a higher {@link #revision()}; revision 0 is the
 * {@link #empty()} state of a gateway that has no state file (yet).
 *
 * <p>
 * After each accepted change the state is built with {@link #next}, adjusted with
 * {@link #withExpiry} or {@link #withoutExpiry}, and written.
 *
 * @param revision 0 when empty, then 1, 2, ... for each write
 * @param writtenAt when the state was built for writing, {@code null} only when empty
 * @param members the runtime members in their order
 * @param removed the configured members removed at runtime
 * @param expiries at most one per member, each for a present member in the expiry's state
 */
public record RuntimeState(long revision, Instant writtenAt, List<SavedMember> members, List<RemovedMember> removed,
		List<PendingExpiry> expiries) {

	private static final RuntimeState EMPTY = new RuntimeState(0, null, List.of(), List.of(), List.of());

	public RuntimeState {
		if (revision < 0) {
			throw new IllegalArgumentException("A state revision must be 0 or more, but was " + revision + ".");
		}
		if (writtenAt == null && revision != 0) {
			throw new IllegalArgumentException("State revision " + revision + " needs the time it was written.");
		}
		members = List.copyOf(members);
		removed = List.copyOf(removed);
		expiries = List.copyOf(expiries);
		if (revision == 0 && !(members.isEmpty() && removed.isEmpty() && expiries.isEmpty())) {
			// Revision 0 means "no file"; content under it would be ignored at start-up.
			throw new IllegalArgumentException("Only the empty state has revision 0.");
		}
		Map<String, Member> byId = new HashMap<>();
		for (SavedMember member : members) {
			if (byId.putIfAbsent(member.id(), member.member()) != null) {
				throw new IllegalArgumentException("Member '" + member.id() + "' is saved twice.");
			}
		}
		Set<String> removedIds = new HashSet<>();
		for (RemovedMember member : removed) {
			if (byId.containsKey(member.id()) || !removedIds.add(member.id())) {
				throw new IllegalArgumentException(
						"Member '" + member.id() + "' is saved as removed and again as a member or removed member.");
			}
		}
		Set<String> expiring = new HashSet<>();
		for (PendingExpiry expiry : expiries) {
			Member member = byId.get(expiry.memberId());
			if (member == null || member.state() != expiry.state() || !expiring.add(expiry.memberId())) {
				throw new IllegalArgumentException(
						"The pending expiry of member '" + expiry.memberId() + "' needs a member of that id in state "
								+ expiry.state().configName() + " and no other expiry for it.");
			}
		}
	}

	/**
	 * The state of a gateway without a state file: nothing saved, revision 0.
	 * @return the empty state
	 */
	public static RuntimeState empty() {
		return EMPTY;
	}

	/**
	 * The state of these runtime members, recording for each one what the configuration
	 * says of it now, and as removed every configured member that is not running.
	 * @param revision the revision, 1 or more
	 * @param writtenAt when it is written
	 * @param configured the configured members (of this run, not as merged at start-up)
	 * @param runtime the live members
	 * @param expiries the pending expiries; those whose member is gone or no longer in
	 * the expiry's state are dropped
	 * @return the state to write
	 */
	public static RuntimeState capture(long revision, Instant writtenAt, Membership configured, Membership runtime,
			List<PendingExpiry> expiries) {
		if (revision < 1) {
			throw new IllegalArgumentException("A written state needs revision 1 or more, but had " + revision + ".");
		}
		List<SavedMember> members = new ArrayList<>(runtime.size());
		for (Member member : runtime.members()) {
			members.add(new SavedMember(member, configured.member(member.id()).map(MemberValues::of).orElse(null)));
		}
		List<RemovedMember> removed = new ArrayList<>();
		for (Member member : configured.members()) {
			if (!runtime.contains(member.id())) {
				removed.add(new RemovedMember(member.id(), MemberValues.of(member)));
			}
		}
		return new RuntimeState(revision, writtenAt, members, removed, stillPending(expiries, runtime));
	}

	/**
	 * The state after a change: the next revision, with the members as they are now.
	 * Expiries carry over while their member is still in the expiry's state, so a change
	 * of state by hand supersedes the pending return.
	 * @param configured the configured members (of this run, not as merged at start-up)
	 * @param runtime the live members after the change
	 * @param now when it is written
	 * @return the state to write
	 */
	public RuntimeState next(Membership configured, Membership runtime, Instant now) {
		return capture(this.revision + 1, now, configured, runtime, this.expiries);
	}

	/**
	 * Whether this is the state of a gateway that never wrote one.
	 * @return {@code true} for revision 0
	 */
	public boolean isEmpty() {
		return this.revision == 0;
	}

	/**
	 * The saved runtime members.
	 * @return them as a snapshot, in their saved order
	 */
	public Membership runtime() {
		return Membership.of(this.members.stream().map(SavedMember::member).toList());
	}

	/**
	 * This state with a pending expiry, replacing any other for the same member.
	 * @param expiry the expiry, for a member in this state in the expiry's state
	 * @return the changed state, same revision
	 */
	public RuntimeState withExpiry(PendingExpiry expiry) {
		List<PendingExpiry> changed = new ArrayList<>(withoutExpiry(expiry.memberId()).expiries);
		changed.add(expiry);
		return new RuntimeState(this.revision, this.writtenAt, this.members, this.removed, changed);
	}

	/**
	 * This state without the pending expiry of a member.
	 * @param memberId the member id
	 * @return the changed state, same revision; this one when the member had none
	 */
	public RuntimeState withoutExpiry(String memberId) {
		if (expiry(memberId).isEmpty()) {
			return this;
		}
		List<PendingExpiry> changed = this.expiries.stream()
			.filter((expiry) -> !expiry.memberId().equals(memberId))
			.toList();
		return new RuntimeState(this.revision, this.writtenAt, this.members, this.removed, changed);
	}

	/**
	 * The pending expiry of a member.
	 * @param memberId the member id
	 * @return the expiry, empty when there is none
	 */
	public Optional<PendingExpiry> expiry(String memberId) {
		return this.expiries.stream().filter((expiry) -> expiry.memberId().equals(memberId)).findFirst();
	}

	/**
	 * The expiries whose time has come, the earliest first; after a restart these may
	 * include some that fell due while the gateway was down.
	 * @param now the current time
	 * @return the due expiries
	 */
	public List<PendingExpiry> due(Instant now) {
		return this.expiries.stream()
			.filter((expiry) -> expiry.isDue(now))
			.sorted(Comparator.comparing(PendingExpiry::at))
			.toList();
	}

	/**
	 * When the next expiry falls due, for the scheduler.
	 * @return the earliest expiry time, empty when none is pending
	 */
	public Optional<Instant> nextExpiryAt() {
		return this.expiries.stream().map(PendingExpiry::at).min(Comparator.naturalOrder());
	}

	static List<PendingExpiry> stillPending(List<PendingExpiry> expiries, Membership members) {
		return expiries.stream()
			.filter((expiry) -> members.member(expiry.memberId())
				.filter((member) -> member.state() == expiry.state())
				.isPresent())
			.toList();
	}

}

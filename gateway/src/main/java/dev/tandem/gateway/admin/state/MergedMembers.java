package dev.tandem.gateway.admin.state;

import java.time.Instant;
import java.util.List;

import dev.tandem.gateway.member.Membership;

/**
 * What {@link RuntimeStateMerge} decided at start-up: the members to start with, the
 * pending expiries that still hold, and one line for each decision the operator should
 * know of, to log.
 */
public final class MergedMembers {

	private final Membership configured;

	private final Membership membership;

	private final List<PendingExpiry> expiries;

	private final List<String> notes;

	private final long savedRevision;

	MergedMembers(Membership configured, Membership membership, List<PendingExpiry> expiries, List<String> notes,
			long savedRevision) {
		this.configured = configured;
		this.membership = membership;
		this.expiries = List.copyOf(expiries);
		this.notes = List.copyOf(notes);
		this.savedRevision = savedRevision;
	}

	/**
	 * The members to start with.
	 * @return configured members in configuration order, then members added at runtime in
	 * their saved order
	 */
	public Membership membership() {
		return this.membership;
	}

	/**
	 * The pending expiries that still hold; some may be due already.
	 * @return the expiries
	 */
	public List<PendingExpiry> expiries() {
		return this.expiries;
	}

	/**
	 * One line per member whose start differs from its configuration, or whose saved
	 * runtime values were dropped, and per dropped expiry.
	 * @return the lines, each starting with {@code member <id>:}
	 */
	public List<String> notes() {
		return this.notes;
	}

	/**
	 * The merged state as the next revision, to write at start-up so that the file
	 * records the configuration of this run: otherwise a configuration edited since and
	 * then edited back would match the old recorded values, and the old runtime values
	 * would win again.
	 * @param writtenAt when it is written
	 * @return the state, revision one above the saved one
	 */
	public RuntimeState state(Instant writtenAt) {
		return RuntimeState.capture(this.savedRevision + 1, writtenAt, this.configured, this.membership, this.expiries);
	}

}

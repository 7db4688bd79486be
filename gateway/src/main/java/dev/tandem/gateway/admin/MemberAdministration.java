package dev.tandem.gateway.admin;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.tandem.gateway.admin.state.AuditEntry;
import dev.tandem.gateway.admin.state.AuditLog;
import dev.tandem.gateway.admin.state.PendingExpiry;
import dev.tandem.gateway.admin.state.RuntimeState;
import dev.tandem.gateway.admin.state.RuntimeStateFile;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.Membership;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Changes members at runtime for the admin API: checks the change, writes the members as
 * they will be to the state file (temp file, fsync, rename), makes the change through the
 * member model, which every feature follows, and appends an audit record, in that order,
 * so a change that was answered survives a power cut. One change at a time; each one
 * bumps the version an operator can send back to be sure nobody changed the members
 * since. Blocks on the disk: call it off the event loops.
 */
public final class MemberAdministration {

	/**
	 * The largest weight the API accepts: far beyond any real ratio, small enough to stay
	 * readable.
	 */
	public static final int MAX_WEIGHT = 1000;

	/** The highest tier the API accepts. */
	public static final int MAX_TIER = 9;

	/** The longest "for how long" of a temporary change. */
	public static final Duration MAX_EXPIRY = Duration.ofDays(7);

	private static final Log logger = LogFactory.getLog(MemberAdministration.class);

	private final Members members;

	private final Membership configured;

	private final RuntimeStateFile stateFile;

	private final AuditLog audit;

	private final Clock clock;

	private final Consumer<String> recover;

	private RuntimeState state;

	private ExpiryTimer expiryTimer = ExpiryTimer.NONE;

	MemberAdministration(Members members, RestoredMembers restored, RuntimeStateFile stateFile, AuditLog audit,
			Clock clock, Consumer<String> recover) {
		this.members = members;
		this.configured = restored.configured();
		this.state = restored.saved();
		this.stateFile = stateFile;
		this.audit = audit;
		this.clock = clock;
		this.recover = recover;
	}

	/**
	 * The version of the members: it changes with every accepted change.
	 * @return the version, 0 before the first change ever
	 */
	public synchronized long version() {
		return this.state.revision();
	}

	/**
	 * The members now.
	 * @return the current snapshot
	 */
	public Membership current() {
		return this.members.current();
	}

	/**
	 * When a member's temporary change returns.
	 * @param memberId the member
	 * @return the pending expiry, or {@code null}
	 */
	public synchronized PendingExpiry expiry(String memberId) {
		return this.state.expiry(memberId).orElse(null);
	}

	/**
	 * Change a member's weight, tier or admin state.
	 * @param id the member id
	 * @param edit the change
	 * @param actor who asks
	 * @return the member after the change
	 * @throws ChangeRefused when the change is not made
	 */
	public synchronized Member edit(String id, MemberEdit edit, Actor actor) {
		checkVersion(edit.version());
		Member before = this.members.current().member(id).orElseThrow(() -> ChangeRefused.unknownMember(id));
		if (edit.weight() == null && edit.tier() == null && edit.state() == null) {
			throw ChangeRefused.badInput("Give at least one of weight, tier or state.");
		}
		if (edit.expiresAfter() != null && edit.state() == null) {
			throw ChangeRefused.badInput("expiresAfter applies to a change of state; give state too.");
		}
		Member after = before;
		if (edit.weight() != null) {
			after = after.withWeight(checkWeight(edit.weight()));
		}
		if (edit.tier() != null) {
			after = after.withTier(checkTier(edit.tier()));
		}
		if (edit.state() != null) {
			after = after.withState(edit.state());
		}
		RuntimeState next = this.state.next(this.configured, this.members.current().with(after), now());
		Instant expiresAt = null;
		if (edit.expiresAfter() != null && edit.state() != before.state()) {
			expiresAt = now().plus(checkExpiry(edit.expiresAfter()));
			next = next.withExpiry(new PendingExpiry(id, edit.state(), before.state(), expiresAt));
		}
		else if (edit.state() != null) {
			// A state set by hand replaces any return that was pending.
			next = next.withoutExpiry(id);
		}
		apply(next);
		auditEdit(before, after, edit.reason(), expiresAt, actor);
		return after;
	}

	/**
	 * Add a member.
	 * @param member the new member
	 * @param reason why, or {@code null}
	 * @param version the version the operator saw, or {@code null}
	 * @param actor who asks
	 * @throws ChangeRefused when the change is not made
	 */
	public synchronized void add(Member member, String reason, Long version, Actor actor) {
		checkVersion(version);
		Membership current = this.members.current();
		if (current.contains(member.id())) {
			throw ChangeRefused.conflict("Member '" + member.id() + "' exists already; change it with PATCH.");
		}
		checkWeight(member.weight());
		checkTier(member.tier());
		for (Member other : current.members()) {
			if (other.uri().equals(member.uri())) {
				throw ChangeRefused.conflict("Member '" + other.id() + "' has the address " + member.uri()
						+ " already; one node is one member.");
			}
		}
		current.routeClash(member).ifPresent((other) -> {
			throw ChangeRefused.conflict("Member '" + other.id() + "' has the route '" + member.route()
					+ "' already; give the new member another route, or both members different groups.");
		});
		apply(this.state.next(this.configured, current.with(member), now()));
		record(actor, "add", member.id(), null, member, reason, null);
	}

	/**
	 * Remove a member that is draining or disabled (or any, with force).
	 * @param id the member id
	 * @param force remove even an active member, or the last one
	 * @param reason why, or {@code null}
	 * @param version the version the operator saw, or {@code null}
	 * @param actor who asks
	 * @throws ChangeRefused when the change is not made
	 */
	public synchronized void remove(String id, boolean force, String reason, Long version, Actor actor) {
		checkVersion(version);
		Membership current = this.members.current();
		Member member = current.member(id).orElseThrow(() -> ChangeRefused.unknownMember(id));
		if (!force && member.state() == AdminState.ACTIVE) {
			throw ChangeRefused.conflict(
					"Member '" + id + "' is active: drain or disable it first, " + "or remove it with force=true.");
		}
		if (current.size() == 1) {
			throw ChangeRefused.conflict("Member '" + id + "' is the last member; the gateway needs one.");
		}
		apply(this.state.next(this.configured, current.without(id), now()).withoutExpiry(id));
		record(actor, "remove", id, member, null, reason, null);
	}

	/**
	 * Clear a member's passive ejection and probe it at once.
	 * @param id the member id
	 * @param reason why, or {@code null}
	 * @param actor who asks
	 * @throws ChangeRefused for an unknown member
	 */
	public synchronized void recover(String id, String reason, Actor actor) {
		if (!this.members.current().contains(id)) {
			throw ChangeRefused.unknownMember(id);
		}
		this.recover.accept(id);
		record(actor, "recover", id, null, null, reason, null);
	}

	/**
	 * Add an audit record for something that is not a member change, such as a rolling
	 * restart's start and end.
	 * @param actor who
	 * @param action what, e.g. {@code rolling-restart}
	 * @param member the member concerned, or {@code null}
	 * @param before the value before, or {@code null}
	 * @param after the value after, or {@code null}
	 * @param reason why, or {@code null}
	 */
	public void note(Actor actor, String action, String member, Object before, Object after, String reason) {
		record(actor, action, member, before, after, reason, null);
	}

	/**
	 * The latest audit records.
	 * @param count how many at most
	 * @return newest first
	 */
	public List<AuditEntry> audit(int count) {
		return this.audit.latest(count);
	}

	/**
	 * Return every member whose temporary change is due to the state it had before.
	 * Called by the expiry timer; also once at start-up for those that fell due while the
	 * gateway was down.
	 */
	public synchronized void expireDue() {
		for (PendingExpiry expiry : this.state.due(now())) {
			Member before = this.members.current().member(expiry.memberId()).orElse(null);
			if (before == null || before.state() != expiry.state()) {
				continue;
			}
			Member after = before.withState(expiry.returnTo());
			try {
				apply(this.state.next(this.configured, this.members.current().with(after), now())
					.withoutExpiry(expiry.memberId()));
				record(Actor.GATEWAY, "expire", expiry.memberId(), before.state(), after.state(),
						"the " + expiry.state().configName() + " set until " + expiry.at() + " expired", null);
			}
			catch (ChangeRefused ex) {
				logger.warn("Cannot return member '" + expiry.memberId() + "' to " + expiry.returnTo().configName()
						+ " now: " + ex.getMessage());
			}
		}
		this.expiryTimer.schedule(this.state.nextExpiryAt().orElse(null));
	}

	void useExpiryTimer(ExpiryTimer timer) {
		this.expiryTimer = timer;
		timer.schedule(this.state.nextExpiryAt().orElse(null));
	}

	private void apply(RuntimeState next) {
		try {
			this.stateFile.write(next);
		}
		catch (IOException ex) {
			logger.error("Cannot write " + this.stateFile.file() + "; the change was not made", ex);
			throw new ChangeRefused(503, "The change was not made: the state file " + this.stateFile.file()
					+ " cannot be written (" + ex.getMessage() + ").");
		}
		this.state = next;
		this.members.change((ignored) -> next.runtime());
		this.expiryTimer.schedule(next.nextExpiryAt().orElse(null));
	}

	private void auditEdit(Member before, Member after, String reason, Instant expiresAt, Actor actor) {
		if (before.weight() != after.weight()) {
			record(actor, "weight", before.id(), before.weight(), after.weight(), reason, null);
		}
		if (before.tier() != after.tier()) {
			record(actor, "tier", before.id(), before.tier(), after.tier(), reason, null);
		}
		if (before.state() != after.state() || expiresAt != null) {
			record(actor, "state", before.id(), before.state(), after.state(), reason, expiresAt);
		}
	}

	private void record(Actor actor, String action, String member, Object before, Object after, String reason,
			Instant expiresAt) {
		AuditEntry entry = new AuditEntry(now(), actor.user(), actor.address(), action, member,
				AuditEntry.value(before), AuditEntry.value(after), reason, expiresAt);
		try {
			this.audit.append(entry);
		}
		catch (IOException ex) {
			// The change is made and in the state file; only its record is missing.
			logger.error("Cannot append to the audit log " + this.audit.file() + ": " + entry, ex);
		}
	}

	private void checkVersion(Long version) {
		if (version != null && !Objects.equals(version, this.state.revision())) {
			throw ChangeRefused.conflict("The members changed since version " + version + " (now "
					+ this.state.revision() + "); reload and try again.");
		}
	}

	private static int checkWeight(int weight) {
		if (weight < 0 || weight > MAX_WEIGHT) {
			throw ChangeRefused.badInput("weight must be between 0 and " + MAX_WEIGHT + ", but was " + weight + ".");
		}
		return weight;
	}

	private static int checkTier(int tier) {
		if (tier < 0 || tier > MAX_TIER) {
			throw ChangeRefused.badInput("tier must be between 0 and " + MAX_TIER + ", but was " + tier + ".");
		}
		return tier;
	}

	private static Duration checkExpiry(Duration expiry) {
		if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(MAX_EXPIRY) > 0) {
			throw ChangeRefused
				.badInput("expiresAfter must be more than 0 and at most 7 days (P7D), but was " + expiry + ".");
		}
		return expiry;
	}

	private Instant now() {
		return this.clock.instant();
	}

	/** Runs {@link #expireDue()} at the next expiry; replaced by each schedule. */
	interface ExpiryTimer {

		ExpiryTimer NONE = (at) -> {
		};

		void schedule(Instant at);

	}

}

package dev.tandem.gateway.admin;

import java.io.IOException;
import java.time.Instant;

import dev.tandem.gateway.admin.state.MergedMembers;
import dev.tandem.gateway.admin.state.RuntimeState;
import dev.tandem.gateway.admin.state.RuntimeStateFile;
import dev.tandem.gateway.admin.state.RuntimeStateMerge;
import dev.tandem.gateway.member.Membership;
import dev.tandem.gateway.member.StartingMembers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Restores the runtime changes kept in the state directory when the gateway starts: the
 * configured members merged with the saved ones by {@link RuntimeStateMerge}'s rule, each
 * disagreement logged in one line. Remembers the configured members and the saved state,
 * which every later change is written against.
 */
final class RestoredMembers implements StartingMembers {

	private static final Log logger = LogFactory.getLog(RestoredMembers.class);

	private final RuntimeStateFile file;

	private volatile Membership configured;

	private volatile RuntimeState saved = RuntimeState.empty();

	RestoredMembers(RuntimeStateFile file) {
		this.file = file;
	}

	@Override
	public Membership from(Membership configured) {
		this.configured = configured;
		RuntimeState state = this.file.read();
		this.saved = state;
		if (state.isEmpty()) {
			return configured;
		}
		MergedMembers merged = RuntimeStateMerge.merge(configured, state);
		RuntimeState restored = merged.state(Instant.now());
		try {
			// Recorded against this configuration at once: a configuration edited and
			// later edited back must not bring an old runtime value back.
			this.file.write(restored);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot write the restored member state to " + this.file.file() + " (" + ex.getMessage()
					+ "); runtime changes will fail until it can be written.");
		}
		this.saved = restored;
		for (String note : merged.notes()) {
			logger.warn(note);
		}
		logger.info("Restored the runtime member changes of " + this.file.file() + " (revision " + state.revision()
				+ "): " + merged.membership().ids());
		return merged.membership();
	}

	Membership configured() {
		return this.configured;
	}

	RuntimeState saved() {
		return this.saved;
	}

}

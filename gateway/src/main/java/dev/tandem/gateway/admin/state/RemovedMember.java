package dev.tandem.gateway.admin.state;

/**
 * A configured member that an operator removed at runtime, with the values the
 * configuration gave it at the time: it stays removed across restarts until the
 * configuration of it changes.
 *
 * @param id the member id
 * @param configured what the configuration said of it when the state was written
 */
public record RemovedMember(String id, MemberValues configured) {

	public RemovedMember {
		if (configured == null) {
			throw new IllegalArgumentException("Removed member '" + id + "' needs its configured values.");
		}
		// Checks the id and the address with the member model's own rule.
		configured.toMember(id);
	}

}

package dev.tandem.gateway.balancing.core;

/**
 * What an operator wants from a member, independent of its health: {@link #ACTIVE} takes
 * new and sticky clients, {@link #DRAINING} keeps its sticky clients but takes no new
 * ones, {@link #DISABLED} takes no traffic at all (not even in panic).
 */
public enum AdminState {

	/** Takes new and sticky clients while healthy. */
	ACTIVE,

	/** Keeps its sticky clients, takes no new ones. */
	DRAINING,

	/** Takes no traffic, not even in panic mode. */
	DISABLED

}

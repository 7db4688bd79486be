package dev.tandem.gateway.member;

import java.util.Locale;

/**
 * What an operator wants from a member, independent of its health: {@link #ACTIVE} takes
 * new and sticky clients, {@link #DRAINING} keeps its sticky clients but takes no new
 * ones, {@link #DISABLED} takes no traffic at all (not even in panic). Configuration and
 * the admin API name them in lower case, like httpd's balancer-manager flags ({@code +D}
 * draining, {@code +S} stopped).
 */
public enum AdminState {

	/** Takes new and sticky clients while healthy. */
	ACTIVE,

	/** Keeps its sticky clients, takes no new ones. */
	DRAINING,

	/** Takes no traffic, not even in panic mode. */
	DISABLED;

	/**
	 * The name configuration and the admin API use.
	 * @return {@code active}, {@code draining} or {@code disabled}
	 */
	public String configName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The state a configuration names, ignoring case and surrounding blanks.
	 * @param name {@code active}, {@code draining} or {@code disabled}
	 * @return the state
	 * @throws IllegalArgumentException for any other name
	 */
	public static AdminState named(String name) {
		if (name != null) {
			for (AdminState state : values()) {
				if (state.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
					return state;
				}
			}
		}
		throw new IllegalArgumentException("Unknown member state '" + name + "'; use active, draining or disabled.");
	}

}

package dev.tandem.gateway.member;

/**
 * Decides which members the gateway starts with, given the configured ones: the
 * management plane restores the runtime changes kept in its state directory here, before
 * any feature has seen a member. Without such a bean the configured members are used.
 */
@FunctionalInterface
public interface StartingMembers {

	/**
	 * The members to start with.
	 * @param configured the members from configuration
	 * @return the members the gateway starts with
	 */
	Membership from(Membership configured);

}

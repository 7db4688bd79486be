package dev.tandem.gateway.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The gateway's own allow-list for BlockHound: what may block on a non-blocking thread in
 * its tests, each entry with the reason. Applied by {@link BlockHoundExtension} after the
 * integrations BlockHound (logging, standard output), Reactor, Netty and Spring ship.
 * <p>
 * Empty: with those, no blocking call on a non-blocking thread was found in any gateway
 * test, neither at startup nor in the test plumbing ({@link StubMember} blocks only on
 * the test's own thread). An entry belongs here only for a call that must block and
 * cannot move off the event loop; a blocking call found in the gateway's main code is a
 * bug to fix rather than to allow.
 */
class GatewayBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
	}

}

package dev.tandem.gateway.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The gateway's own allow-list for BlockHound: what may block on a non-blocking thread in
 * its tests, each entry with the reason. Applied by {@link BlockHoundExtension} after the
 * integrations BlockHound (logging, standard output), Reactor, Netty and Spring ship.
 * <p>
 * One entry: the JDK's default {@code SecureRandom} on Linux (NativePRNG) refills its
 * buffer from {@code /dev/urandom}, a file read BlockHound flags, though that device
 * never blocks. Spring Security draws from it for every CSRF token the management port
 * makes ({@code XorServerCsrfTokenRequestAttributeHandler}), and a CI run caught one such
 * refill on a parallel thread. Otherwise no blocking call on a non-blocking thread was
 * found in any gateway test ({@link StubMember} blocks only on the test's own thread). An
 * entry belongs here only for a call that must block and cannot move off the event loop;
 * a blocking call found in the gateway's main code is a bug to fix rather than to allow.
 */
class GatewayBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes");
	}

}

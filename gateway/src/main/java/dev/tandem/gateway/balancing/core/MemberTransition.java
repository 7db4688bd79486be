package dev.tandem.gateway.balancing.core;

/**
 * One change of a member's state, reported once by the {@link Balancer} that made it: the
 * display state before and after (see {@link BalancerSnapshot.Member#state()}) and a
 * sentence for the log saying why.
 *
 * @param memberId the member that changed
 * @param from display state before, e.g. {@code up}
 * @param to display state after, e.g. {@code ejected}
 * @param reason why, for a human, e.g.
 * {@code 3 consecutive failures, last: connect refused}
 */
public record MemberTransition(String memberId, String from, String to, String reason) {

}

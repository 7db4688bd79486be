package dev.tandem.gateway.balancing;

import java.util.Set;
import java.util.function.Consumer;

import dev.tandem.gateway.balancing.core.MemberTransition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs each member state change once, with its reason: a WARN when a member stops taking
 * traffic, an INFO otherwise. This is the one place transitions are logged; health
 * checks, ejection and admin changes all arrive here through the balancer.
 */
final class MemberTransitionLog implements Consumer<MemberTransition> {

	private static final Log logger = LogFactory.getLog(MemberTransitionLog.class);

	private static final Set<String> OUT_OF_SERVICE = Set.of("down", "ejected", "disabled");

	@Override
	public void accept(MemberTransition transition) {
		// A change hidden behind a state that wins the display (an ejection of a member
		// that is already down, a new weight) still deserves its line.
		String change = transition.from().equals(transition.to()) ? "still " + transition.to()
				: transition.from() + " -> " + transition.to();
		String line = "member " + transition.memberId() + ": " + change + " (" + transition.reason() + ")";
		if (OUT_OF_SERVICE.contains(transition.to())) {
			logger.warn(line);
		}
		else {
			logger.info(line);
		}
	}

}

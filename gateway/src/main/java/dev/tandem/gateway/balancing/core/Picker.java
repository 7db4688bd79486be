package dev.tandem.gateway.balancing.core;

import java.util.Set;

/**
 * One strategy at work inside one balancer: picks a position among the candidates of a
 * tier of a roster. It must not allocate: it runs once per request.
 */
interface Picker {

	/**
	 * Picks a candidate.
	 * @param roster the snapshot being read
	 * @param from first position of the serving tier
	 * @param to position after the last of the serving tier
	 * @param excluded members this request already tried, or {@code null} for none
	 * @param now the balancer's clock
	 * @return a position for which {@link Roster#candidate} holds, or -1 when none does
	 */
	int pick(Roster roster, int from, int to, Set<String> excluded, long now);

}

package dev.tandem.session.testing;

import java.time.Duration;

import com.hazelcast.internal.util.Clock;

/**
 * Hazelcast's clock with the members of one JVM split in two: a member whose instance
 * name starts with {@link #NAME_PREFIX} runs {@link #AHEAD} ahead, every other one on the
 * system clock. Hazelcast reads its clock through {@link Clock} only, a JVM-wide
 * singleton ({@code -Dcom.hazelcast.clock.offset} moves every member at once), so this
 * one tells the members apart by the thread asking: every thread a member runs (its
 * partition threads, which stamp entries, its heartbeats, its merge) is named
 * {@code hz.<instance name>.}. Installed with
 * {@code -Dcom.hazelcast.clock.impl=dev.tandem.session.testing.ClockAheadMembers} before
 * Hazelcast is first used (the build's failsafe configuration does that).
 */
public class ClockAheadMembers extends Clock.ClockImpl {

	/** How far the clock of a member named with the prefix runs ahead. */
	public static final Duration AHEAD = Duration.ofSeconds(40);

	/** The start of the instance name of a member whose clock runs ahead. */
	public static final String NAME_PREFIX = "clock-ahead-";

	private static final String THREAD_PREFIX = "hz." + NAME_PREFIX;

	private static final long AHEAD_MILLIS = AHEAD.toMillis();

	@Override
	protected long currentTimeMillis() {
		long now = System.currentTimeMillis();
		return Thread.currentThread().getName().startsWith(THREAD_PREFIX) ? now + AHEAD_MILLIS : now;
	}

	/**
	 * Whether Hazelcast's clock is this one.
	 * @return {@code true} when {@code com.hazelcast.clock.impl} names this class
	 */
	public static boolean installed() {
		return ClockAheadMembers.class.getName().equals(System.getProperty("com.hazelcast.clock.impl"));
	}

}

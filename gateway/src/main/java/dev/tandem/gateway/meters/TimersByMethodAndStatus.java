package dev.tandem.gateway.meters;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Timer;

import org.springframework.http.HttpMethod;

/**
 * The timers of one meter name, one per request method and answer status, each made on
 * first use and kept: the usual methods and statuses sit in an array, so finding the
 * timer of an answer looks up no tags and allocates nothing. Registering the same timer
 * twice returns the same one, so no lock is needed.
 */
public final class TimersByMethodAndStatus {

	private static final HttpMethod[] METHODS = HttpMethod.values();

	private static final int FIRST_STATUS = 100;

	private static final int STATUSES = 500;

	private final TimerMaker maker;

	/** By method (its index in {@link #METHODS}) and status. */
	private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(METHODS.length * STATUSES);

	/** Other methods and statuses: rare. */
	private final Map<String, Timer> others = new ConcurrentHashMap<>();

	/**
	 * Timers made by the given maker.
	 * @param maker registers the timer of a method and status
	 */
	public TimersByMethodAndStatus(TimerMaker maker) {
		this.maker = maker;
	}

	/**
	 * The timer of a method and status.
	 * @param method the request's method
	 * @param status the answer's status
	 * @return its timer, registered on first use
	 */
	public Timer of(HttpMethod method, int status) {
		int methodIndex = indexOf(method);
		if (methodIndex < 0 || status < FIRST_STATUS || status >= FIRST_STATUS + STATUSES) {
			return this.others.computeIfAbsent(method.name() + " " + status,
					(key) -> this.maker.make(method.name(), status));
		}
		int slot = methodIndex * STATUSES + (status - FIRST_STATUS);
		Timer timer = this.timers.get(slot);
		if (timer == null) {
			timer = this.maker.make(method.name(), status);
			this.timers.set(slot, timer);
		}
		return timer;
	}

	private static int indexOf(HttpMethod method) {
		for (int i = 0; i < METHODS.length; i++) {
			if (METHODS[i] == method) {
				return i;
			}
		}
		return -1;
	}

	/** Registers the timer of one method and status. */
	@FunctionalInterface
	public interface TimerMaker {

		/**
		 * Register the timer.
		 * @param method the method's name
		 * @param status the status
		 * @return the timer
		 */
		Timer make(String method, int status);

	}

}

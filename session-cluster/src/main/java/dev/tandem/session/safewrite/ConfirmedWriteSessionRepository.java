package dev.tandem.session.safewrite;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * A session repository that tries a write again, a few times with a short pause, when the
 * cluster did not confirm it (see {@link UnconfirmedWrites}), and throws
 * {@link UnconfirmedSessionWriteException} when the last attempt is not confirmed either.
 * Trying again is safe because Spring Session's Hazelcast save writes absolute values
 * (the whole new session, or the changed attributes, last-access time and timeout), never
 * increments: a second attempt stores the same state as the first, whether or not the
 * first reached the primary copy. But only for a while: once the gateway has given up on
 * the request (its response timeout, 10 s by default), the client moves on and writes
 * newer state, which a late attempt would overwrite with this request's older one. So no
 * attempt of a save starts later than {@link #RETRY_WINDOW} after its request began using
 * the session (the session's last-access time, which Spring Session sets then), the first
 * attempt included: a request that a freeze or a long wait kept past it fails instead of
 * writing its stale state over the cluster's newer one. And no attempt of a save starts
 * once this node has begun merging into another cluster since its request read the
 * session: the request read this node's side's copy, which the merge may have replaced.
 *
 * @param <S> the session type
 */
public final class ConfirmedWriteSessionRepository<S extends Session> implements FindByIndexNameSessionRepository<S> {

	/** Attempts per write, the first included. */
	public static final int ATTEMPTS = 3;

	/** The pause after the first failed attempt; it grows by as much after each one. */
	public static final Duration BACKOFF = Duration.ofMillis(100);

	/**
	 * No attempt starts later than this after the first: inside the gateway's response
	 * timeout (10 s by default), while the client is still waiting for this request and
	 * has written nothing newer (an attempt's write lands when it starts; only its
	 * confirmation is waited for). A first attempt that waited the 5 s backup timeout
	 * (about 6 s with Hazelcast's timeout check) still gets its second; a third, after
	 * another such wait, would not. A gateway with a response timeout shorter than this
	 * needs a shorter window.
	 */
	public static final Duration RETRY_WINDOW = Duration.ofSeconds(8);

	private static final Log logger = LogFactory.getLog(ConfirmedWriteSessionRepository.class);

	private final FindByIndexNameSessionRepository<S> delegate;

	private final int attempts;

	private final Duration backoff;

	private final Pause pause;

	private final Duration retryWindow;

	private final LongSupplier nanoClock;

	private final Clock clock;

	private final LongSupplier mergeCount;

	// The merge count when this thread's request read or created its session.
	private final ThreadLocal<Long> mergeCountAtRead = new ThreadLocal<>();

	// Spring Session saves a request's session twice when the first save fails: once when
	// the response is about to be committed, and again when its filter finishes. The
	// second
	// save of the same session on the same thread fails at once with the first failure,
	// so
	// a request waits for one round of attempts and is reported once.
	private final ThreadLocal<FailedSave> failedSave = new ThreadLocal<>();

	/**
	 * Decorate a repository with {@link #ATTEMPTS} attempts and a {@link #BACKOFF} pause.
	 * @param delegate the repository that writes to the cluster
	 */
	public ConfirmedWriteSessionRepository(FindByIndexNameSessionRepository<S> delegate) {
		this(delegate, () -> 0);
	}

	/**
	 * Decorate a repository with {@link #ATTEMPTS} attempts and a {@link #BACKOFF} pause,
	 * refusing saves of requests that read their session before a merge.
	 * @param delegate the repository that writes to the cluster
	 * @param mergeCount how many times this node began merging into another cluster
	 */
	public ConfirmedWriteSessionRepository(FindByIndexNameSessionRepository<S> delegate, LongSupplier mergeCount) {
		this(delegate, ATTEMPTS, BACKOFF, Pause.SLEEP, RETRY_WINDOW, System::nanoTime, Clock.systemUTC(), mergeCount);
	}

	ConfirmedWriteSessionRepository(FindByIndexNameSessionRepository<S> delegate, int attempts, Duration backoff,
			Pause pause) {
		this(delegate, attempts, backoff, pause, RETRY_WINDOW, System::nanoTime, Clock.systemUTC(), () -> 0);
	}

	ConfirmedWriteSessionRepository(FindByIndexNameSessionRepository<S> delegate, int attempts, Duration backoff,
			Pause pause, Duration retryWindow, LongSupplier nanoClock, Clock clock, LongSupplier mergeCount) {
		if (attempts < 1) {
			throw new IllegalArgumentException("attempts must be at least 1, but was " + attempts + ".");
		}
		this.delegate = delegate;
		this.attempts = attempts;
		this.backoff = backoff;
		this.pause = pause;
		this.retryWindow = retryWindow;
		this.nanoClock = nanoClock;
		this.clock = clock;
		this.mergeCount = mergeCount;
	}

	/**
	 * The repository this one writes through.
	 * @return the decorated repository
	 */
	public FindByIndexNameSessionRepository<S> delegate() {
		return this.delegate;
	}

	@Override
	public S createSession() {
		this.mergeCountAtRead.set(this.mergeCount.getAsLong());
		return this.delegate.createSession();
	}

	@Override
	public void save(S session) {
		FailedSave failed = this.failedSave.get();
		this.failedSave.remove();
		if (failed != null && failed.session() == session) {
			throw failed.failure();
		}
		try {
			// Measured from when the request began using the session, so that a request
			// held up before its save (a frozen node) is as late as one whose attempts
			// took long.
			Instant began = session.getLastAccessedTime();
			Long mergesAtRead = this.mergeCountAtRead.get();
			confirmed("save", () -> Duration.between(began, this.clock.instant()).toNanos(), () -> {
				if (mergesAtRead != null && mergesAtRead != this.mergeCount.getAsLong()) {
					throw UnconfirmedSessionWriteException.readBeforeMerge();
				}
				this.delegate.save(session);
				return null;
			});
		}
		catch (UnconfirmedSessionWriteException ex) {
			this.failedSave.set(new FailedSave(session, ex));
			throw ex;
		}
	}

	// A read too: Spring Session deletes a session it finds expired.
	@Override
	public S findById(String id) {
		this.mergeCountAtRead.set(this.mergeCount.getAsLong());
		return confirmed("read", sinceNow(), () -> this.delegate.findById(id));
	}

	@Override
	public void deleteById(String id) {
		confirmed("delete", sinceNow(), () -> {
			this.delegate.deleteById(id);
			return null;
		});
	}

	@Override
	public Map<String, S> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		return this.delegate.findByIndexNameAndIndexValue(indexName, indexValue);
	}

	private LongSupplier sinceNow() {
		long started = this.nanoClock.getAsLong();
		return () -> this.nanoClock.getAsLong() - started;
	}

	private <T> T confirmed(String what, LongSupplier elapsedNanos, Supplier<T> write) {
		long late = elapsedNanos.getAsLong();
		if (late > this.retryWindow.toNanos()) {
			throw UnconfirmedSessionWriteException.tooLate(Duration.ofNanos(late));
		}
		for (int attempt = 1;; attempt++) {
			try {
				T result = write.get();
				if (attempt > 1) {
					logger.info("A session " + what + " was confirmed by the cluster on attempt " + attempt + " of "
							+ this.attempts + ".");
				}
				return result;
			}
			catch (RuntimeException ex) {
				if (!UnconfirmedWrites.isUnconfirmed(ex)) {
					throw ex;
				}
				Duration pause = this.backoff.multipliedBy(attempt);
				long nextStart = elapsedNanos.getAsLong() + pause.toNanos();
				if (attempt >= this.attempts || nextStart > this.retryWindow.toNanos()) {
					throw new UnconfirmedSessionWriteException(attempt, ex);
				}
				pause(pause, attempt, ex);
			}
		}
	}

	private void pause(Duration duration, int attempt, RuntimeException failure) {
		try {
			this.pause.pause(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnconfirmedSessionWriteException(attempt, failure);
		}
	}

	/** Waits between two attempts; tests replace it so that they never sleep. */
	@FunctionalInterface
	interface Pause {

		/** Sleeps on the calling thread. */
		Pause SLEEP = (duration) -> Thread.sleep(duration.toMillis());

		void pause(Duration duration) throws InterruptedException;

	}

	private record FailedSave(Session session, UnconfirmedSessionWriteException failure) {

	}

}

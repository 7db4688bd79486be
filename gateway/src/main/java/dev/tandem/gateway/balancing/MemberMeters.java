package dev.tandem.gateway.balancing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.tandem.gateway.meters.ExceptionTag;
import dev.tandem.gateway.meters.HttpOutcome;
import dev.tandem.gateway.meters.TimersByMethodAndStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpMethod;

/**
 * One member's {@code loadbalancer.requests.*} meters, with the names and tags Spring
 * Cloud LoadBalancer's Micrometer statistics give them: {@code .active} (a gauge of the
 * attempts in flight), {@code .success} (a timer by method, status and outcome) and
 * {@code .failed} (a timer by exception). Each meter is registered on first use and kept,
 * so recording an answered attempt looks up no tags and allocates nothing; a member that
 * leaves gets new meters when it comes back (see {@link LoadBalancerMeters}).
 */
final class MemberMeters {

	static final String UNKNOWN = HttpOutcome.UNKNOWN;

	private final MeterRegistry registry;

	private final ServiceInstance instance;

	private final Tags instanceTags;

	private final AtomicLong active = new AtomicLong();

	private volatile boolean activeRegistered;

	private final TimersByMethodAndStatus successes;

	/** The failures by method and exception: rare. */
	private final Map<Tags, Timer> failures = new ConcurrentHashMap<>();

	MemberMeters(MeterRegistry registry, ServiceInstance instance) {
		this.registry = registry;
		this.instance = instance;
		this.instanceTags = Tags.of("serviceId", valueOrUnknown(instance.getServiceId()), "serviceInstance.instanceId",
				valueOrUnknown(instance.getInstanceId()), "serviceInstance.host", valueOrUnknown(instance.getHost()),
				"serviceInstance.port", String.valueOf(instance.getPort()));
		this.successes = new TimersByMethodAndStatus((method, status) -> timer("success", successTags(method, status)));
	}

	/** The member as these meters were made for: its id and address. */
	ServiceInstance instance() {
		return this.instance;
	}

	/** An attempt at the member started. */
	void started() {
		if (!this.activeRegistered) {
			// Registering twice returns the same gauge: no lock needed.
			Gauge.builder(LoadBalancerMeters.PREFIX + "active", this.active, AtomicLong::get)
				.tags(this.instanceTags)
				.register(this.registry);
			this.activeRegistered = true;
		}
		this.active.incrementAndGet();
	}

	/** An attempt at the member ended, however. */
	void ended() {
		this.active.decrementAndGet();
	}

	/**
	 * The member answered.
	 * @param method the request's method
	 * @param code the answer's status
	 * @param nanos how long the attempt took
	 */
	void succeeded(HttpMethod method, int code, long nanos) {
		this.successes.of(method, code).record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * The attempt got no answer from the member.
	 * @param method the request's method
	 * @param error why
	 * @param nanos how long the attempt took
	 */
	void failed(HttpMethod method, Throwable error, long nanos) {
		Tags tags = this.instanceTags.and("exception", ExceptionTag.of(error))
			.and("method", method.name(), "uri", UNKNOWN);
		this.failures.computeIfAbsent(tags, (key) -> timer("failed", key)).record(nanos, TimeUnit.NANOSECONDS);
	}

	private Tags successTags(String method, int status) {
		return this.instanceTags.and("method", method, "uri", UNKNOWN)
			.and("outcome", HttpOutcome.of(status), "status", String.valueOf(status));
	}

	private Timer timer(String kind, Tags tags) {
		return Timer.builder(LoadBalancerMeters.PREFIX + kind).tags(tags).register(this.registry);
	}

	private static String valueOrUnknown(String value) {
		return (value != null) ? value : UNKNOWN;
	}

}

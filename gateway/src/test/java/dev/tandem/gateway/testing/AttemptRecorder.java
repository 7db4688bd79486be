package dev.tandem.gateway.testing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;

/**
 * Records the attempts that Spring Cloud LoadBalancer reports through its lifecycle
 * callbacks, keyed by the client's request URI (path and query), so a test can see which
 * members each request met and how each attempt ended. Import it into a gateway test: the
 * members' load-balancer context finds lifecycle beans in its parent.
 */
public class AttemptRecorder implements LoadBalancerLifecycle<RequestDataContext, ResponseData, ServiceInstance> {

	/** How one attempt ended, as {@code onComplete} reported it. */
	public record Completion(String member, CompletionContext.Status status, Throwable error) {

	}

	private final Map<String, List<String>> started = new ConcurrentHashMap<>();

	private final Map<String, List<Completion>> completed = new ConcurrentHashMap<>();

	@Override
	public void onStart(Request<RequestDataContext> request) {
	}

	@Override
	public void onStartRequest(Request<RequestDataContext> request, Response<ServiceInstance> lbResponse) {
		this.started.computeIfAbsent(key(request), (uri) -> new CopyOnWriteArrayList<>()).add(member(lbResponse));
	}

	@Override
	public void onComplete(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> context) {
		this.completed.computeIfAbsent(key(context.getLoadBalancerRequest()), (uri) -> new CopyOnWriteArrayList<>())
			.add(new Completion(member(context.getLoadBalancerResponse()), context.status(), context.getThrowable()));
	}

	/**
	 * The members chosen for the request with this URI, in order.
	 */
	public List<String> membersTried(String uri) {
		return List.copyOf(this.started.getOrDefault(uri, List.of()));
	}

	/**
	 * How each attempt of the request with this URI ended, in order.
	 */
	public List<Completion> completions(String uri) {
		return List.copyOf(this.completed.getOrDefault(uri, List.of()));
	}

	public void forget() {
		this.started.clear();
		this.completed.clear();
	}

	private static String key(Request<RequestDataContext> request) {
		URI url = request.getContext().getClientRequest().getUrl();
		return url.getRawPath() + ((url.getRawQuery() != null) ? "?" + url.getRawQuery() : "");
	}

	private static String member(Response<ServiceInstance> response) {
		return (response != null && response.hasServer()) ? response.getServer().getInstanceId() : null;
	}

}

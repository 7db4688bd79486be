package dev.tandem.gateway;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Tandem's {@link GatewayWebStage web stages} as the one {@link WebFilter} Spring runs,
 * first of the web filters: Spring's web filter chain adds a Reactor checkpoint to every
 * web filter of every request, so the stages pass a request to each other through links
 * of their own, made once per chain that follows them, and a request pays for one
 * checkpoint instead of one per stage. Spring hands this filter to the management
 * server's child context too, as it did each stage before; the stages that must not act
 * there step aside by themselves.
 */
public final class GatewayWebStages implements WebFilter, Ordered {

	private final GatewayWebStage[] stages;

	/**
	 * The stages linked to the chain Spring passed last. Spring passes the same chain
	 * object for every request of one port, so the links are made again only when a
	 * request of the other port (the management port) comes in between.
	 */
	private volatile Links links;

	/**
	 * Run the given stages in their order.
	 * @param stages the stages, in any order
	 */
	public GatewayWebStages(List<? extends GatewayWebStage> stages) {
		List<GatewayWebStage> sorted = new ArrayList<>(stages);
		AnnotationAwareOrderComparator.sort(sorted);
		this.stages = sorted.toArray(new GatewayWebStage[0]);
		this.links = new Links(null, this.stages);
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.ACCESS_LOG;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Links current = this.links;
		if (current.last != chain) {
			current = new Links(chain, this.stages);
			this.links = current;
		}
		return current.first.filter(exchange);
	}

	/**
	 * The stages in the order a request meets them.
	 * @return the stages
	 */
	List<GatewayWebStage> stages() {
		return List.of(this.stages);
	}

	/** Each stage linked to the next, the last to the chain that follows them all. */
	private static final class Links {

		private final WebFilterChain last;

		private final WebFilterChain first;

		Links(WebFilterChain last, GatewayWebStage[] stages) {
			WebFilterChain next = last;
			for (int i = stages.length - 1; i >= 0; i--) {
				next = new Link(stages[i], next);
			}
			this.last = last;
			this.first = next;
		}

	}

	/** One stage with the chain it passes a request on to. */
	private record Link(GatewayWebStage stage, WebFilterChain next) implements WebFilterChain {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			try {
				return this.stage.filter(exchange, this.next);
			}
			catch (RuntimeException ex) {
				// As Spring's chain, which defers each filter: a stage that throws ends
				// in an error signal, which the stages before it see.
				return Mono.error(ex);
			}
		}

	}

}

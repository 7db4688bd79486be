package dev.tandem.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayWebStagesTests {

	private final List<String> seen = new CopyOnWriteArrayList<>();

	@Test
	void shouldRunTheStagesInTheirOrderThenTheChainAfterThem() {
		GatewayWebStages stages = new GatewayWebStages(List.of(stage("third", 3, passOn("third")),
				stage("first", 1, passOn("first")), stage("second", 2, passOn("second"))));

		StepVerifier.create(stages.filter(exchange("/a"), recordingChain("end"))).verifyComplete();

		assertThat(this.seen).containsExactly("first /a", "second /a", "third /a", "end /a");
	}

	@Test
	void shouldPassTheExchangeAStageMutatedToTheStagesAfterIt() {
		GatewayWebStages stages = new GatewayWebStages(List.of(
				stage("rewrite", 1,
						(exchange, chain) -> chain.filter(
								exchange.mutate().request(exchange.getRequest().mutate().path("/b").build()).build())),
				stage("after", 2, passOn("after"))));

		StepVerifier.create(stages.filter(exchange("/a"), recordingChain("end"))).verifyComplete();

		assertThat(this.seen).containsExactly("after /b", "end /b");
	}

	@Test
	void shouldStopAtAStageThatAnswers() {
		GatewayWebStages stages = new GatewayWebStages(List.of(stage("refuse", 1, (exchange, chain) -> {
			exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
			return exchange.getResponse().setComplete();
		}), stage("after", 2, passOn("after"))));
		MockServerWebExchange exchange = exchange("/a");

		StepVerifier.create(stages.filter(exchange, recordingChain("end"))).verifyComplete();

		assertThat(this.seen).isEmpty();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void shouldTurnAStageThatThrowsIntoAnErrorTheStagesBeforeItSee() {
		GatewayWebStages stages = new GatewayWebStages(List.of(
				stage("outer", 1,
						(exchange, chain) -> chain.filter(exchange)
							.doOnError((error) -> this.seen.add("outer saw " + error.getMessage()))),
				stage("throwing", 2, (exchange, chain) -> {
					throw new IllegalStateException("broken");
				})));

		StepVerifier.create(stages.filter(exchange("/a"), recordingChain("end"))).verifyErrorMessage("broken");

		assertThat(this.seen).containsExactly("outer saw broken");
	}

	@Test
	void shouldEndInTheChainOfEachRequestWhenTwoPortsTakeTurns() {
		GatewayWebStages stages = new GatewayWebStages(List.of(stage("only", 1, passOn("only"))));
		WebFilterChain publicChain = recordingChain("public");

		StepVerifier.create(stages.filter(exchange("/public"), publicChain)).verifyComplete();
		StepVerifier.create(stages.filter(exchange("/management"), recordingChain("management"))).verifyComplete();
		StepVerifier.create(stages.filter(exchange("/public-again"), publicChain)).verifyComplete();

		assertThat(this.seen).containsExactly("only /public", "public /public", "only /management",
				"management /management", "only /public-again", "public /public-again");
	}

	private BiFunction<ServerWebExchange, WebFilterChain, Mono<Void>> passOn(String name) {
		return (exchange, chain) -> {
			this.seen.add(name + " " + exchange.getRequest().getPath());
			return chain.filter(exchange);
		};
	}

	private WebFilterChain recordingChain(String name) {
		return (exchange) -> {
			this.seen.add(name + " " + exchange.getRequest().getPath());
			return Mono.empty();
		};
	}

	private static MockServerWebExchange exchange(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.get(path));
	}

	private static GatewayWebStage stage(String name, int order,
			BiFunction<ServerWebExchange, WebFilterChain, Mono<Void>> decision) {
		return new GatewayWebStage() {

			@Override
			public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
				return decision.apply(exchange, chain);
			}

			@Override
			public int getOrder() {
				return order;
			}

			@Override
			public String toString() {
				return name;
			}

		};
	}

}

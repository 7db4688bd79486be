package dev.tandem.gateway.health;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancingPolicy;
import dev.tandem.gateway.balancing.core.MemberSpec;
import dev.tandem.gateway.balancing.core.Strategy;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.MembersProperties;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HealthCheckConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(MembersConfiguration.class, HealthCheckConfiguration.class)
		.withPropertyValues("tandem.gateway.members[0].id=was1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:" + refusingPort());

	@Test
	void shouldKeepEveryMemberUpWithoutProbingWhenDisabled() {
		this.runner.withPropertyValues("tandem.gateway.health.enabled=false").run((context) -> {
			ActiveHealthChecker checker = context.getBean(ActiveHealthChecker.class);
			assertThat(checker.isRunning()).isFalse();
			assertThat(checker.snapshot().members())
				.containsExactly(new MemberHealth("was1", true, null, "health checks disabled", 0, 0));
			assertThat(context).hasBean("membersHealthIndicator");
		});
	}

	@Test
	void shouldTellEveryListenerOnceAndStopOnClose() {
		Heard heard = new Heard(new CopyOnWriteArrayList<>());
		this.runner.withUserConfiguration(ListenersConfiguration.class)
			.withBean(Heard.class, () -> heard)
			.withPropertyValues("tandem.gateway.health.interval=1s", "tandem.gateway.health.timeout=900ms",
					"tandem.gateway.health.fall=1")
			.run((context) -> {
				ActiveHealthChecker checker = context.getBean(ActiveHealthChecker.class);
				HttpHealthProbe probe = context.getBean(HttpHealthProbe.class);
				assertThat(checker.isRunning()).isTrue();
				await().atMost(Duration.ofSeconds(10)).until(() -> heard.lines().size() == 2);
				assertThat(heard.lines()).containsExactlyInAnyOrder(
						"first was1 false 1 failed probe, last: connect refused",
						"second was1 false 1 failed probe, last: connect refused");

				context.close();

				assertThat(checker.isRunning()).isFalse();
				assertThat(probe.isClosed()).isTrue();
			});
	}

	/** A loopback port that was just free, so connections to it are refused. */
	private static int refusingPort() {
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).bindNow();
		int port = server.port();
		server.disposeNow();
		return port;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MembersProperties.class)
	static class MembersConfiguration {

		@Bean
		Members members(MembersProperties properties) {
			return new Members(properties.membership());
		}

		@Bean
		Balancer balancer() {
			return new Balancer(List.of(new MemberSpec("was1", 1, 0)),
					BalancingPolicy.of(Strategy.weightedRoundRobin()), System::nanoTime, new Random(42),
					(transition) -> {
					});
		}

	}

	/** What the listeners heard, one line per call. */
	record Heard(List<String> lines) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ListenersConfiguration {

		@Bean
		MemberHealthListener first(Heard heard) {
			return (id, ready, reason) -> heard.lines().add("first " + id + " " + ready + " " + reason);
		}

		@Bean
		MemberHealthListener second(Heard heard) {
			return (id, ready, reason) -> heard.lines().add("second " + id + " " + ready + " " + reason);
		}

	}

}

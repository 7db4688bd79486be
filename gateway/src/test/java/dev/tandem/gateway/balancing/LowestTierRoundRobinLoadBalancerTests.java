package dev.tandem.gateway.balancing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tandem.gateway.balancing.MemberProperties.Member;
import dev.tandem.gateway.routing.FailoverFilter;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class LowestTierRoundRobinLoadBalancerTests {

	@Test
	void shouldAlternateExactlyBetweenActiveMembers() {
		LowestTierRoundRobinLoadBalancer balancer = balancerFor(member("was1", 0), member("was2", 0),
				member("was3", 1));

		assertThat(choose(balancer, 6)).containsExactly("was1", "was2", "was1", "was2", "was1", "was2");
	}

	@Test
	void shouldNeverChooseAStandbyWhileActivesAreConfigured() {
		LowestTierRoundRobinLoadBalancer balancer = balancerFor(member("was3", 1), member("was1", 0),
				member("was4", 2));

		assertThat(choose(balancer, 5)).containsOnly("was1");
	}

	@Test
	void shouldServeFromTheLowestTierPresent() {
		LowestTierRoundRobinLoadBalancer balancer = balancerFor(member("was3", 2), member("was1", 1),
				member("was2", 1));

		assertThat(choose(balancer, 4)).containsExactly("was1", "was2", "was1", "was2");
	}

	@Test
	void shouldNeverChooseAMemberTheRequestWasAlreadySentTo() {
		LowestTierRoundRobinLoadBalancer balancer = balancerFor(member("was1", 0), member("was2", 0),
				member("was3", 0));

		for (int i = 0; i < 6; i++) {
			assertThat(chooseAfterTrying(balancer, "was2", "was3")).isEqualTo("was1");
		}
		assertThat(choose(balancer, 3)).containsExactlyInAnyOrder("was1", "was2", "was3");
	}

	@Test
	void shouldFailOverToTheStandbyOnceEveryActiveWasTried() {
		LowestTierRoundRobinLoadBalancer balancer = balancerFor(member("was1", 0), member("was2", 0),
				member("was3", 1));

		assertThat(chooseAfterTrying(balancer, "was1", "was2")).isEqualTo("was3");
	}

	@Test
	void shouldChooseNoInstanceOnceEveryMemberWasTried() {
		LowestTierRoundRobinLoadBalancer balancer = balancerFor(member("was1", 0), member("was2", 1));

		Response<ServiceInstance> response = balancer.choose(requestAfterTrying("was1", "was2")).block();

		assertThat(response).isNotNull();
		assertThat(response.hasServer()).isFalse();
	}

	@Test
	void shouldChooseNoInstanceFromAnEmptyList() {
		LowestTierRoundRobinLoadBalancer balancer = new LowestTierRoundRobinLoadBalancer(
				ServiceInstanceListSuppliers.from(BalancingConfiguration.SERVICE_ID));

		Response<ServiceInstance> response = balancer.choose(new DefaultRequest<>()).block();

		assertThat(response).isNotNull();
		assertThat(response.hasServer()).isFalse();
	}

	@Test
	void shouldDescribeEachMemberAsAServiceInstance() {
		MemberServiceInstanceListSupplier supplier = new MemberServiceInstanceListSupplier(
				BalancingConfiguration.SERVICE_ID,
				new MemberProperties(List.of(new Member("was1", "https://pi2.local", 3, 1))));

		ServiceInstance instance = supplier.get().blockFirst().get(0);

		assertThat(instance.getInstanceId()).isEqualTo("was1");
		assertThat(instance.getServiceId()).isEqualTo("tandem");
		assertThat(instance.getUri()).isEqualTo(URI.create("https://pi2.local:443"));
		assertThat(instance.getMetadata()).containsEntry(MemberServiceInstanceListSupplier.MEMBER_ID, "was1")
			.containsEntry(MemberServiceInstanceListSupplier.WEIGHT, "3")
			.containsEntry(MemberServiceInstanceListSupplier.TIER, "1");
	}

	private static Member member(String id, int tier) {
		return new Member(id, "http://127.0.0.1:" + (8080 + Math.abs(id.hashCode() % 10)), 1, tier);
	}

	private static LowestTierRoundRobinLoadBalancer balancerFor(Member... members) {
		return new LowestTierRoundRobinLoadBalancer(new MemberServiceInstanceListSupplier(
				BalancingConfiguration.SERVICE_ID, new MemberProperties(Arrays.asList(members))));
	}

	private static String chooseAfterTrying(LowestTierRoundRobinLoadBalancer balancer, String... tried) {
		return balancer.choose(requestAfterTrying(tried)).block().getServer().getInstanceId();
	}

	// The request as Spring Cloud Gateway's load-balancer filter builds it: the exchange
	// attributes travel in the client request data.
	private static Request<RequestDataContext> requestAfterTrying(String... tried) {
		Map<String, Object> attributes = Map.of(FailoverFilter.TRIED_MEMBERS_ATTR, Set.of(tried));
		RequestData data = new RequestData(HttpMethod.GET, URI.create("http://gateway/hello"), new HttpHeaders(),
				new LinkedMultiValueMap<>(), attributes);
		return new DefaultRequest<>(new RequestDataContext(data));
	}

	private static List<String> choose(LowestTierRoundRobinLoadBalancer balancer, int times) {
		List<String> chosen = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			chosen.add(balancer.choose(new DefaultRequest<>()).block().getServer().getInstanceId());
		}
		return chosen;
	}

}

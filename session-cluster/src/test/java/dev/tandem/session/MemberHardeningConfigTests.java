package dev.tandem.session;

import java.util.List;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import org.junit.jupiter.api.Test;

import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

class MemberHardeningConfigTests {

	private final Config config = HazelcastMemberConfig.create(
			new NodeProperties("pi-2",
					new NodeProperties.Cluster("shop", List.of("10.0.0.1", "10.0.0.2"), 5702, "10.0.0.*", false, 1, 0,
							false, NodeProperties.Serialization.NONE)),
			HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME);

	@Test
	void memberPortShouldServeTheMemberProtocolOnlyWithTheConfiguredNetwork() {
		AdvancedNetworkConfig advanced = this.config.getAdvancedNetworkConfig();

		assertThat(advanced.isEnabled()).isTrue();
		assertThat(advanced.getEndpointConfigs()).containsOnlyKeys(EndpointQualifier.MEMBER);
		ServerSocketEndpointConfig member = (ServerSocketEndpointConfig) advanced.getEndpointConfigs()
			.get(EndpointQualifier.MEMBER);
		assertThat(member.getPort()).isEqualTo(5702);
		assertThat(member.isPortAutoIncrement()).isFalse();
		assertThat(member.getInterfaces().isEnabled()).isTrue();
		assertThat(member.getInterfaces().getInterfaces()).containsExactly("10.0.0.*");
		assertThat(advanced.getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.1", "10.0.0.2");
		assertThat(advanced.getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
	}

	@Test
	void javaDeserializationShouldBeLimitedToTheAllowListAndHazelcastsDefaults() {
		JavaSerializationFilterConfig filter = this.config.getSerializationConfig().getJavaSerializationFilterConfig();

		assertThat(filter.isDefaultsDisabled()).isFalse();
		assertThat(filter.getWhitelist().getClasses())
			.contains("org.springframework.security.core.context.SecurityContextImpl");
		assertThat(filter.getWhitelist().getPrefixes()).containsExactly("dev.tandem.");
		assertThat(filter.getWhitelist().getPackages()).isEmpty();
	}

	@Test
	void applicationsOwnPackagesAndClassesShouldBeAddedToTheAllowList() {
		Config config = HazelcastMemberConfig.create(
				new NodeProperties("pi-2",
						new NodeProperties.Cluster("shop", List.of("10.0.0.1"), 5702, null, false, 1, 0, false,
								new NodeProperties.Serialization(List.of("com.example.shop"),
										List.of("com.example.Cart")))),
				HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME);

		JavaSerializationFilterConfig filter = config.getSerializationConfig().getJavaSerializationFilterConfig();

		// With its dot, so com.example.shopping stays out.
		assertThat(filter.getWhitelist().getPrefixes()).containsExactlyInAnyOrder("dev.tandem.", "com.example.shop.");
		assertThat(filter.getWhitelist().getClasses()).contains("com.example.Cart",
				"org.springframework.security.core.context.SecurityContextImpl");
	}

}

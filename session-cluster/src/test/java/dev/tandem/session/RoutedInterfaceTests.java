package dev.tandem.session;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutedInterfaceTests {

	@Test
	void shouldBindTheAddressThatRoutesToTheFirstMember() {
		NodeProperties node = node(List.of("127.0.0.1:5701", "10.0.0.2:5701"), null, false);

		assertThat(RoutedInterface.withDefault(node).cluster().bindInterface()).isEqualTo("127.0.0.1");
	}

	@Test
	void shouldKeepAConfiguredInterface() {
		NodeProperties node = node(List.of("127.0.0.1"), "10.0.0.*", false);

		assertThat(RoutedInterface.withDefault(node)).isSameAs(node);
	}

	@Test
	void shouldLeaveMulticastNodesToHazelcast() {
		NodeProperties node = node(List.of("127.0.0.1"), null, true);

		assertThat(RoutedInterface.withDefault(node).cluster().bindInterface()).isNull();
	}

	@Test
	void shouldLeaveAnUnresolvableMemberToHazelcast() {
		NodeProperties node = node(List.of("no-such-host.invalid:5701"), null, false);

		assertThat(RoutedInterface.withDefault(node).cluster().bindInterface()).isNull();
	}

	@Test
	void shouldTakeTheHostOutOfAMemberEntry() {
		assertThat(RoutedInterface.hostOf("10.0.0.1:5701")).isEqualTo("10.0.0.1");
		assertThat(RoutedInterface.hostOf("pi3.local")).isEqualTo("pi3.local");
		assertThat(RoutedInterface.hostOf("[fd00::4]:5702")).isEqualTo("fd00::4");
	}

	private static NodeProperties node(List<String> members, String bindInterface, boolean multicast) {
		return new NodeProperties("n1", new NodeProperties.Cluster("tandem", members, 5701, bindInterface, multicast, 1,
				0, false, NodeProperties.Serialization.NONE));
	}

}

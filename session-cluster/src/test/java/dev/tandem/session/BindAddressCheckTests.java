package dev.tandem.session;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BindAddressCheckTests {

	@Test
	void shouldStopStartUpWithThePropertyWhenTheAddressIsNotOfThisMachine() {
		// 203.0.113.0/24 is reserved for documentation: no real interface has
		// 203.0.113.254
		// unless this machine is that network's last host.
		NodeProperties node = node("203.0.113.254");

		assertThatExceptionOfType(BindAddressCheck.BindAddressException.class)
			.isThrownBy(() -> BindAddressCheck.check(node))
			.withMessage("tandem.node.cluster.interface 203.0.113.254 is not an address of this machine: "
					+ "set one of its addresses, or a pattern such as 192.168.1.*.");
	}

	@Test
	void shouldAcceptLoopbackPatternsAndNoInterface() {
		for (String bindInterface : new String[] { "127.0.0.1", "203.0.113.*", "10.0.0.1-9", null }) {
			NodeProperties node = node(bindInterface);

			assertThat(BindAddressCheck.check(node)).isSameAs(node);
		}
	}

	@Test
	void startUpShouldReportTheSentenceAloneThroughTheBeanFailures() {
		BindAddressCheck.BindAddressException cause = new BindAddressCheck.BindAddressException(
				"tandem.node.cluster.interface 203.0.113.254 is not an address of this machine.");

		FailureAnalysis analysis = new BindAddressFailureAnalyzer().analyze(
				new BeanCreationException("hazelcastInstance", new BeanCreationException("hazelcastConfig", cause)));

		assertThat(analysis.getDescription())
			.isEqualTo("tandem.node.cluster.interface 203.0.113.254 is not an address of this machine.");
	}

	private static NodeProperties node(String bindInterface) {
		return new NodeProperties("n1", new NodeProperties.Cluster("tandem", List.of("pi2", "pi3"), 5701, bindInterface,
				false, 1, 0, false, NodeProperties.Serialization.NONE));
	}

}

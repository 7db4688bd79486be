package dev.tandem.session;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class NodePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void shouldDefaultToHostNameAndALoneLocalMember() throws Exception {
		String hostName = InetAddress.getLocalHost().getHostName();
		this.runner.run((context) -> {
			NodeProperties properties = context.getBean(NodeProperties.class);
			assertThat(properties.id()).isEqualTo(hostName);
			assertThat(properties.cluster().name()).isEqualTo("tandem");
			assertThat(properties.cluster().members()).containsExactly("127.0.0.1");
			assertThat(properties.cluster().port()).isEqualTo(5701);
			assertThat(properties.cluster().bindInterface()).isNull();
			assertThat(properties.cluster().multicast()).isFalse();
			assertThat(properties.cluster().minSize()).isZero();
			assertThat(properties.cluster().failUnconfirmedWrites()).isTrue();
		});
	}

	@Test
	void shouldBindCommaSeparatedMembersAndTheInterface() {
		this.runner.withPropertyValues("tandem.node.id=pi-2",
				"tandem.node.cluster.members=10.0.0.1:5701, pi3.local,[fd00::3]:5702", "tandem.node.cluster.port=5702",
				"tandem.node.cluster.interface=10.0.0.*", "tandem.node.cluster.name=shop")
			.run((context) -> {
				NodeProperties properties = context.getBean(NodeProperties.class);
				assertThat(properties.id()).isEqualTo("pi-2");
				assertThat(properties.cluster().members()).containsExactly("10.0.0.1:5701", "pi3.local",
						"[fd00::3]:5702");
				assertThat(properties.cluster().port()).isEqualTo(5702);
				assertThat(properties.cluster().bindInterface()).isEqualTo("10.0.0.*");
				assertThat(properties.cluster().name()).isEqualTo("shop");
			});
	}

	@Test
	void shouldBindTheApplicationsOwnSerializableClasses() {
		this.runner
			.withPropertyValues("tandem.node.id=n1",
					"tandem.node.cluster.serialization.allowed-packages=com.example.shop, com.example.billing",
					"tandem.node.cluster.serialization.allowed-classes=com.example.Cart$Line")
			.run((context) -> {
				NodeProperties.Serialization serialization = context.getBean(NodeProperties.class)
					.cluster()
					.serialization();
				assertThat(serialization.allowedPackages()).containsExactly("com.example.shop", "com.example.billing");
				assertThat(serialization.allowedClasses()).containsExactly("com.example.Cart$Line");
			});
		this.runner.withPropertyValues("tandem.node.id=n1").run((context) -> {
			NodeProperties.Serialization serialization = context.getBean(NodeProperties.class)
				.cluster()
				.serialization();
			assertThat(serialization.allowedPackages()).isEmpty();
			assertThat(serialization.allowedClasses()).isEmpty();
		});
	}

	@Test
	void shouldFailStartUpNamingTheSerializationEntryThatIsNotAName() {
		assertStartUpFails("tandem.node.cluster.serialization.allowed-packages=com.example.*",
				"tandem.node.cluster.serialization.allowed-packages entry 'com.example.*' must be a Java package name "
						+ "such as com.example.shop (no wildcards).");
		assertStartUpFails("tandem.node.cluster.serialization.allowed-classes=com.example.Cart,",
				"tandem.node.cluster.serialization.allowed-classes entry '' must be a fully qualified class name "
						+ "such as com.example.shop.Cart (no wildcards).");
	}

	@Test
	void shouldTreatABlankInterfaceAsUnset() {
		this.runner.withPropertyValues("tandem.node.id=n1", "tandem.node.cluster.interface= ")
			.run((context) -> assertThat(context.getBean(NodeProperties.class).cluster().bindInterface()).isNull());
	}

	@Test
	void shouldFailStartUpNamingTheBackupCountWhenOutOfRange() {
		assertStartUpFails("tandem.node.cluster.backup-count=7",
				"tandem.node.cluster.backup-count must be between 0 and 6, but was 7.");
	}

	@Test
	void shouldFailStartUpNamingTheMinSizeWhenItIsOne() {
		assertStartUpFails("tandem.node.cluster.min-size=1",
				"tandem.node.cluster.min-size must be 0 (off) or at least 2, but was 1.");
	}

	@Test
	void shouldFailStartUpNamingThePortWhenOutOfRange() {
		assertStartUpFails("tandem.node.cluster.port=70000",
				"tandem.node.cluster.port must be between 1 and 65535, but was 70000.");
		assertStartUpFails("tandem.node.cluster.port=0",
				"tandem.node.cluster.port must be between 1 and 65535, but was 0.");
	}

	@Test
	void shouldFailStartUpNamingTheMembersWhenAnEntryIsEmpty() {
		assertStartUpFails("tandem.node.cluster.members=10.0.0.1,,10.0.0.3",
				"tandem.node.cluster.members must be comma-separated host[:port] entries with no empty entry, "
						+ "but was '10.0.0.1,,10.0.0.3'.");
	}

	@Test
	void shouldFailStartUpNamingTheMemberWhosePortIsBad() {
		assertStartUpFails("tandem.node.cluster.members=10.0.0.1:5701,10.0.0.2:99999",
				"tandem.node.cluster.members entry '10.0.0.2:99999' must have a port between 1 and 65535.");
		assertStartUpFails("tandem.node.cluster.members=10.0.0.2:http",
				"tandem.node.cluster.members entry '10.0.0.2:http' must have a port between 1 and 65535.");
		assertStartUpFails("tandem.node.cluster.members=:5701",
				"tandem.node.cluster.members entry ':5701' has no valid host.");
	}

	@Test
	void shouldFailStartUpNamingTheIdWhenInvalid() {
		assertStartUpFails("tandem.node.id=-n1", "tandem.node.id must be 1 to 63 letters, digits, '.', '-' or '_' "
				+ "starting with a letter or digit, but was '-n1'.");
	}

	@Test
	void shouldFailStartUpNamingTheInterfaceWhenItIsNotAnAddress() {
		assertStartUpFails("tandem.node.cluster.interface=eth0",
				"tandem.node.cluster.interface must be an IP address or a pattern such as 10.0.0.* or 10.0.0.1-9 "
						+ "(not a host or device name), but was 'eth0'.");
	}

	private void assertStartUpFails(String property, String sentence) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessage(sentence);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(NodeProperties.class)
	static class PropertiesConfiguration {

	}

}

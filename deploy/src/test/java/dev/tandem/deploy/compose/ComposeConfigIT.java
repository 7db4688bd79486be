package dev.tandem.deploy.compose;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The project's {@code deploy/compose.yaml}, alone and with {@code compose.hosts.yaml},
 * as the real compose tool reads it ({@code config}): accepted with the variables the
 * docs name, refused without them, and read exactly as {@link ComposeFile} reads it for
 * the container system tests.
 */
@RequiresComposeTool
class ComposeConfigIT {

	private static final Path COMPOSE_FILE = Path.of(System.getProperty("tandem.compose.file"))
		.toAbsolutePath()
		.normalize();

	/** The folder of the compose files, deploy/: the tool runs there, as a user would. */
	private static final Path FOLDER = COMPOSE_FILE.getParent();

	/** A bcrypt-like hash: its dollars must arrive as they are. */
	private static final Map<String, String> ONE_MACHINE = Map.of("TANDEM_ADMIN_PASSWORD_HASH",
			"{bcrypt}$2a$10$abcdefghijklmnopqrstuv");

	private static final Map<String, String> THREE_HOSTS = Map.of("TANDEM_ADMIN_PASSWORD_HASH",
			"{bcrypt}$2a$10$abcdefghijklmnopqrstuv", "TANDEM_PI2_ADDRESS", "192.0.2.12", "TANDEM_PI3_ADDRESS",
			"192.0.2.13");

	private final ComposeTool tool = ComposeTool.find().orElseThrow();

	@Test
	void oneMachineIsAcceptedAndReadAsTheTestsReadIt() throws IOException {
		ComposeTool.Result result = this.tool.config(FOLDER, ONE_MACHINE, "compose.yaml", "compose.override.yaml");

		assertThat(result.exitCode()).as(result.stderr()).isZero();
		ComposeFile byTool = ComposeFile.parse(result.stdout(), FOLDER, Map.of());
		ComposeFile byTests = ComposeFile.read(COMPOSE_FILE, ONE_MACHINE);
		assertThat(byTool.serviceNames()).containsExactlyInAnyOrder("gateway", "pi2", "pi3");
		for (String name : byTool.serviceNames()) {
			assertThat(byTests.service(name)).as(name).usingRecursiveComparison().isEqualTo(byTool.service(name));
		}
		assertThat(byTool.service("gateway").environment()).containsEntry("TANDEM_GATEWAY_ADMIN_USERS_0_PASSWORD",
				"{bcrypt}$2a$10$abcdefghijklmnopqrstuv");
		assertThat(byTool.service("gateway").build().args()).containsEntry("BASE_IMAGE", "eclipse-temurin:17-jre");
		assertThat(byTool.service("gateway").build().containerfile())
			.isEqualTo(FOLDER.resolve("container/gateway.Containerfile"));
	}

	@Test
	void oneMachineGivesTheNodesTheAddressesTheirMemberListsName() throws IOException {
		ComposeTool.Result result = this.tool.config(FOLDER, ONE_MACHINE, "compose.yaml", "compose.override.yaml");

		assertThat(result.exitCode()).as(result.stderr()).isZero();
		ComposeFile oneMachine = ComposeFile.parse(result.stdout(), FOLDER, Map.of());
		List<String> addresses = List.of(fixedAddress(oneMachine, "pi2"), fixedAddress(oneMachine, "pi3"));
		assertThat(addresses).containsExactly("10.77.0.12", "10.77.0.13");
		for (String node : List.of("pi2", "pi3")) {
			assertThat(oneMachine.service(node).environment()).as(node)
				.containsEntry("TANDEM_NODE_CLUSTER_MEMBERS", String.join(",", addresses));
		}
	}

	@Test
	void managementPortIsPublishedOnLoopbackOnly() throws IOException {
		ComposeTool.Result result = this.tool.config(FOLDER, ONE_MACHINE, "compose.yaml", "compose.override.yaml");

		assertThat(result.exitCode()).as(result.stderr()).isZero();
		List<?> ports = (List<?>) ComposeFile.parse(result.stdout(), FOLDER, Map.of()).serviceValue("gateway", "ports");
		List<String> management = ports.stream().map(Object::toString).filter((port) -> port.contains("9090")).toList();
		assertThat(management).isNotEmpty().allSatisfy((port) -> assertThat(port).contains("127.0.0.1"));
	}

	@Test
	void withoutAnAdminPasswordNothingStarts() throws IOException {
		ComposeTool.Result result = this.tool.config(FOLDER, Map.of(), "compose.yaml", "compose.override.yaml");

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stderr()).contains("TANDEM_ADMIN_PASSWORD_HASH");
		assertThatIllegalArgumentException().isThrownBy(() -> ComposeFile.read(COMPOSE_FILE, Map.of()))
			.withMessageContaining("TANDEM_ADMIN_PASSWORD_HASH");
	}

	@Test
	void threeHostsPointTheGatewayAndTheNodesAtThePis() throws IOException {
		ComposeTool.Result result = this.tool.config(FOLDER, THREE_HOSTS, "compose.yaml", "compose.hosts.yaml");

		assertThat(result.exitCode()).as(result.stderr()).isZero();
		ComposeFile hosts = ComposeFile.parse(result.stdout(), FOLDER, Map.of());
		assertThat(hosts.service("gateway").environment())
			.containsEntry("TANDEM_GATEWAY_MEMBERS_0_URI", "http://192.0.2.12:8080")
			.containsEntry("TANDEM_GATEWAY_MEMBERS_1_URI", "http://192.0.2.13:8080")
			.containsEntry("TANDEM_GATEWAY_MEMBERS_0_ID", "pi2");
		for (String node : List.of("pi2", "pi3")) {
			assertThat(hosts.serviceValue(node, "network_mode")).as(node).isEqualTo("host");
			assertThat(hosts.service(node).environment()).as(node)
				.containsEntry("TANDEM_NODE_CLUSTER_MEMBERS", "192.0.2.12,192.0.2.13")
				.containsEntry("TANDEM_NODE_ID", node);
		}
	}

	@Test
	void threeHostsNeedThePisAddresses() throws IOException {
		ComposeTool.Result result = this.tool.config(FOLDER, ONE_MACHINE, "compose.yaml", "compose.hosts.yaml");

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stderr()).contains("TANDEM_PI2_ADDRESS");
	}

	private static String fixedAddress(ComposeFile file, String service) {
		Map<?, ?> networks = (Map<?, ?>) file.serviceValue(service, "networks");
		return ((Map<?, ?>) networks.get("default")).get("ipv4_address").toString();
	}

}

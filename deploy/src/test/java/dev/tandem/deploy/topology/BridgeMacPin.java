package dev.tandem.deploy.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.model.Network.Ipam.Config;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * Pins the MAC address of a network's bridge on this host to the one it has now. A Linux
 * bridge without a set address takes the lowest of its ports' addresses, so it changes
 * when a container leaves (killed, stopped, disconnected); peers' ARP entries for the
 * bridge then go stale and traffic through it stalls for seconds. Best effort: only when
 * the engine's bridge is on this host and {@code ip} may change it (root); otherwise it
 * says so and does nothing.
 */
final class BridgeMacPin {

	private BridgeMacPin() {
	}

	static String pin(Network network) {
		List<Config> configs = DockerClientFactory.instance()
			.client()
			.inspectNetworkCmd()
			.withNetworkId(network.getId())
			.exec()
			.getIpam()
			.getConfig();
		String gateway = configs.stream()
			.map(Config::getGateway)
			.filter((address) -> address != null && address.contains("."))
			.findFirst()
			.orElse(null);
		if (gateway == null) {
			return "bridge MAC not pinned: the network shows no IPv4 gateway";
		}
		try {
			String bridge = bridgeWithAddress(gateway);
			if (bridge == null) {
				return "bridge MAC not pinned: no interface on this host has " + gateway + " (engine elsewhere)";
			}
			String mac = Files.readString(Path.of("/sys/class/net", bridge, "address")).trim();
			String result = run("ip", "link", "set", "dev", bridge, "address", mac);
			return (result == null) ? "bridge " + bridge + " MAC pinned to " + mac : "bridge MAC not pinned: " + result;
		}
		catch (IOException ex) {
			return "bridge MAC not pinned: " + ex;
		}
	}

	private static String bridgeWithAddress(String address) throws IOException {
		Process process = new ProcessBuilder("ip", "-o", "-4", "addr", "show").redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		for (String line : output.split("\n")) {
			// "5: podman1 inet 10.89.0.1/24 brd ..." (interface, family, address/prefix)
			String[] fields = line.trim().split("\\s+");
			if (fields.length > 3 && fields[3].startsWith(address + "/")) {
				return fields[1];
			}
		}
		return null;
	}

	private static String run(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return String.join(" ", command) + " did not finish in 10 s";
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		return (process.exitValue() == 0) ? null : String.join(" ", command) + ": " + output;
	}

}

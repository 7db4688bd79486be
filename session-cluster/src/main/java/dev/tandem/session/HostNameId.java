package dev.tandem.session;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.tandem.shared.MemberIds;

/**
 * A node's id when {@code tandem.node.id} is not set: the machine's host name. Java's
 * look-up also resolves the name, which fails in a container or chroot whose name is in
 * no hosts file; the kernel's own name, which needs no resolving, is asked then. When
 * neither gives a name, start-up stops with a sentence saying so, never with an id of
 * {@code null}.
 */
final class HostNameId {

	private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

	private HostNameId() {
	}

	/**
	 * The default id of this machine.
	 * @param property the property the id stands for, for the sentence
	 * @return a valid id
	 */
	static String of(String property) {
		return of(property, () -> InetAddress.getLocalHost().getHostName(),
				() -> Files.readString(KERNEL_HOST_NAME, StandardCharsets.US_ASCII));
	}

	static String of(String property, Callable<String> lookUp, Callable<String> kernel) {
		String name = firstName(lookUp, kernel);
		if (name == null) {
			throw new IllegalArgumentException(
					property + " is not set, and this machine's host name cannot be read " + "to stand in for it; set "
							+ property + " to the id the gateway knows this node by, such as was1.");
		}
		return MemberIds.requireValid(name, property + " (not set, so the host name)");
	}

	private static String firstName(Callable<String> lookUp, Callable<String> kernel) {
		for (Callable<String> source : List.of(lookUp, kernel)) {
			String name = read(source);
			if (name != null) {
				return name;
			}
		}
		return null;
	}

	private static String read(Callable<String> source) {
		try {
			String name = source.call();
			name = (name != null) ? name.trim() : "";
			// The kernel reads "(none)" when no name was ever set.
			return (name.isEmpty() || "(none)".equals(name)) ? null : name;
		}
		catch (Exception ex) {
			// UnknownHostException, an unreadable file, or no such file off Linux: no
			// name.
			return null;
		}
	}

}

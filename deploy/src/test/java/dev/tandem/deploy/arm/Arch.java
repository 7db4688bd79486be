package dev.tandem.deploy.arm;

/**
 * The two ARM architectures a Raspberry Pi runs Debian on, with what the tests need to
 * know of each: the QEMU user emulator that runs its programs, the ELF header its JVM
 * must have, and the transport the gateway must report on it (Netty ships native epoll
 * for aarch64, none for 32-bit ARM).
 */
enum Arch {

	/** 64-bit ARM (Pi 3, 4, 5 with a 64-bit OS). */
	ARM64("arm64", "qemu-aarch64-static", 64, 183, "epoll"),

	/** 32-bit ARMv7 with hardware floating point (a 32-bit Raspberry Pi OS). */
	ARMHF("armhf", "qemu-arm-static", 32, 40, "nio");

	private final String debian;

	private final String emulator;

	private final int bits;

	private final int elfMachine;

	private final String transport;

	Arch(String debian, String emulator, int bits, int elfMachine, String transport) {
		this.debian = debian;
		this.emulator = emulator;
		this.bits = bits;
		this.elfMachine = elfMachine;
		this.transport = transport;
	}

	/** Debian's name of the architecture, as in {@code dpkg --print-architecture}. */
	String debian() {
		return this.debian;
	}

	/** The QEMU user emulator's command, from Debian's qemu-user-static. */
	String emulator() {
		return this.emulator;
	}

	/** 32 or 64, as the ELF header's class says it. */
	int bits() {
		return this.bits;
	}

	/** The ELF header's {@code e_machine}: 183 is AArch64, 40 is ARM. */
	int elfMachine() {
		return this.elfMachine;
	}

	/** The transport the gateway's start-up line must name on this architecture. */
	String transport() {
		return this.transport;
	}

	@Override
	public String toString() {
		return this.debian;
	}

}

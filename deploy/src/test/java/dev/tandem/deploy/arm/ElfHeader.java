package dev.tandem.deploy.arm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an executable's ELF header says it was built for, so a test can tell that the JVM
 * it runs is an ARM one and not the machine's own.
 *
 * @param bits 32 or 64 (the header's class)
 * @param machine the header's {@code e_machine}
 */
record ElfHeader(int bits, int machine) {

	private static final int LENGTH = 20;

	static ElfHeader of(Path file) throws IOException {
		byte[] header = new byte[LENGTH];
		try (InputStream in = Files.newInputStream(file)) {
			if (in.readNBytes(header, 0, LENGTH) != LENGTH || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L'
					|| header[3] != 'F') {
				throw new IOException(file + " is not an ELF file");
			}
		}
		// EI_CLASS is 1 for 32-bit, 2 for 64-bit; EI_DATA 1 for little-endian, as ARM
		// Linux is.
		int bits = (header[4] == 2) ? 64 : 32;
		ByteOrder order = (header[5] == 1) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		int machine = Short.toUnsignedInt(ByteBuffer.wrap(header, 18, 2).order(order).getShort());
		return new ElfHeader(bits, machine);
	}

}

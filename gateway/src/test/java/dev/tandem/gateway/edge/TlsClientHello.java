package dev.tandem.gateway.edge;

import java.nio.ByteBuffer;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * A real TLS ClientHello, as browsers send to an {@code https://} URL of the plain port.
 */
final class TlsClientHello {

	private TlsClientHello() {
	}

	static byte[] bytes() {
		try {
			SSLEngine engine = SSLContext.getDefault().createSSLEngine("tandem.test", 443);
			engine.setUseClientMode(true);
			ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
			engine.beginHandshake();
			engine.wrap(ByteBuffer.allocate(0), out);
			return Arrays.copyOf(out.array(), out.position());
		}
		catch (SSLException | java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK can always produce a ClientHello", ex);
		}
	}

}

package dev.tandem.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost} made at run time
 * by the JDK's own {@code keytool}, with its private key, written as the PEM files Spring
 * Boot's {@code spring.ssl.bundle.pem} reads. Nothing of it is ever committed: each test
 * run makes its own, in a temporary directory.
 *
 * @param certificate the certificate
 * @param privateKey its private key
 */
public record TestCertificate(X509Certificate certificate, PrivateKey privateKey) {

	private static final String PASSWORD = "test-only";

	/**
	 * A new key pair and certificate, valid for two days.
	 * @param workDir a directory for keytool's keystore
	 * @param name the certificate's common name, distinct per certificate of a test
	 * @return the certificate and key
	 */
	public static TestCertificate create(Path workDir, String name) {
		Path keystore = workDir.resolve(name + ".p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		run(List.of(keytool, "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=" + name, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
				"-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
		try (InputStream in = Files.newInputStream(keystore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, PASSWORD.toCharArray());
			return new TestCertificate((X509Certificate) store.getCertificate("gateway"),
					(PrivateKey) store.getKey("gateway", PASSWORD.toCharArray()));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot read the keystore keytool wrote", ex);
		}
		finally {
			delete(keystore);
		}
	}

	/**
	 * Write the certificate and the key as PEM files, replacing what they held.
	 * @param certificateFile where the certificate goes
	 * @param privateKeyFile where the PKCS#8 private key goes
	 */
	public void writePem(Path certificateFile, Path privateKeyFile) {
		try {
			Files.writeString(privateKeyFile, pem("PRIVATE KEY", this.privateKey.getEncoded()));
			Files.writeString(certificateFile, pem("CERTIFICATE", this.certificate.getEncoded()));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot write the PEM files", ex);
		}
	}

	/**
	 * A client's TLS context that trusts exactly these certificates.
	 * @param trusted the certificates to trust
	 * @return the context
	 */
	public static SSLContext trusting(TestCertificate... trusted) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			for (int i = 0; i < trusted.length; i++) {
				store.setCertificateEntry("trusted-" + i, trusted[i].certificate);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
		return "-----BEGIN " + type + "-----\n" + base64.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run keytool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// a temporary directory; removed with it
		}
	}

}

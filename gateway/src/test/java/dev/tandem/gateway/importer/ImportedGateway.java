package dev.tandem.gateway.importer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import dev.tandem.gateway.GatewayApplication;
import dev.tandem.gateway.testing.StubMember;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway started with nothing but what the importer printed for one of the test's
 * front configurations, with the old members' addresses pointed at stub members.
 */
final class ImportedGateway implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final WebTestClient client;

	private ImportedGateway(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(15))
			.build();
	}

	/**
	 * Imports a front configuration and starts a gateway with the result.
	 * @param fixture the configuration under {@code /importer/}, such as
	 * {@code httpd-balancer.conf}
	 * @param members each old member address ({@code 10.0.0.12:8080}) and the stub member
	 * that stands in for it
	 * @param expectedStatus the import's exit status: 0 complete, 1 with approximations
	 * @param dir a folder for the rewritten configuration
	 * @return the running gateway
	 */
	static ImportedGateway start(String fixture, Map<String, StubMember> members, int expectedStatus, Path dir)
			throws Exception {
		String front = Files.readString(fixture(fixture));
		for (Map.Entry<String, StubMember> member : members.entrySet()) {
			front = front.replace(member.getKey(), "127.0.0.1:" + member.getValue().port());
		}
		Path conf = dir.resolve(fixture);
		Files.writeString(conf, front);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = ImportCommand.run(new String[] { ImportCommand.NAME, conf.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedStatus);
		Properties imported = new Properties();
		imported.load(new StringReader(out.toString(StandardCharsets.UTF_8)));
		Map<String, Object> properties = new TreeMap<>();
		imported.forEach((key, value) -> properties.put(key.toString(), value));
		// Only the ports are the test's: the rest is the imported configuration.
		return new ImportedGateway(new SpringApplicationBuilder(GatewayApplication.class).properties(properties)
			.run("--server.port=0", "--management.server.port=0"));
	}

	private static Path fixture(String name) throws URISyntaxException {
		return Path.of(ImportedGateway.class.getResource("/importer/" + name).toURI());
	}

	/** A client of the gateway's public port. */
	WebTestClient client() {
		return this.client;
	}

	@Override
	public void close() {
		this.context.close();
	}

}

package dev.tandem.gateway.accesslog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of())
		.withUserConfiguration(Properties.class);

	@TempDir
	Path folder;

	@Test
	void shouldBeOffWithTenMegabyteFilesAndFiveKeptByDefault() {
		this.runner.run((context) -> {
			AccessLogProperties properties = context.getBean(AccessLogProperties.class);
			assertThat(properties.enabled()).isFalse();
			assertThat(properties.path()).isEqualTo(Path.of("logs/access.log"));
			assertThat(properties.maxFileSize()).isEqualTo(DataSize.ofMegabytes(10));
			assertThat(properties.maxHistory()).isEqualTo(5);
		});
	}

	@Test
	void shouldRefuseAMaxHistoryOutsideOneToTwenty() {
		this.runner.withPropertyValues("tandem.gateway.access-log.max-history=21")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("tandem.gateway.access-log.max-history must be from 1 to 20, but was 21."));
		this.runner.withPropertyValues("tandem.gateway.access-log.max-history=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("tandem.gateway.access-log.max-history must be from 1 to 20, but was 0."));
	}

	@Test
	void shouldRefuseAFileSizeUnderOneKilobyte() {
		this.runner.withPropertyValues("tandem.gateway.access-log.max-file-size=512B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage(
						"tandem.gateway.access-log.max-file-size must be 1KB or more, such as 10MB, but was 512B."));
	}

	@Test
	void shouldRefuseAPathLogbackWouldReadAsAPattern() {
		this.runner.withPropertyValues("tandem.gateway.access-log.path=/var/log/access-%d.log")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("tandem.gateway.access-log.path must name a file, without '%'"));
	}

	@Test
	void shouldRefuseAPathBelowAFileWhenOn() throws IOException {
		Path file = Files.createFile(this.folder.resolve("not-a-folder"));
		Path below = file.resolve("access.log");

		this.runner
			.withPropertyValues("tandem.gateway.access-log.enabled=true", "tandem.gateway.access-log.path=" + below)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("tandem.gateway.access-log.path must name a file the gateway can create, but " + file
						+ " (the closest existing path above " + below + ") is not a folder."));
	}

	@Test
	void shouldNotLookAtThePathWhenOff() throws IOException {
		Path file = Files.createFile(this.folder.resolve("not-a-folder"));

		this.runner.withPropertyValues("tandem.gateway.access-log.path=" + file.resolve("access.log"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldAcceptAPathWhoseFoldersDoNotExistYet() {
		this.runner
			.withPropertyValues("tandem.gateway.access-log.enabled=true",
					"tandem.gateway.access-log.path=" + this.folder.resolve("a/b/access.log"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AccessLogProperties.class)
	static class Properties {

	}

}

package dev.tandem.gateway.admin.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class RuntimeStateFileTests {

	private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

	private static final Member WAS1 = Member.of("was1", "http://127.0.0.1:8081");

	private static final Member WAS2 = Member.of("was2", "http://127.0.0.1:8082");

	private static final Member WAS9 = new Member("was9", Member.of("x", "https://10.0.0.9:8443").uri(), 2, 1,
			AdminState.ACTIVE);

	private static final Membership CONFIGURED = Membership.of(List.of(WAS1, WAS2));

	@TempDir
	Path dir;

	@Test
	void shouldReadBackWhatItWrote() throws IOException {
		Membership runtime = CONFIGURED.with(WAS1.withWeight(5).withState(AdminState.DRAINING))
			.without("was2")
			.with(WAS9);
		RuntimeState state = RuntimeState.empty()
			.next(CONFIGURED, runtime, T0)
			.withExpiry(new PendingExpiry("was1", AdminState.DRAINING, AdminState.ACTIVE, T0.plusSeconds(1800)));

		new RuntimeStateFile(this.dir, CLOCK).write(state);

		assertThat(new RuntimeStateFile(this.dir, CLOCK).read()).isEqualTo(state);
	}

	@Test
	void shouldWriteTheDocumentedFormat() throws IOException {
		Membership runtime = CONFIGURED.with(WAS1.withWeight(5).withState(AdminState.DRAINING))
			.without("was2")
			.with(WAS9);
		RuntimeState state = RuntimeState.empty()
			.next(CONFIGURED, runtime, T0)
			.withExpiry(new PendingExpiry("was1", AdminState.DRAINING, AdminState.ACTIVE, T0.plusSeconds(1800)));

		new RuntimeStateFile(this.dir, CLOCK).write(state);

		ObjectMapper mapper = new ObjectMapper();
		assertThat(mapper.readTree(this.dir.resolve("members.json").toFile())).isEqualTo(mapper.readTree(
				"""
						{
						  "version": 1,
						  "writtenAt": "2025-06-01T10:00:00Z",
						  "revision": 1,
						  "members": [
						    {"id": "was1", "uri": "http://127.0.0.1:8081", "weight": 5, "tier": 0, "state": "draining",
						     "configured": {"uri": "http://127.0.0.1:8081", "weight": 1, "tier": 0, "state": "active"}},
						    {"id": "was9", "uri": "https://10.0.0.9:8443", "weight": 2, "tier": 1, "state": "active",
						     "configured": null}
						  ],
						  "removed": [
						    {"id": "was2", "configured": {"uri": "http://127.0.0.1:8082", "weight": 1, "tier": 0, "state": "active"}}
						  ],
						  "expiries": [
						    {"member": "was1", "state": "draining", "returnTo": "active", "at": "2025-06-01T10:30:00Z"}
						  ]
						}
						"""));
	}

	@Test
	void shouldKeepTheRouteOfAMemberAddedAtRuntimeAndReadFilesWithoutRoutes() throws IOException {
		Member routed = new Member("was8", Member.of("x", "http://10.0.0.8:8080").uri(), 1, 0, AdminState.ACTIVE,
				"tomcat8");
		RuntimeState state = RuntimeState.empty().next(CONFIGURED, CONFIGURED.with(routed), T0);
		RuntimeStateFile file = new RuntimeStateFile(this.dir, CLOCK);

		file.write(state);

		ObjectMapper mapper = new ObjectMapper();
		assertThat(mapper.readTree(this.dir.resolve("members.json").toFile()).path("members"))
			.extracting((member) -> member.path("route").asText("absent"))
			.containsExactly("absent", "absent", "tomcat8");
		assertThat(file.read()).isEqualTo(state);
		assertThat(file.read().members()).extracting((saved) -> saved.member().route())
			.containsExactly("was1", "was2", "tomcat8");
	}

	@Test
	void shouldKeepTheGroupOfAMemberAddedAtRuntime() throws IOException {
		Member grouped = new Member("blog1", Member.of("x", "http://10.0.0.8:8090").uri(), 1, 0, AdminState.ACTIVE,
				"tomcat8", "blog");
		RuntimeState state = RuntimeState.empty().next(CONFIGURED, CONFIGURED.with(grouped), T0);
		RuntimeStateFile file = new RuntimeStateFile(this.dir, CLOCK);

		file.write(state);

		assertThat(new ObjectMapper().readTree(this.dir.resolve("members.json").toFile()).path("members"))
			.extracting((member) -> member.path("group").asText("absent"))
			.containsExactly("absent", "absent", "blog");
		assertThat(file.read().members()).extracting((saved) -> saved.member().group())
			.containsExactly(null, null, "blog");
	}

	@Test
	void shouldStartEmptyWithoutAFile(CapturedOutput output) {
		RuntimeState state = new RuntimeStateFile(this.dir.resolve("not-yet"), CLOCK).read();

		assertThat(state).isEqualTo(RuntimeState.empty());
		assertThat(output).doesNotContain("members.json");
	}

	@Test
	void shouldLeaveOnlyTheStateFileAfterAWrite() throws IOException {
		RuntimeStateFile file = new RuntimeStateFile(this.dir.resolve("state"), CLOCK);

		file.write(RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0));
		file.write(RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0).next(CONFIGURED, CONFIGURED, T0));

		assertThat(names(this.dir.resolve("state"))).containsExactly("members.json");
	}

	@Test
	void shouldKeepTheOldStateWhenTheGatewayDiesBeforeTheRename() throws IOException {
		RuntimeState old = RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0);
		new RuntimeStateFile(this.dir, CLOCK).write(old);
		DurableFiles crashing = new DurableFiles((source, target) -> {
			throw new SimulatedCrash();
		});
		RuntimeStateFile dying = new RuntimeStateFile(this.dir, CLOCK, crashing);

		assertThatThrownBy(() -> dying.write(old.next(CONFIGURED, CONFIGURED.without("was2"), T0)))
			.isInstanceOf(SimulatedCrash.class);

		// What a restart finds: the complete new content in the temporary file, which
		// nobody reads, and the old state, which it reads.
		assertThat(names(this.dir)).containsExactly("members.json", "members.json.tmp");
		RuntimeStateFile restarted = new RuntimeStateFile(this.dir, CLOCK);
		assertThat(restarted.read()).isEqualTo(old);
		RuntimeState next = old.next(CONFIGURED, CONFIGURED.without("was1"), T0);
		restarted.write(next);
		assertThat(names(this.dir)).containsExactly("members.json");
		assertThat(new RuntimeStateFile(this.dir, CLOCK).read()).isEqualTo(next);
	}

	@Test
	void shouldIgnoreAHalfWrittenTemporaryFile() throws IOException {
		RuntimeState old = RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0);
		new RuntimeStateFile(this.dir, CLOCK).write(old);
		Files.writeString(this.dir.resolve("members.json.tmp"), "{\"version\": 1, \"wri");

		assertThat(new RuntimeStateFile(this.dir, CLOCK).read()).isEqualTo(old);
	}

	@Test
	void shouldThrowAndKeepTheOldStateWhenTheRenameFails() throws IOException {
		RuntimeState old = RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0);
		new RuntimeStateFile(this.dir, CLOCK).write(old);
		RuntimeStateFile failing = new RuntimeStateFile(this.dir, CLOCK, new DurableFiles((source, target) -> {
			throw new IOException("No space left on device");
		}));

		assertThatIOException().isThrownBy(() -> failing.write(old.next(CONFIGURED, CONFIGURED, T0)))
			.withMessage("No space left on device");

		assertThat(names(this.dir)).containsExactly("members.json");
		assertThat(new RuntimeStateFile(this.dir, CLOCK).read()).isEqualTo(old);
	}

	@Test
	void shouldThrowWhenTheStateDirectoryCannotBeWritten() throws IOException {
		Path notADirectory = Files.writeString(this.dir.resolve("state"), "a file");
		RuntimeStateFile file = new RuntimeStateFile(notADirectory, CLOCK);

		assertThatIOException().isThrownBy(() -> file.write(RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0)));
	}

	@Test
	void shouldRefuseARevisionThatIsNotNewer() throws IOException {
		RuntimeStateFile file = new RuntimeStateFile(this.dir, CLOCK);
		RuntimeState first = RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0);
		file.write(first);

		assertThatIllegalStateException()
			.isThrownBy(() -> file.write(RuntimeState.empty().next(CONFIGURED, CONFIGURED.without("was2"), T0)));
		assertThat(new RuntimeStateFile(this.dir, CLOCK).read()).isEqualTo(first);
	}

	@Test
	void shouldContinueFromTheRevisionItRead() throws IOException {
		new RuntimeStateFile(this.dir, CLOCK)
			.write(RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0).next(CONFIGURED, CONFIGURED, T0));
		RuntimeStateFile restarted = new RuntimeStateFile(this.dir, CLOCK);
		RuntimeState read = restarted.read();

		assertThatIllegalStateException()
			.isThrownBy(() -> restarted.write(RuntimeState.empty().next(CONFIGURED, CONFIGURED, T0)));
		restarted.write(read.next(CONFIGURED, CONFIGURED, T0));
		assertThat(new RuntimeStateFile(this.dir, CLOCK).read().revision()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"version\": 1, \"writtenAt\": \"2025-06-01T09:00:00Z\", \"revis", "", "[]",
			"{\"version\": 2, \"writtenAt\": \"2025-06-01T09:00:00Z\", \"revision\": 1, \"members\": [], "
					+ "\"removed\": [], \"expiries\": []}",
			"{\"version\": 1, \"writtenAt\": \"2025-06-01T09:00:00Z\", \"revision\": 1, \"members\": [{\"id\": "
					+ "\"was1\", \"uri\": \"http://127.0.0.1:8081\", \"weight\": -1, \"tier\": 0, \"state\": "
					+ "\"active\", \"configured\": null}], \"removed\": [], \"expiries\": []}",
			"{\"version\": 1, \"writtenAt\": \"2025-06-01T09:00:00Z\", \"revision\": 1, \"members\": [{\"id\": "
					+ "\"was1\", \"uri\": \"http://127.0.0.1:8081/app\", \"weight\": 1, \"tier\": 0, \"state\": "
					+ "\"active\", \"configured\": null}], \"removed\": [], \"expiries\": []}",
			"{\"version\": 1, \"writtenAt\": \"2025-06-01T09:00:00Z\", \"revision\": 1, \"members\": [{\"id\": "
					+ "\"was1\", \"uri\": \"http://127.0.0.1:8081\", \"weight\": 1.5, \"tier\": 0, \"state\": "
					+ "\"active\", \"configured\": null}], \"removed\": [], \"expiries\": []}",
			"{\"version\": 1, \"writtenAt\": \"2025-06-01T09:00:00Z\", \"revision\": 1, \"members\": [{\"id\": "
					+ "\"was1\", \"uri\": \"http://127.0.0.1:8081\", \"weight\": 1, \"tier\": 0, \"state\": "
					+ "\"paused\", \"configured\": null}], \"removed\": [], \"expiries\": []}",
			"{\"version\": 1, \"writtenAt\": \"2025-06-01T09:00:00Z\", \"revision\": 1, \"members\": [], "
					+ "\"removed\": [], \"expiries\": []} trailing" })
	void shouldSetABadFileAsideAndStartFromConfiguration(String content, CapturedOutput output) throws IOException {
		Files.writeString(this.dir.resolve("members.json"), content);

		RuntimeState state = new RuntimeStateFile(this.dir, CLOCK).read();

		assertThat(state).isEqualTo(RuntimeState.empty());
		assertThat(names(this.dir)).containsExactly("members.json.bad-20250601T100000Z");
		assertThat(this.dir.resolve("members.json.bad-20250601T100000Z")).hasContent(content);
		assertThat(output.toString().lines().filter((line) -> line.contains("members.json"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN")
				.contains("members.json.bad-20250601T100000Z")
				.contains("starts from its configuration"));
	}

	@Test
	void shouldNameTheReasonAndKeepEarlierBadFiles(CapturedOutput output) throws IOException {
		String wrongVersion = "{\"version\": 2}";
		Files.writeString(this.dir.resolve("members.json"), wrongVersion);
		new RuntimeStateFile(this.dir, CLOCK).read();
		Files.writeString(this.dir.resolve("members.json"), wrongVersion);

		RuntimeState state = new RuntimeStateFile(this.dir, CLOCK).read();

		assertThat(state.isEmpty()).isTrue();
		assertThat(names(this.dir)).containsExactly("members.json.bad-20250601T100000Z",
				"members.json.bad-20250601T100000Z-2");
		assertThat(output).contains("has format version 2 and this gateway reads version 1");
	}

	@Test
	void shouldWriteAgainAfterSettingABadFileAside() throws IOException {
		Files.write(this.dir.resolve("members.json"), new byte[] { (byte) 0xff, 0x00, 0x7b });
		RuntimeStateFile file = new RuntimeStateFile(this.dir, CLOCK);
		file.read();
		RuntimeState state = file.read().next(CONFIGURED, CONFIGURED, T0);

		file.write(state);

		assertThat(new RuntimeStateFile(this.dir, CLOCK).read()).isEqualTo(state);
		assertThat(Files.readString(this.dir.resolve("members.json"), StandardCharsets.UTF_8)).contains("was1");
	}

	private static List<String> names(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((path) -> path.getFileName().toString()).sorted().toList();
		}
	}

	/** What a kill -9 or power loss would do at that point: nothing after it runs. */
	static class SimulatedCrash extends Error {

	}

}

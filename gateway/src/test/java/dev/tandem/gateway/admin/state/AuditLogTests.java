package dev.tandem.gateway.admin.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(OutputCaptureExtension.class)
class AuditLogTests {

	private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

	@TempDir
	Path dir;

	@Test
	void shouldReadTheNewestEntriesFirst() throws IOException {
		AuditLog log = new AuditLog(this.dir, 10, CLOCK);
		for (int i = 1; i <= 3; i++) {
			log.append(weight(i));
		}

		assertThat(log.latest(2)).containsExactly(weight(3), weight(2));
		assertThat(log.latest(10)).containsExactly(weight(3), weight(2), weight(1));
		assertThat(log.latest(0)).isEmpty();
	}

	@Test
	void shouldKeepEveryFieldAcrossAReopen() throws IOException {
		Member was9 = Member.of("was9", "http://127.0.0.1:8089");
		AuditEntry drain = new AuditEntry(T0, "alice", "10.1.2.3", "state", "was1", AuditEntry.value(AdminState.ACTIVE),
				AuditEntry.value(AdminState.DRAINING), "kernel patch\nround 2", T0.plusSeconds(1800));
		AuditEntry add = new AuditEntry(T0.plusSeconds(1), "bob", null, "add", "was9", null, AuditEntry.value(was9),
				null, null);
		AuditLog log = new AuditLog(this.dir, 10, CLOCK);
		log.append(drain);
		log.append(add);

		List<AuditEntry> reopened = new AuditLog(this.dir, 10, CLOCK).latest(10);

		assertThat(reopened).containsExactly(add, drain);
		assertThat(Files.readAllLines(log.file())).hasSize(2);
	}

	@Test
	void shouldWriteOneDocumentedObjectPerLine() throws IOException {
		AuditLog log = new AuditLog(this.dir, 10, CLOCK);
		log.append(new AuditEntry(T0, "alice", "10.1.2.3", "weight", "was1", AuditEntry.value(1), AuditEntry.value(5),
				null, null));

		ObjectMapper mapper = new ObjectMapper();
		assertThat(mapper.readTree(Files.readAllLines(log.file()).get(0))).isEqualTo(mapper.readTree("""
				{"time": "2025-06-01T10:00:00Z", "user": "alice", "address": "10.1.2.3", "action": "weight",
				 "member": "was1", "before": 1, "after": 5, "reason": null, "expiresAt": null}
				"""));
	}

	@Test
	void shouldKeepTheLastEntriesOnceTheFileHoldsTwiceAsMany() throws IOException {
		AuditLog log = new AuditLog(this.dir, 3, CLOCK);
		for (int i = 1; i <= 6; i++) {
			log.append(weight(i));
		}
		assertThat(Files.readAllLines(log.file())).hasSize(6);

		log.append(weight(7));

		assertThat(Files.readAllLines(log.file())).hasSize(3);
		assertThat(log.latest(10)).containsExactly(weight(7), weight(6), weight(5));
		assertThat(names()).containsExactly("audit.jsonl");
	}

	@Test
	void shouldCountTheLinesAReopenedLogAlreadyHolds() throws IOException {
		AuditLog first = new AuditLog(this.dir, 2, CLOCK);
		for (int i = 1; i <= 3; i++) {
			first.append(weight(i));
		}
		AuditLog reopened = new AuditLog(this.dir, 2, CLOCK);

		reopened.append(weight(4));
		assertThat(Files.readAllLines(reopened.file())).hasSize(4);
		reopened.append(weight(5));

		assertThat(reopened.latest(10)).containsExactly(weight(5), weight(4));
	}

	@Test
	void shouldSkipCorruptLinesWithOneWarning(CapturedOutput output) throws IOException {
		AuditLog log = new AuditLog(this.dir, 10, CLOCK);
		log.append(weight(1));
		Files.writeString(log.file(), "not json\n{\"time\": \"yesterday\", \"action\": \"weight\"}\n",
				StandardOpenOption.APPEND);
		log.append(weight(2));

		List<AuditEntry> latest = new AuditLog(this.dir, 10, CLOCK).latest(10);

		assertThat(latest).containsExactly(weight(2), weight(1));
		assertThat(output.toString().lines().filter((line) -> line.contains("audit.jsonl"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN").contains("2 corrupt line(s)"));
	}

	@Test
	void shouldNotLetALineTornByACrashSwallowTheNextOne() throws IOException {
		AuditLog log = new AuditLog(this.dir, 10, CLOCK);
		log.append(weight(1));
		Files.writeString(log.file(), "{\"time\": \"2025-06-01T10:00:0", StandardOpenOption.APPEND);
		AuditLog restarted = new AuditLog(this.dir, 10, CLOCK);

		restarted.append(weight(2));

		assertThat(restarted.latest(10)).containsExactly(weight(2), weight(1));
		assertThat(Files.readAllLines(log.file())).hasSize(3);
	}

	@Test
	void shouldMoveAnUnreadableFileAsideAndStartANewOne(CapturedOutput output) throws IOException {
		// Root reads any file, so a directory in its place stands for one it cannot read.
		Files.createDirectory(this.dir.resolve("audit.jsonl"));
		AuditLog log = new AuditLog(this.dir, 10, CLOCK);

		assertThat(log.latest(10)).isEmpty();
		log.append(weight(1));

		assertThat(names()).containsExactly("audit.jsonl", "audit.jsonl.bad-20250601T100000Z");
		assertThat(log.latest(10)).containsExactly(weight(1));
		assertThat(output.toString().lines().filter((line) -> line.contains("audit.jsonl"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN").contains("audit.jsonl.bad-20250601T100000Z"));
	}

	@Test
	void shouldThrowWhenItCannotAppend() throws IOException {
		Path notADirectory = Files.writeString(this.dir.resolve("state"), "a file");
		AuditLog log = new AuditLog(notADirectory, 10, CLOCK);

		assertThatIOException().isThrownBy(() -> log.append(weight(1)));
	}

	@Test
	void shouldBeSafeForConcurrentAppends() throws IOException {
		AuditLog log = new AuditLog(this.dir, 50, CLOCK);

		IntStream.range(0, 200).parallel().forEach((i) -> {
			try {
				log.append(weight(i));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});

		assertThat(log.latest(1000)).hasSize(Files.readAllLines(log.file()).size()).hasSizeBetween(50, 100);
	}

	@Test
	void shouldRefuseToKeepNothing() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditLog(this.dir, 0, CLOCK));
	}

	@Test
	void shouldTurnUsualValuesIntoJson() throws IOException {
		ObjectMapper mapper = new ObjectMapper();

		assertThat(AuditEntry.value(Member.of("was1", "http://127.0.0.1:8081"))).isEqualTo(
				mapper.readTree("{\"id\": \"was1\", \"uri\": \"http://127.0.0.1:8081\", \"weight\": 1, \"tier\": 0, "
						+ "\"state\": \"active\"}"));
		assertThat(AuditEntry.value(AdminState.DISABLED).textValue()).isEqualTo("disabled");
		assertThat(AuditEntry.value(3).intValue()).isEqualTo(3);
		assertThat(AuditEntry.value(T0).textValue()).isEqualTo("2025-06-01T10:00:00Z");
		assertThat(AuditEntry.value(null).isNull()).isTrue();
	}

	private static AuditEntry weight(int weight) {
		return new AuditEntry(T0.plusSeconds(weight), "alice", "10.1.2.3", "weight", "was1",
				AuditEntry.value(weight - 1), AuditEntry.value(weight), null, null);
	}

	private List<String> names() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.map((path) -> path.getFileName().toString()).sorted().toList();
		}
	}

}

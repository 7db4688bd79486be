package dev.tandem.gateway.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.tandem.gateway.admin.state.AuditEntry;
import dev.tandem.gateway.admin.state.AuditLog;
import dev.tandem.gateway.admin.state.RuntimeStateFile;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runtime changes without HTTP: a temporary state returns by itself when it expires, a
 * change that cannot be written is not made, and the rules of removal.
 */
class MemberAdministrationTests {

	private static final Actor OPS = new Actor("ops", "192.168.1.5");

	@TempDir
	Path state;

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));

	private final List<Instant> scheduled = new ArrayList<>();

	private final List<String> recovered = new ArrayList<>();

	private Members members;

	@Test
	void shouldReturnATemporaryStateWhenItExpires() {
		MemberAdministration administration = administration(this.state);

		administration.edit("was1",
				new MemberEdit(null, null, AdminState.DRAINING, "kernel update", Duration.ofMinutes(30), null), OPS);

		assertThat(this.scheduled).contains(Instant.parse("2026-12-04T10:30:00Z"));
		assertThat(administration.expiry("was1").returnTo()).isEqualTo(AdminState.ACTIVE);
		this.now.set(Instant.parse("2026-12-04T10:29:00Z"));
		administration.expireDue();
		assertThat(state("was1")).isEqualTo(AdminState.DRAINING);

		this.now.set(Instant.parse("2026-12-04T10:30:01Z"));
		administration.expireDue();

		assertThat(state("was1")).isEqualTo(AdminState.ACTIVE);
		assertThat(administration.expiry("was1")).isNull();
		AuditEntry expired = administration.audit(1).get(0);
		assertThat(expired.action()).isEqualTo("expire");
		assertThat(expired.user()).isEqualTo("tandem");
		assertThat(expired.after().asText()).isEqualTo("active");
	}

	@Test
	void shouldLetAStateSetByHandReplaceAPendingReturn() {
		MemberAdministration administration = administration(this.state);
		administration.edit("was1", new MemberEdit(null, null, AdminState.DRAINING, null, Duration.ofMinutes(5), null),
				OPS);

		administration.edit("was1", new MemberEdit(null, null, AdminState.DISABLED, null, null, null), OPS);
		this.now.set(Instant.parse("2026-12-04T11:00:00Z"));
		administration.expireDue();

		assertThat(state("was1")).isEqualTo(AdminState.DISABLED);
	}

	@Test
	void shouldNotMakeAChangeThatCannotBeWritten() throws IOException {
		Path notADirectory = Files.writeString(this.state.resolve("file"), "x");
		MemberAdministration administration = administration(notADirectory);

		assertThatExceptionOfType(ChangeRefused.class)
			.isThrownBy(() -> administration.edit("was1", new MemberEdit(7, null, null, null, null, null), OPS))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(503));
		assertThat(this.members.current().member("was1").orElseThrow().weight()).isEqualTo(1);
		assertThat(administration.version()).isZero();
	}

	@Test
	void shouldRemoveOnlyAParkedMemberAndNeverTheLast() {
		MemberAdministration administration = administration(this.state);

		assertThatExceptionOfType(ChangeRefused.class)
			.isThrownBy(() -> administration.remove("was1", false, null, null, OPS))
			.withMessageContaining("drain or disable it first");
		administration.remove("was1", true, "gone", null, OPS);
		assertThatExceptionOfType(ChangeRefused.class)
			.isThrownBy(() -> administration.remove("was2", true, null, null, OPS))
			.withMessageContaining("last member");
		assertThat(this.members.current().ids()).containsExactly("was2");
	}

	@Test
	void shouldRecoverThroughTheCore() {
		MemberAdministration administration = administration(this.state);

		administration.recover("was2", "probe now", OPS);

		assertThat(this.recovered).containsExactly("was2");
		assertThatExceptionOfType(ChangeRefused.class).isThrownBy(() -> administration.recover("nobody", null, OPS))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(404));
	}

	private MemberAdministration administration(Path dir) {
		Membership configured = Membership
			.of(List.of(Member.of("was1", "http://127.0.0.1:8081"), Member.of("was2", "http://127.0.0.1:8082")));
		RuntimeStateFile file = new RuntimeStateFile(dir);
		RestoredMembers restored = new RestoredMembers(file);
		this.members = new Members(restored.from(configured));
		Clock clock = new Clock() {

			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return MemberAdministrationTests.this.now.get();
			}

		};
		MemberAdministration administration = new MemberAdministration(this.members, restored, file,
				new AuditLog(dir, 100, clock), clock, this.recovered::add);
		administration.useExpiryTimer((at) -> {
			if (at != null) {
				this.scheduled.add(at);
			}
		});
		return administration;
	}

	private AdminState state(String id) {
		return this.members.current().member(id).orElseThrow().state();
	}

}

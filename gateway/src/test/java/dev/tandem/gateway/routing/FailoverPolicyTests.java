package dev.tandem.gateway.routing;

import dev.tandem.gateway.balancing.AttemptFailure;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverPolicyTests {

	static final FailoverPolicy POLICY = new FailoverPolicy(
			Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE), 3);

	@Test
	void shouldRetryARequestThatNeverLeftTheGatewayWhateverItsMethod() {
		for (HttpMethod method : HttpMethod.values()) {
			assertThat(POLICY.judge(AttemptFailure.NEVER_SENT, method, true, 1)).as(method.name())
				.isEqualTo(FailoverPolicy.Verdict.TRY_ANOTHER_MEMBER);
		}
	}

	@Test
	void shouldReplayOnlyIdempotentMethodsOnceSent() {
		assertThat(POLICY.judge(AttemptFailure.SENT, HttpMethod.GET, true, 1))
			.isEqualTo(FailoverPolicy.Verdict.TRY_ANOTHER_MEMBER);
		assertThat(POLICY.judge(AttemptFailure.SENT, HttpMethod.PUT, true, 2))
			.isEqualTo(FailoverPolicy.Verdict.TRY_ANOTHER_MEMBER);
		assertThat(POLICY.judge(AttemptFailure.SENT, HttpMethod.POST, true, 1))
			.isEqualTo(FailoverPolicy.Verdict.NOT_IDEMPOTENT);
		assertThat(POLICY.judge(AttemptFailure.SENT, HttpMethod.PATCH, true, 1))
			.isEqualTo(FailoverPolicy.Verdict.NOT_IDEMPOTENT);
	}

	@Test
	void shouldNeverRetryABodyThatCannotBeSentAgain() {
		assertThat(POLICY.judge(AttemptFailure.SENT, HttpMethod.PUT, false, 1))
			.isEqualTo(FailoverPolicy.Verdict.BODY_NOT_REPLAYABLE);
		assertThat(POLICY.judge(AttemptFailure.NEVER_SENT, HttpMethod.POST, false, 1))
			.isEqualTo(FailoverPolicy.Verdict.BODY_NOT_REPLAYABLE);
	}

	@Test
	void shouldStopAtTheAttemptLimit() {
		assertThat(POLICY.judge(AttemptFailure.NEVER_SENT, HttpMethod.GET, true, 3))
			.isEqualTo(FailoverPolicy.Verdict.ATTEMPTS_EXHAUSTED);
	}

	@Test
	void shouldLeaveErrorsThatNoMemberCausedAlone() {
		assertThat(POLICY.judge(AttemptFailure.NOT_A_MEMBER_FAILURE, HttpMethod.GET, true, 1))
			.isEqualTo(FailoverPolicy.Verdict.NOT_A_MEMBER_FAILURE);
	}

	@Test
	void shouldNeverAttemptMoreOftenThanThereAreMembers() {
		RetryProperties properties = new RetryProperties(Set.of(HttpMethod.GET), 5, DataSize.ofKilobytes(64));

		assertThat(FailoverPolicy.of(properties, 2).maxAttempts()).isEqualTo(2);
		assertThat(FailoverPolicy.of(properties, 9).maxAttempts()).isEqualTo(5);
	}

}

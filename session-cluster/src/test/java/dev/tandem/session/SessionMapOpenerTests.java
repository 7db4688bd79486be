package dev.tandem.session;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class SessionMapOpenerTests {

	private final HazelcastInstance hazelcast = mock(HazelcastInstance.class);

	@Test
	void shouldTryAgainWhenABackupDidNotConfirmTheMap() {
		given(this.hazelcast.getMap("sessions")).willThrow(new IndeterminateOperationStateException("no ack"))
			.willReturn(null);

		SessionMapOpener.open(this.hazelcast, "sessions", 5, Duration.ZERO);

		verify(this.hazelcast, times(2)).getMap("sessions");
	}

	@Test
	void shouldGiveUpAfterTheLastAttempt() {
		given(this.hazelcast.getMap("sessions")).willThrow(new IndeterminateOperationStateException("no ack"));

		assertThatExceptionOfType(IndeterminateOperationStateException.class)
			.isThrownBy(() -> SessionMapOpener.open(this.hazelcast, "sessions", 3, Duration.ZERO));
		verify(this.hazelcast, times(3)).getMap("sessions");
	}

}

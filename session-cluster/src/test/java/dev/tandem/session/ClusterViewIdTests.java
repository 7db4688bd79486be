package dev.tandem.session;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewIdTests {

	@Test
	void shouldNameTheSameMembersTheSameWhateverTheOrder() {
		assertThat(ClusterViewId.of(List.of("10.0.0.12:5701", "10.0.0.13:5701", "10.0.0.14:5701")))
			.isEqualTo(ClusterViewId.of(List.of("10.0.0.14:5701", "10.0.0.12:5701", "10.0.0.13:5701")))
			.matches("[0-9a-f]{16}");
	}

	@Test
	void shouldNameTheTwoSidesOfASplitAndTheWholeDifferently() {
		String whole = ClusterViewId.of(List.of("10.0.0.12:5701", "10.0.0.13:5701", "10.0.0.14:5701"));
		String alone = ClusterViewId.of(List.of("10.0.0.12:5701"));
		String rest = ClusterViewId.of(List.of("10.0.0.13:5701", "10.0.0.14:5701"));

		assertThat(List.of(whole, alone, rest)).doesNotHaveDuplicates();
	}

	@Test
	void shouldNameNoClusterNone() {
		assertThat(ClusterViewId.of(List.of())).isEqualTo("none");
	}

}

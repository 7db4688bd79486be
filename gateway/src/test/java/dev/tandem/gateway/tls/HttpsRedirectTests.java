package dev.tandem.gateway.tls;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpsRedirectTests {

	@Test
	void shouldTakeTheHostWithoutItsPort() {
		assertThat(HttpsRedirect.host("shop.example")).isEqualTo("shop.example");
		assertThat(HttpsRedirect.host("shop.example:80")).isEqualTo("shop.example");
		assertThat(HttpsRedirect.host("192.168.1.11:8080")).isEqualTo("192.168.1.11");
		assertThat(HttpsRedirect.host("[fd00::11]:80")).isEqualTo("[fd00::11]");
		assertThat(HttpsRedirect.host("[fd00::11]")).isEqualTo("[fd00::11]");
	}

	@Test
	void shouldRefuseAHostThatIsNoHost() {
		for (String bad : new String[] { "", "evil.example/x", "user@evil.example", "a b", "x?y", "[zz::1]" }) {
			assertThat(HttpsRedirect.host(bad)).as(bad).isNull();
		}
		assertThat(HttpsRedirect.host(null)).isNull();
	}

}

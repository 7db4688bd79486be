package dev.tandem.gateway.proxy;

import java.util.List;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ReverseRewriteHeadersFilterTests {

	final ReverseRewriteHeadersFilter filter = new ReverseRewriteHeadersFilter(new AddressRewriter(
			new MemberOrigins(new Members(Membership.of(List.of(Member.of("was1", "http://10.0.0.12:8080")))))));

	final MockServerWebExchange exchange = MockServerWebExchange
		.from(MockServerHttpRequest.get("http://gw.lan:8080/cart").build());

	@Test
	void shouldApplyToAnswersOnly() {
		assertThat(this.filter.supports(Type.RESPONSE)).isTrue();
		assertThat(this.filter.supports(Type.REQUEST)).isFalse();
	}

	@Test
	void shouldPassTheSameHeadersOnWhenNothingNamesAMember() {
		HttpHeaders plain = new HttpHeaders();
		plain.add(HttpHeaders.CONTENT_TYPE, "text/html");
		HttpHeaders other = new HttpHeaders();
		other.add(HttpHeaders.LOCATION, "/login");
		other.add(HttpHeaders.SET_COOKIE, "a=b; Path=/");

		assertThat(this.filter.filter(plain, this.exchange)).isSameAs(plain);
		assertThat(this.filter.filter(other, this.exchange)).isSameAs(other);
	}

	@Test
	void shouldRewriteEveryHeaderThatNamesAMemberAndKeepTheRest() {
		HttpHeaders member = new HttpHeaders();
		member.add(HttpHeaders.LOCATION, "http://10.0.0.12:8080/login");
		member.add(HttpHeaders.CONTENT_LOCATION, "http://10.0.0.12:8080/cart/1");
		member.add("Refresh", "5; url=http://10.0.0.12:8080/next");
		member.add(HttpHeaders.SET_COOKIE, "a=b; Domain=10.0.0.12; Path=/");
		member.add(HttpHeaders.SET_COOKIE, "c=d; Domain=shop.example");
		member.add(HttpHeaders.CONTENT_TYPE, "text/html");
		HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(member);

		HttpHeaders rewritten = this.filter.filter(readOnly, this.exchange);

		assertThat(rewritten.get(HttpHeaders.LOCATION)).containsExactly("http://gw.lan:8080/login");
		assertThat(rewritten.get(HttpHeaders.CONTENT_LOCATION)).containsExactly("http://gw.lan:8080/cart/1");
		assertThat(rewritten.get("Refresh")).containsExactly("5; url=http://gw.lan:8080/next");
		assertThat(rewritten.get(HttpHeaders.SET_COOKIE)).containsExactly("a=b; Path=/", "c=d; Domain=shop.example");
		assertThat(rewritten.get(HttpHeaders.CONTENT_TYPE)).containsExactly("text/html");
		assertThat(member.getFirst(HttpHeaders.LOCATION)).isEqualTo("http://10.0.0.12:8080/login");
	}

}

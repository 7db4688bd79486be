package dev.tandem.gateway.proxy;

import java.net.URI;
import java.util.List;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRewriterTests {

	static final URI CLIENT = URI.create("https://shop.example/cart?x=1");

	final Members members = new Members(Membership.of(List.of(Member.of("was1", "http://10.0.0.12:8080"),
			Member.of("was2", "https://node2.lan"), Member.of("was3", "http://[fd00::3]:8080"))));

	final AddressRewriter rewriter = new AddressRewriter(new MemberOrigins(this.members));

	@Test
	void shouldRewriteAMembersLocationToTheClientsOriginKeepingPathAndQuery() {
		assertThat(this.rewriter.url("http://10.0.0.12:8080/login?next=/a#top", CLIENT))
			.isEqualTo("https://shop.example/login?next=/a#top");
		assertThat(this.rewriter.url("HTTP://10.0.0.12:8080", CLIENT)).isEqualTo("https://shop.example");
		assertThat(this.rewriter.url("https://NODE2.lan/x", CLIENT)).isEqualTo("https://shop.example/x");
		assertThat(this.rewriter.url("https://node2.lan:443/x", CLIENT)).isEqualTo("https://shop.example/x");
		assertThat(this.rewriter.url("http://[fd00::3]:8080/x", CLIENT)).isEqualTo("https://shop.example/x");
	}

	@Test
	void shouldKeepTheClientsPortWhenItUsedOne() {
		assertThat(this.rewriter.url("http://10.0.0.12:8080/login", URI.create("http://gw.lan:8080/")))
			.isEqualTo("http://gw.lan:8080/login");
	}

	@Test
	void shouldLeaveUrlsOfOtherOriginsAndRelativeUrlsAsTheyAre() {
		for (String other : new String[] { "http://10.0.0.12:8081/login", "https://10.0.0.12:8080/login",
				"http://10.0.0.120:8080/", "http://node2.lan/x", "https://elsewhere.example/",
				"http://user@10.0.0.12:8080/", "/login", "login", "//10.0.0.12:8080/x", "http://10.0.0.12:80x/",
				"http://", "" }) {
			assertThat(this.rewriter.url(other, CLIENT)).as(other).isSameAs(other);
		}
	}

	@Test
	void shouldFollowMembersAddedAtRunTime() {
		String location = "http://10.0.0.13:8080/login";
		assertThat(this.rewriter.url(location, CLIENT)).isSameAs(location);

		this.members.change((membership) -> membership.with(Member.of("was4", "http://10.0.0.13:8080")));

		assertThat(this.rewriter.url(location, CLIENT)).isEqualTo("https://shop.example/login");
	}

	@Test
	void shouldRewriteTheUrlOfARefresh() {
		assertThat(this.rewriter.refresh("5; url=http://10.0.0.12:8080/next", CLIENT))
			.isEqualTo("5; url=https://shop.example/next");
		assertThat(this.rewriter.refresh("0;URL='http://10.0.0.12:8080/next?a=b'", CLIENT))
			.isEqualTo("0;URL='https://shop.example/next?a=b'");
		assertThat(this.rewriter.refresh("3, Url = \"https://node2.lan/\"", CLIENT))
			.isEqualTo("3, Url = \"https://shop.example/\"");
	}

	@Test
	void shouldLeaveOtherRefreshesAsTheyAre() {
		for (String other : new String[] { "5", "5; url=/next", "5; url=http://elsewhere/", "5; target=x", "5; url" }) {
			assertThat(this.rewriter.refresh(other, CLIENT)).as(other).isSameAs(other);
		}
	}

	@Test
	void shouldDropACookieDomainThatNamesAMember() {
		assertThat(this.rewriter.setCookie("JSESSIONID=abc.was1; Domain=10.0.0.12; Path=/; HttpOnly"))
			.isEqualTo("JSESSIONID=abc.was1; Path=/; HttpOnly");
		assertThat(this.rewriter.setCookie("a=b; Path=/; domain=.NODE2.lan")).isEqualTo("a=b; Path=/");
		assertThat(this.rewriter.setCookie("a=b;Domain = node2.lan ;Secure")).isEqualTo("a=b;Secure");
	}

	@Test
	void shouldLeaveOtherCookiesAsTheyAre() {
		for (String other : new String[] { "a=b", "a=b; Path=/", "a=b; Domain=shop.example", "a=b; Domain=10.0.0.120",
				"domain=10.0.0.12", "a=b; DomainX=10.0.0.12" }) {
			assertThat(this.rewriter.setCookie(other)).as(other).isSameAs(other);
		}
	}

}

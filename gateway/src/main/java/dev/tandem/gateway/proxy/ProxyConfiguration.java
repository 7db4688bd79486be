package dev.tandem.gateway.proxy;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.gateway.member.Members;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Cloud Gateway's routing filter, and the response writer that goes with it, fed
 * with Tandem's header filters only (its own pair is switched off in application.yml):
 * the headers a member receives and a client gets back, and members' addresses rewritten
 * in their answers unless {@code tandem.gateway.proxy.reverse-rewrite} is {@code false}.
 * Whether the client's Host goes on is decided where the route is built, from the same
 * {@link ProxyProperties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxyProperties.class)
class ProxyConfiguration {

	@Bean
	@ConditionalOnProperty(prefix = ProxyProperties.PREFIX, name = "reverse-rewrite", havingValue = "true",
			matchIfMissing = true)
	ReverseRewriteHeadersFilter reverseRewriteHeadersFilter(Members members) {
		return new ReverseRewriteHeadersFilter(new AddressRewriter(new MemberOrigins(members)));
	}

	/**
	 * The routing filter with one copy of the request's headers where Spring Cloud
	 * Gateway's own filters made four, and none of the answer's in the usual case.
	 */
	@Bean
	NettyRoutingFilter nettyRoutingFilter(HttpClient httpClient, HttpClientProperties properties,
			ObjectProvider<ReverseRewriteHeadersFilter> reverseRewrite) {
		List<HttpHeadersFilter> filters = new ArrayList<>(List.of(new MemberRequestHeaders(),
				new TransferEncodingNormalizationHeadersFilter(), new ClientResponseHeaders()));
		reverseRewrite.ifAvailable(filters::add);
		List<HttpHeadersFilter> fixed = List.copyOf(filters);
		return new NettyRoutingFilter(httpClient, new ObjectProvider<>() {

			@Override
			public List<HttpHeadersFilter> getObject() {
				return fixed;
			}

		}, properties);
	}

	/**
	 * The filter that writes the member's answer to the client, which Spring Cloud
	 * Gateway makes only along with its own routing filter.
	 */
	@Bean
	NettyWriteResponseFilter nettyWriteResponseFilter(GatewayProperties properties) {
		return new NettyWriteResponseFilter(properties.getStreamingMediaTypes());
	}

}

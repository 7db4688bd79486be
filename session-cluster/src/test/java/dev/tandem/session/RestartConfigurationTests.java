package dev.tandem.session;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restart endpoint exists only with a token of at least 16 characters, and its exit
 * is the application's when it has one.
 */
class RestartConfigurationTests {

	private static final String TOKEN = "0123456789abcdef";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withUserConfiguration(RestartConfiguration.class);

	@Test
	void shouldLeaveTheEndpointOutWithoutAToken() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(FilterRegistrationBean.class)
			.doesNotHaveBean(NodeRestart.class)
			.doesNotHaveBean(ProcessExit.class));
	}

	@Test
	void shouldLeaveTheEndpointOutWithABlankToken() {
		this.runner.withPropertyValues("tandem.node.restart.token=  ")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void shouldRegisterTheFilterOnItsPathAheadOfTheSessionFilterWithAToken() {
		this.runner.withPropertyValues("tandem.node.restart.token=" + TOKEN).run((context) -> {
			assertThat(context).hasSingleBean(NodeRestart.class).hasSingleBean(ProcessExit.class);
			FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RestartFilter.class);
			assertThat(registration.getUrlPatterns()).containsExactly("/tandem/restart");
			assertThat(registration.getOrder()).isLessThan(SessionRepositoryFilter.DEFAULT_ORDER);
		});
	}

	@Test
	void shouldUseTheApplicationsOwnExit() {
		ProcessExit own = (status) -> {
		};
		this.runner.withPropertyValues("tandem.node.restart.token=" + TOKEN)
			.withBean(ProcessExit.class, () -> own)
			.run((context) -> assertThat(context.getBean(ProcessExit.class)).isSameAs(own));
	}

	@Test
	void shouldFailToStartWithATokenShorterThan16CharactersWithoutShowingIt() {
		this.runner.withPropertyValues("tandem.node.restart.token=short-secret").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isExactlyInstanceOf(IllegalArgumentException.class)
				.hasMessage("tandem.node.restart.token must be at least 16 characters long, but has 12.");
		});
	}

}

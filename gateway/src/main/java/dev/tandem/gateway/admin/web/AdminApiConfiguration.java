package dev.tandem.gateway.admin.web;

import dev.tandem.gateway.admin.MemberAdministration;
import dev.tandem.gateway.admin.RollingRestart;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.health.ActiveHealthChecker;
import dev.tandem.gateway.witness.WitnessGate;
import dev.tandem.gateway.history.TrafficHistory;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The admin API's routes, in the management port's own context so the public port never
 * serves them. Names fixed by the contract: {@code /} (the dashboard),
 * {@code /api/members}, {@code /api/audit}, {@code /api/rolling-restart}; added around
 * them: {@code /api/history}, {@code /api/session}, {@code /api/dashboard}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class AdminApiConfiguration {

	@Bean
	AdminApi adminApi(MemberAdministration administration, RollingRestart rollingRestart, Balancer balancer,
			ActiveHealthChecker checker, WitnessGate witness) {
		return new AdminApi(administration, rollingRestart, balancer, checker, witness);
	}

	@Bean
	HistoryApi historyApi(TrafficHistory history) {
		return new HistoryApi(history);
	}

	@Bean
	DashboardApi dashboardApi(AdminApi api, RollingRestart rollingRestart, TrafficHistory history) {
		return new DashboardApi(api, rollingRestart, history);
	}

	@Bean
	RouterFunction<ServerResponse> adminRoutes(AdminApi api, HistoryApi history, DashboardApi dashboard) {
		return RouterFunctions.route()
			.GET("/", dashboard::page)
			.GET("/api", dashboard::index)
			.GET("/api/session", dashboard::session)
			.GET("/api/dashboard", dashboard::dashboard)
			.GET("/api/members", api::members)
			.POST("/api/members", api::add)
			.GET("/api/members/{id}", api::member)
			.PATCH("/api/members/{id}", api::edit)
			.DELETE("/api/members/{id}", api::remove)
			.POST("/api/members/{id}/recover", api::recover)
			.GET("/api/audit", api::audit)
			.GET("/api/rolling-restart", api::rollingRestart)
			.POST("/api/rolling-restart", api::startRollingRestart)
			.DELETE("/api/rolling-restart", api::cancelRollingRestart)
			.GET("/api/history", history::history)
			.GET("/login", LoginPage::render)
			.add(DashboardAssets.routes())
			// Anything else is not found here. Without this, Spring Cloud Gateway's route
			// mapping, which the management context inherits, could forward it to a
			// member whenever the management port is not a fixed number.
			.route(RequestPredicates.all(), api::notFound)
			.build();
	}

}

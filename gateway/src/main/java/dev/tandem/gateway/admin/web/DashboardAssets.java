package dev.tandem.gateway.admin.web;

import org.webjars.WebJarVersionLocator;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The dashboard's scripts, styles and chart library, all served from the jar: a Pi's LAN
 * often has no internet, and a page that loads nothing from elsewhere is also one that
 * leaks nothing there.
 */
final class DashboardAssets {

	private static final String CHART_SCRIPT = "dist/uPlot.iife.min.js";

	private DashboardAssets() {
	}

	/**
	 * Routes for {@code /assets/uplot/**} (the uPlot WebJar's {@code dist} folder) and
	 * {@code /assets/**} (the page's own files).
	 * @return the routes
	 */
	static RouterFunction<ServerResponse> routes() {
		return RouterFunctions.resources("/assets/uplot/**", chartLibrary())
			.and(RouterFunctions.resources("/assets/**", new ClassPathResource("dashboard/")));
	}

	private static Resource chartLibrary() {
		// The WebJar's folder carries its version; the locator reads it from the jar, so
		// a
		// version bump in the build needs no change here.
		String script = new WebJarVersionLocator().fullPath("uplot", CHART_SCRIPT);
		if (script == null) {
			throw new IllegalStateException("The uPlot WebJar is missing from the gateway jar.");
		}
		return new ClassPathResource(script.substring(0, script.length() - CHART_SCRIPT.length()) + "dist/");
	}

}

package dev.tandem.deploy.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every PromQL expression of a Grafana dashboard's panels (rows' nested panels included),
 * with the dashboard's variables replaced the way Grafana would with "All" selected:
 * {@code $member} and {@code $node} by {@code .*}, and {@code $__rate_interval} by a
 * fixed window.
 */
final class DashboardQueries {

	private DashboardQueries() {
	}

	/**
	 * One query of one panel.
	 *
	 * @param panel the panel's title
	 * @param refId the query's id within the panel
	 * @param expr the expression, variables replaced
	 */
	record Query(String panel, String refId, String expr) {

	}

	static List<Query> of(Path dashboard, Map<String, String> variables) throws IOException {
		List<Query> queries = new ArrayList<>();
		collect(new ObjectMapper().readTree(dashboard.toFile()).path("panels"), variables, queries);
		return queries;
	}

	private static void collect(JsonNode panels, Map<String, String> variables, List<Query> queries) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asText("");
				if (!expr.isBlank()) {
					queries.add(new Query(panel.path("title").asText(), target.path("refId").asText(),
							substitute(expr, variables)));
				}
			}
			collect(panel.path("panels"), variables, queries);
		}
	}

	private static String substitute(String expr, Map<String, String> variables) {
		String result = expr;
		// Longest names first, so that $node never eats the start of a $nodes.
		for (String name : variables.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList()) {
			result = result.replace("${" + name + "}", variables.get(name)).replace("$" + name, variables.get(name));
		}
		if (result.contains("$")) {
			throw new IllegalStateException("A dashboard query uses a variable the test does not know: " + expr);
		}
		return result;
	}

}

package dev.tandem.deploy.metrics;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The project's Prometheus configuration ({@code deploy/grafana/prometheus.yml}) made to
 * scrape a cluster on loopback: the same jobs, paths, users and everything else, with
 * only each job's targets, its password file and the scrape interval replaced. A job the
 * test does not know, or a job with another number of targets than the test runs, fails
 * the test rather than being left out.
 */
final class ScrapeConfig {

	private ScrapeConfig() {
	}

	/**
	 * Write the loopback copy.
	 * @param original the project's file
	 * @param copy where the copy goes
	 * @param jobs per job name, the loopback targets and the password file
	 * @param scrapeInterval the interval, such as {@code 2s}
	 */
	@SuppressWarnings("unchecked")
	static void write(Path original, Path copy, Map<String, Job> jobs, String scrapeInterval) throws IOException {
		Map<String, Object> config;
		try (Reader reader = Files.newBufferedReader(original, StandardCharsets.UTF_8)) {
			config = new Yaml().load(reader);
		}
		Map<String, Object> global = (Map<String, Object>) config.computeIfAbsent("global",
				(key) -> new LinkedHashMap<>());
		global.put("scrape_interval", scrapeInterval);
		global.put("evaluation_interval", scrapeInterval);
		List<Map<String, Object>> scrapeConfigs = (List<Map<String, Object>>) config.get("scrape_configs");
		List<String> names = scrapeConfigs.stream().map((job) -> (String) job.get("job_name")).toList();
		if (!names.equals(List.copyOf(jobs.keySet()))) {
			throw new IllegalStateException(original + " has the jobs " + names + ", the test runs " + jobs.keySet());
		}
		for (Map<String, Object> scrape : scrapeConfigs) {
			Job job = jobs.get((String) scrape.get("job_name"));
			List<Map<String, Object>> staticConfigs = (List<Map<String, Object>>) scrape.get("static_configs");
			List<?> targets = (List<?>) staticConfigs.get(0).get("targets");
			if (staticConfigs.size() != 1 || targets.size() != job.targets().size()) {
				throw new IllegalStateException("Job " + scrape.get("job_name") + " in " + original + " has "
						+ targets.size() + " targets, the test runs " + job.targets().size());
			}
			staticConfigs.get(0).put("targets", job.targets());
			((Map<String, Object>) scrape.get("basic_auth")).put("password_file", job.passwordFile().toString());
		}
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Files.createDirectories(copy.getParent());
		Files.writeString(copy, new Yaml(options).dump(config), StandardCharsets.UTF_8);
	}

	/**
	 * What a job scrapes in the test.
	 *
	 * @param targets {@code host:port} of each target
	 * @param passwordFile the file with the scrape user's password
	 */
	record Job(List<String> targets, Path passwordFile) {

	}

}

package dev.tandem.gateway;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's packages depend on each other only along the edges listed here, read from
 * the compiled classes: {@code member} depends on nobody, balancing on the member model,
 * and the features (affinity, health, routing) on balancing and the member model, never
 * the other way round. A new edge fails until it is added here on purpose; an edge that
 * disappears fails too, so the table stays the truth.
 */
class PackageDependencyTests {

	private static final String BASE = "dev.tandem.gateway";

	/**
	 * For each package (relative to the base, "" for the base itself), what it may use.
	 * The base holds the application class, {@link GatewayPipeline} (whose constants the
	 * compiler copies into each filter, so no class refers to it), the web stages' type,
	 * which the features' web stages implement, and what several of them share
	 * ({@link AnswerWatch}).
	 */
	private static final Map<String, Set<String>> ALLOWED = new TreeMap<>();

	static {
		allow("", "admin.security", "importer");
		allow("importer");
		allow("member");
		allow("balancing.core", "member");
		allow("meters");
		allow("balancing", "balancing.core", "member", "meters");
		allow("affinity", "balancing", "balancing.core", "member");
		allow("health", "member");
		allow("routing", "", "balancing", "member", "proxy");
		allow("proxy", "member");
		allow("tls", "");
		allow("metrics", "", "balancing.core", "member", "meters");
		allow("history", "balancing.core");
		allow("shutdown");
		allow("transport");
		allow("witness", "balancing.core", "health");
		allow("accesslog", "", "balancing");
		allow("admin", "admin.state", "balancing.core", "health", "member");
		allow("admin.state", "member");
		allow("admin.security", "admin");
		allow("admin.web", "admin", "admin.security", "admin.state", "balancing.core", "health", "history", "member",
				"witness");
	}

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(BASE);

	@Test
	void shouldDependOnlyAlongTheAllowedEdges() {
		Set<String> actual = new TreeSet<>();
		for (JavaClass source : CLASSES) {
			for (Dependency dependency : source.getDirectDependenciesFromSelf()) {
				String from = relative(source.getPackageName());
				String to = relative(dependency.getTargetClass().getPackageName());
				if (to != null && !to.equals(from)) {
					actual.add(from + " -> " + to);
				}
			}
		}
		Set<String> allowed = new TreeSet<>();
		ALLOWED.forEach((from, targets) -> targets.forEach((to) -> allowed.add(from + " -> " + to)));

		assertThat(actual).as("package edges of %s (\"\" is the base package)", BASE)
			.containsExactlyInAnyOrderElementsOf(allowed);
	}

	@Test
	void shouldKnowEveryPackage() {
		Set<String> packages = new TreeSet<>();
		CLASSES.forEach((type) -> packages.add(relative(type.getPackageName())));

		assertThat(packages).containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
	}

	@Test
	void shouldHaveNoPackageCycles() {
		slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(CLASSES);
	}

	private static void allow(String from, String... to) {
		ALLOWED.put(from, Set.of(to));
	}

	/** The package relative to the base: "" for the base, null outside it. */
	private static String relative(String packageName) {
		if (packageName.equals(BASE)) {
			return "";
		}
		return packageName.startsWith(BASE + ".") ? packageName.substring(BASE.length() + 1) : null;
	}

}

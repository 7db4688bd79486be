package dev.tandem.node;

import java.util.List;

import dev.tandem.session.SessionClusterAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session-cluster library reaches the node as a user's application gets it, through
 * Boot's auto-configuration, never through the node's own component scan: a scan that
 * covered the library would load its configuration in every test slice and hide a missing
 * auto-configuration entry.
 */
class NodeApplicationScanTests {

	private static final String LIBRARY_PACKAGE = SessionClusterAutoConfiguration.class.getPackageName();

	@Test
	void componentScanOfTheNodeShouldFindNoneOfTheSessionLibrarysClasses() {
		ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(true);

		List<String> found = scan.findCandidateComponents(NodeApplication.class.getPackageName())
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.toList();

		assertThat(found).as("what the node's scan finds").contains(NodeApplication.class.getName());
		assertThat(found).as("what the node's scan finds").noneMatch((name) -> name.startsWith(LIBRARY_PACKAGE + "."));
	}

	@Test
	void sessionLibraryShouldBeListedAsAnAutoConfiguration() {
		List<String> autoConfigurations = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates();

		assertThat(autoConfigurations).contains(SessionClusterAutoConfiguration.class.getName());
	}

}

package dev.tandem.gateway.member;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MembersPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(MembersConfiguration.class);

	@Test
	void shouldBindMembersWithDefaultWeightTierAndState() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[1].id=was3",
					"tandem.gateway.members[1].uri=http://127.0.0.1:8083", "tandem.gateway.members[1].weight=2",
					"tandem.gateway.members[1].tier=1", "tandem.gateway.members[1].state=Draining")
			.run((context) -> {
				MembersProperties properties = context.getBean(MembersProperties.class);
				assertThat(properties.members()).containsExactly(
						new MembersProperties.Entry("was1", "http://127.0.0.1:8081", 1, 0, "active", null, null, null),
						new MembersProperties.Entry("was3", "http://127.0.0.1:8083", 2, 1, "Draining", null, null,
								null));
				assertThat(properties.membership().members()).containsExactly(
						new Member("was1", URI.create("http://127.0.0.1:8081"), 1, 0, AdminState.ACTIVE),
						new Member("was3", URI.create("http://127.0.0.1:8083"), 2, 1, AdminState.DRAINING));
			});
	}

	@Test
	void shouldGiveEachMemberItsIdAsRouteUnlessARouteIsSet() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].route=tomcat1",
					"tandem.gateway.members[1].id=was2", "tandem.gateway.members[1].uri=http://127.0.0.1:8082")
			.run((context) -> assertThat(context.getBean(MembersProperties.class).membership().members())
				.extracting(Member::id, Member::route)
				.containsExactly(tuple("was1", "tomcat1"), tuple("was2", "was2")));
	}

	@Test
	void shouldFailForAnInvalidRoute() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].route=tomcat 1")
			.run((context) -> assertThat(failure(context)).isEqualTo("tandem.gateway.members[0].route must be 1 to 63 "
					+ "letters, digits, '.', '-' or '_' starting with a letter or digit, but was 'tomcat 1'."));
	}

	@Test
	void shouldFailForDuplicateRoutesNamingBothProperties() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].route=tomcat1",
					"tandem.gateway.members[1].id=was2", "tandem.gateway.members[1].uri=http://127.0.0.1:8082",
					"tandem.gateway.members[1].route=tomcat1")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[1].route 'tomcat1' is already used by "
						+ "tandem.gateway.members[0].route; member routes must be unique (within a group, when both members have one), and a member without a "
						+ "route uses its id."));
	}

	@Test
	void shouldFailForARouteThatIsAnotherMembersDefaultRoute() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[1].id=was2",
					"tandem.gateway.members[1].uri=http://127.0.0.1:8082", "tandem.gateway.members[1].route=was1")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[1].route 'was1' is already used by tandem.gateway.members[0].id; "
						+ "member routes must be unique (within a group, when both members have one), and a member without a route uses its id."));
	}

	@Test
	void shouldFailForAnUnknownState() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].state=+D")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[0].state must be active, draining or disabled, but was '+D'."));
	}

	@Test
	void shouldFailWithoutMembers() {
		this.runner.run((context) -> assertThat(failure(context))
			.startsWith("tandem.gateway.members must list at least one member"));
	}

	@Test
	void shouldFailForAMemberWithoutUri() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[1].id=was2")
			.run((context) -> assertThat(failure(context)).startsWith("tandem.gateway.members[1].uri is required"));
	}

	@Test
	void shouldFailForDuplicateIdsNamingTheIdAndTheProperty() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[1].id=was1",
					"tandem.gateway.members[1].uri=http://127.0.0.1:8082")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[1].id 'was1' is already used by tandem.gateway.members[0].id; "
						+ "member ids must be unique."));
	}

	@Test
	void shouldFailForAnInvalidId() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was 1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081")
			.run((context) -> assertThat(failure(context)).startsWith("tandem.gateway.members[0].id must be")
				.contains("'was 1'"));
	}

	@Test
	void shouldFailForAMissingId() {
		this.runner.withPropertyValues("tandem.gateway.members[0].uri=http://127.0.0.1:8081")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[0].id is required, for example was1."));
	}

	@Test
	void shouldFailForAUriThatIsNotAnAbsoluteHttpAddress() {
		for (String uri : new String[] { "ftp://127.0.0.1:8081", "127.0.0.1:8081", "/was1", "http:///x",
				"http://127.0.0.1:8081/app", "http://user@127.0.0.1:8081", "http://127.0.0.1:8081?x=1",
				"http://bad host:8081" }) {
			this.runner.withPropertyValues("tandem.gateway.members[0].id=was1", "tandem.gateway.members[0].uri=" + uri)
				.run((context) -> assertThat(failure(context)).as(uri)
					.startsWith("tandem.gateway.members[0].uri must be an absolute http:// or https:// address"));
		}
	}

	@Test
	void shouldGiveEveryMemberTheGlobalHttpCheckExpecting2xxByDefault() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081")
			.run((context) -> assertThat(context.getBean(MembersProperties.class).healthChecks()).containsExactly(
					Map.entry("was1", new HealthCheck(HealthCheck.Type.HTTP, null, ExpectedStatus.SUCCESSFUL))));
	}

	@Test
	void shouldBindEachMembersOwnHealthCheck() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=tomcat1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081",
					"tandem.gateway.members[0].health.path=/session.jsp",
					"tandem.gateway.members[0].health.expected-status=200-399", "tandem.gateway.members[1].id=tomcat2",
					"tandem.gateway.members[1].uri=http://127.0.0.1:8082", "tandem.gateway.members[1].health.type=TCP",
					"tandem.gateway.members[2].id=was3", "tandem.gateway.members[2].uri=http://127.0.0.1:8083",
					"tandem.gateway.members[2].health.expected-status=200, 302")
			.run((context) -> {
				Map<String, HealthCheck> checks = context.getBean(MembersProperties.class).healthChecks();
				assertThat(checks.get("tomcat1")).isEqualTo(new HealthCheck(HealthCheck.Type.HTTP, "/session.jsp",
						ExpectedStatus.parse("200-399").orElseThrow()));
				assertThat(checks.get("tomcat2").type()).isEqualTo(HealthCheck.Type.TCP);
				assertThat(checks.get("was3").path()).isNull();
				assertThat(checks.get("was3").expectedStatus()).hasToString("200,302");
			});
	}

	@Test
	void shouldFailForAnUnknownHealthType() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].health.type=icmp")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[0].health.type must be http or tcp, but was 'icmp'."));
	}

	@Test
	void shouldFailForAnExpectedStatusThatIsNotAStatusClassRangeOrList() {
		for (String status : new String[] { "ok", "2xx,", "600", "99", "399-200", "2XX-3xx", "200;302", "20x" }) {
			this.runner
				.withPropertyValues("tandem.gateway.members[0].id=was1",
						"tandem.gateway.members[0].uri=http://127.0.0.1:8081",
						"tandem.gateway.members[0].health.expected-status=" + status)
				.run((context) -> assertThat(failure(context)).as(status)
					.isEqualTo("tandem.gateway.members[0].health.expected-status must be a status, a class or a "
							+ "range between 100 and 599, or a comma-separated list of them, such as 200, 2xx, "
							+ "200-399 or 200,302, but was '" + status + "'."));
		}
	}

	@Test
	void shouldFailForAHealthPathWithoutSlashOrWithATcpCheck() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081",
					"tandem.gateway.members[0].health.path=session.jsp")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[0].health.path must start with '/', such as /index.jsp, "
						+ "but was 'session.jsp'."));
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].health.type=tcp",
					"tandem.gateway.members[0].health.path=/session.jsp")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[0].health.path is only for type http, but "
						+ "tandem.gateway.members[0].health.type is tcp; remove the path or set the type to http."));
	}

	@Test
	void shouldFailForANegativeWeight() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].weight=-1")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[0].weight must be 0 or more, but was -1."));
	}

	@Test
	void shouldFailForANegativeTier() {
		this.runner
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].tier=-2")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("tandem.gateway.members[0].tier must be 0 or more, but was -2."));
	}

	/**
	 * The configuration processor cannot describe the fields of a list's elements, so
	 * {@code additional-spring-configuration-metadata.json} names them by hand; this
	 * keeps those entries equal to the fields and defaults of
	 * {@link MembersProperties.Entry}.
	 */
	@Test
	void shouldDescribeEveryMemberFieldInTheMetadataWithItsDefault() throws IOException, NoSuchMethodException {
		Map<String, String> fromRecord = new LinkedHashMap<>();
		describe("tandem.gateway.members[0].", MembersProperties.Entry.class, fromRecord);
		Map<String, String> fromMetadata = new LinkedHashMap<>();
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : new ObjectMapper().readTree(json).get("properties")) {
				String name = property.get("name").asText();
				if (name.startsWith("tandem.gateway.members[0].")) {
					JsonNode defaultValue = property.get("defaultValue");
					fromMetadata.put(name, (defaultValue != null) ? defaultValue.asText() : null);
				}
			}
		}

		assertThat(fromMetadata).isEqualTo(fromRecord);
	}

	/**
	 * The properties of a record with their defaults; a nested record (the member's
	 * {@code health}) by its own fields, named as Boot names them (expected-status).
	 */
	private static void describe(String prefix, Class<?> type, Map<String, String> properties)
			throws NoSuchMethodException {
		// @DefaultValue sits on the canonical constructor's parameters, which Boot binds.
		RecordComponent[] components = type.getRecordComponents();
		Parameter[] parameters = type
			.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
			.getParameters();
		for (int i = 0; i < components.length; i++) {
			String name = prefix + components[i].getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
			if (components[i].getType().isRecord()) {
				describe(name + ".", components[i].getType(), properties);
				continue;
			}
			DefaultValue defaultValue = parameters[i].getAnnotation(DefaultValue.class);
			properties.put(name, (defaultValue != null) ? String.join(",", defaultValue.value()) : null);
		}
	}

	private static String failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage();
	}

	@EnableConfigurationProperties(MembersProperties.class)
	static class MembersConfiguration {

	}

}

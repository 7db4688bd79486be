package dev.tandem.shared;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConfigurationDocCheck} on small documents: it accepts a doc that matches and
 * names each kind of drift.
 */
class ConfigurationDocCheckTests {

	private static final String METADATA = """
			{"properties": [
			  {"name": "tandem.a.size", "defaultValue": 3},
			  {"name": "tandem.a.names", "defaultValue": "[X, Y]"},
			  {"name": "tandem.a.mode", "defaultValue": "fast"},
			  {"name": "tandem.a.secret"},
			  {"name": "other.ignored", "defaultValue": 1}
			 ],
			 "hints": [{"name": "tandem.a.mode", "values": [{"value": "fast"}, {"value": "slow"}]}]}
			""";

	private static final String DOC = """
			# Configuration

			## one (the module)

			| property | default | meaning |
			|---|---|---|
			| `tandem.a.size` | `3` | how many |
			| `tandem.a.names` | `X,Y` | which |
			| `tandem.a.mode` | `fast` | `fast` or `slow` |
			| `tandem.a.secret` | unset | a key |
			| `server.port` | `8080` | not checked |

			## two

			| `tandem.b.other` | `1` | another module's |
			""";

	@Test
	void matchingDocHasNoProblems() throws Exception {
		assertThat(problems(DOC)).isEmpty();
	}

	@Test
	void differentDefaultIsAProblem() throws Exception {
		assertThat(problems(DOC.replace("| `3` |", "| `4` |")))
			.containsExactly("tandem.a.size: the doc's default is `4`, the metadata's `3`");
	}

	@Test
	void defaultTheMetadataDoesNotHaveIsAProblem() throws Exception {
		assertThat(problems(DOC.replace("| unset |", "| `none` |")))
			.containsExactly("tandem.a.secret: the doc's default is `none`, the metadata has none");
	}

	@Test
	void missingRowIsAProblem() throws Exception {
		assertThat(problems(DOC.replace("| `tandem.a.names` | `X,Y` | which |\n", "")))
			.containsExactly("tandem.a.names is in the metadata but has no row under ## one");
	}

	@Test
	void rowWithoutPropertyIsAProblem() throws Exception {
		assertThat(problems(DOC.replace("| `server.port`", "| `tandem.a.gone`")))
			.containsExactly("tandem.a.gone has a row under ## one but is not in the metadata");
	}

	@Test
	void missingHintedValueIsAProblem() throws Exception {
		assertThat(problems(DOC.replace("`fast` or `slow`", "`fast` or slow")))
			.containsExactly("tandem.a.mode: the hinted value `slow` is not in its row");
	}

	@Test
	void duplicateRowIsAProblem() throws Exception {
		assertThat(problems(DOC.replace("| `tandem.a.secret` | unset | a key |",
				"| `tandem.a.secret` | unset | a key |\n| `tandem.a.secret` | unset | again |")))
			.containsExactly("tandem.a.secret has more than one row under ## one");
	}

	@Test
	void missingSectionIsAProblem() throws Exception {
		assertThat(problems(DOC.replace("## one", "## three"))).contains("no section ## one");
	}

	private static List<String> problems(String doc) throws Exception {
		JsonNode metadata = new ObjectMapper().readTree(METADATA);
		return ConfigurationDocCheck.problems("one", metadata, doc);
	}

}

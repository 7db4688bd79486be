package dev.tandem.node.demo;

import java.util.List;

import dev.tandem.node.login.LoginConfiguration;
import dev.tandem.session.NodeProperties;
import dev.tandem.session.SessionCluster;
import dev.tandem.session.SessionClusterState;
import dev.tandem.session.SessionClusterState.Member;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

// Under the node's real security rules: the demo endpoints must stay open.
@WebMvcTest(controllers = DemoController.class, properties = "tandem.node.id=pi-2")
@Import({ LoginConfiguration.class, DemoControllerTests.NodePropertiesConfiguration.class })
class DemoControllerTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private SessionCluster cluster;

	@Test
	void helloShouldNameTheNodeAndNeverCreateASession() throws Exception {
		MvcResult result = this.mvc.perform(get("/hello"))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Tandem-Node", "pi-2"))
			.andExpect(content().string("Hello from pi-2\n"))
			.andReturn();

		assertThat(result.getRequest().getSession(false)).isNull();
	}

	@Test
	void sessionShouldCountRequestsOfOneSession() throws Exception {
		MockHttpSession session = new MockHttpSession();

		this.mvc.perform(get("/session").session(session))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Tandem-Node", "pi-2"))
			.andExpect(content().json("{\"node\":\"pi-2\",\"count\":1}", true));
		this.mvc.perform(get("/session").session(session))
			.andExpect(content().json("{\"node\":\"pi-2\",\"count\":2}", true));
		this.mvc.perform(get("/session")).andExpect(content().json("{\"node\":\"pi-2\",\"count\":1}", true));
	}

	@Test
	void postToSessionShouldIncrementTheSameCounterWithoutACsrfToken() throws Exception {
		MockHttpSession session = new MockHttpSession();
		session.setAttribute("count", 41);

		this.mvc.perform(post("/session").session(session))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Tandem-Node", "pi-2"))
			.andExpect(content().json("{\"node\":\"pi-2\",\"count\":42}", true));
		this.mvc.perform(get("/session").session(session))
			.andExpect(content().json("{\"node\":\"pi-2\",\"count\":43}", true));
	}

	@Test
	void postToOtherPathsShouldStillNeedACsrfToken() throws Exception {
		this.mvc.perform(post("/logout")).andExpect(status().isForbidden());
	}

	@Test
	void pageShouldCountAndListTheMembersEscaped() throws Exception {
		given(this.cluster.state()).willReturn(new SessionClusterState(true, true, true, "ACTIVE",
				List.of(new Member("10.0.0.2:5701", "pi-2", true), new Member("10.0.0.3:5701", "<b>x</b>", false)),
				true, true, true, 0, true, 1, 1));
		MockHttpSession session = new MockHttpSession();
		session.setAttribute("count", 41);

		this.mvc.perform(get("/").session(session))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Tandem-Node", "pi-2"))
			.andExpect(content().string(containsString("<p class=\"count\">42</p>")))
			.andExpect(content().string(containsString("<td>10.0.0.3:5701</td>")))
			.andExpect(content().string(containsString("&lt;b&gt;x&lt;/b&gt;")))
			.andExpect(content().string(not(containsString("<b>x</b>"))))
			.andExpect(content().string(containsString("this node")));
	}

	// A slice test runs without the session-cluster library's auto-configuration, which
	// binds the node's properties in the application.
	@EnableConfigurationProperties(NodeProperties.class)
	static class NodePropertiesConfiguration {

	}

}

package dev.tandem.node.demo;

import dev.tandem.session.NodeProperties;
import dev.tandem.session.SessionCluster;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The demo endpoints of the outside contract: a session counter as JSON (GET or POST), a
 * greeting that never touches the session, and a page that shows the counter and the
 * session cluster.
 */
@Controller
class DemoController {

	private final String nodeId;

	private final SessionCluster cluster;

	DemoController(NodeProperties properties, SessionCluster cluster) {
		this.nodeId = properties.id();
		this.cluster = cluster;
	}

	// POST as well: the increment a browser form (or a test's writer) sends, which the
	// gateway must never replay after it may have reached a node.
	@RequestMapping(path = "/session", method = { RequestMethod.GET, RequestMethod.POST },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	CountResponse session(HttpSession session) {
		return new CountResponse(this.nodeId, SessionCounter.increment(session));
	}

	// No HttpSession parameter: asking for one would create it.
	@GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
	@ResponseBody
	String hello() {
		return "Hello from " + this.nodeId + "\n";
	}

	@GetMapping("/")
	String page(HttpSession session, Model model) {
		model.addAttribute("node", this.nodeId);
		model.addAttribute("count", SessionCounter.increment(session));
		model.addAttribute("cluster", this.cluster.state());
		return "index";
	}

	record CountResponse(String node, int count) {

	}

}

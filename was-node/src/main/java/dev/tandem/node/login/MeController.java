package dev.tandem.node.login;

import java.security.Principal;

import dev.tandem.session.NodeProperties;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The signed-in user's page: who they are and which node served them, so a user can see
 * their login survive a move to another node.
 */
@Controller
class MeController {

	private final String nodeId;

	MeController(NodeProperties properties) {
		this.nodeId = properties.id();
	}

	@GetMapping("/me")
	String me(Principal principal, Model model) {
		model.addAttribute("user", principal.getName());
		model.addAttribute("node", this.nodeId);
		return "me";
	}

}

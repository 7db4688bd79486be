package dev.tandem.session;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;

/**
 * The classes a member agrees to rebuild from Java serialization: what sessions really
 * hold, and nothing else. Hazelcast's own defaults stay on ({@code com.hazelcast.},
 * {@code java*} and arrays, minus its list of known gadgets); on top of them the node
 * allows its own classes ({@code dev.tandem.}), Spring Session's entry processor, and the
 * Spring Security classes a login leaves in the session. Any other class in a session or
 * any map fails to deserialize with a {@link SecurityException}, so a stranger's gadget
 * never runs here. An application that stores its own classes in the session adds them
 * with {@code tandem.node.cluster.serialization.allowed-packages} or
 * {@code allowed-classes}.
 */
final class DeserializationAllowList {

	/** Packages and classes a session may carry, found by signing in and out. */
	static final String[] CLASSES = {
			// Spring Session ships attribute changes to the entry's owner in this.
			"org.springframework.session.hazelcast.SessionUpdateEntryProcessor",
			// The signed-in user, under SPRING_SECURITY_CONTEXT.
			"org.springframework.security.core.context.SecurityContextImpl",
			"org.springframework.security.authentication.AbstractAuthenticationToken",
			"org.springframework.security.authentication.UsernamePasswordAuthenticationToken",
			"org.springframework.security.core.userdetails.User",
			"org.springframework.security.core.userdetails.User$AuthorityComparator",
			"org.springframework.security.core.authority.SimpleGrantedAuthority",
			"org.springframework.security.web.authentication.WebAuthenticationDetails",
			// Why the last login failed, under SPRING_SECURITY_LAST_EXCEPTION.
			"org.springframework.security.core.AuthenticationException",
			"org.springframework.security.authentication.BadCredentialsException",
			// The login form's CSRF token and the page asked for before signing in.
			"org.springframework.security.web.csrf.DefaultCsrfToken",
			"org.springframework.security.web.savedrequest.DefaultSavedRequest",
			"org.springframework.security.web.savedrequest.SavedCookie" };

	static final String[] PREFIXES = { "dev.tandem." };

	private DeserializationAllowList() {
	}

	/**
	 * Turn the allow-list on, with the application's own classes added.
	 * @param config the member configuration
	 * @param application the application's packages and classes
	 * ({@code tandem.node.cluster.serialization.*})
	 */
	static void apply(Config config, NodeProperties.Serialization application) {
		ClassFilter allowed = new ClassFilter().addClasses(CLASSES).addPrefixes(PREFIXES);
		// A package as a prefix with its dot: com.example.shop covers its sub-packages
		// but not com.example.shopping.
		application.allowedPackages().forEach((name) -> allowed.addPrefixes(name + "."));
		application.allowedClasses().forEach(allowed::addClasses);
		JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
		filter.setWhitelist(allowed);
		config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
	}

}

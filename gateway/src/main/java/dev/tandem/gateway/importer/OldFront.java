package dev.tandem.gateway.importer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the readers learned of the old front, from every file given: its balancers, the
 * paths mounted on them, the proxy-wide settings and what was said about the directives
 * that need a comment. Filled by one import, then translated.
 */
final class OldFront {

	final Map<String, ImportedBalancer> balancers = new LinkedHashMap<>();

	final List<Mount> mounts = new ArrayList<>();

	final List<Finding> findings = new ArrayList<>();

	/** mod_jk status workers: a mount on one is the old front's own page. */
	final Set<String> statusWorkers = new HashSet<>();

	/** {@code ProxyPreserveHost On}; null when not set. */
	Origin preserveHost;

	/** The first {@code ProxyPassReverse}; null when none. */
	Origin reverseRewrite;

	/** {@code ProxyTimeout} in seconds; null when not set. */
	Integer proxyTimeoutSeconds;

	Origin proxyTimeoutOrigin;

	/**
	 * {@code SSLCertificateFile} and {@code SSLCertificateKeyFile}; null when not set.
	 */
	Origin certificate;

	Origin certificateKey;

	String certificateFile;

	String certificateKeyFile;

	ImportedBalancer balancer(String name, Origin origin) {
		return this.balancers.computeIfAbsent(name, (key) -> new ImportedBalancer(key, origin));
	}

	void approximate(Origin origin, String sentence) {
		this.findings.add(new Finding(Finding.Kind.APPROXIMATE, origin, sentence));
	}

	void notTranslated(Origin origin, String sentence) {
		this.findings.add(new Finding(Finding.Kind.NOT_TRANSLATED, origin, sentence));
	}

	void note(Origin origin, String sentence) {
		this.findings.add(new Finding(Finding.Kind.NOTE, origin, sentence));
	}

}

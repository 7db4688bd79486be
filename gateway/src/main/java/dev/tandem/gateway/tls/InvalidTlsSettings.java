package dev.tandem.gateway.tls;

/**
 * A {@code tandem.gateway.tls} property that contradicts the server's own settings; its
 * message is the one sentence start-up reports.
 */
class InvalidTlsSettings extends RuntimeException {

	InvalidTlsSettings(String sentence) {
		super(sentence);
	}

}

package dev.tandem.gateway.importer;

/**
 * A file the import cannot read or parse; its message is one sentence naming the file and
 * line (exit status 2).
 */
class UnreadableConfigurationException extends Exception {

	UnreadableConfigurationException(String sentence) {
		super(sentence);
	}

	static UnreadableConfigurationException at(Origin origin, String problem) {
		return new UnreadableConfigurationException(origin + ": " + problem + " (in '" + origin.text() + "').");
	}

}

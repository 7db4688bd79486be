package dev.tandem.gateway.importer;

/**
 * Something the import says about a directive besides translating it exactly: an
 * approximation, a directive it could not translate, or a note on where Tandem does the
 * same by other means. Approximations and untranslated directives make the import
 * incomplete (exit status 1).
 *
 * @param kind how far the translation got
 * @param origin the directive concerned
 * @param sentence what the user should know, one sentence
 */
record Finding(Kind kind, Origin origin, String sentence) {

	boolean incomplete() {
		return this.kind != Kind.NOTE;
	}

	String comment() {
		return this.kind.label + this.origin + ": " + this.sentence;
	}

	/** How far the translation of a directive got. */
	enum Kind {

		/** Translated, but Tandem's behaviour differs in the way the sentence says. */
		APPROXIMATE("approximate, "),

		/** Not translated at all. */
		NOT_TRANSLATED("not translated, "),

		/** Nothing to translate: Tandem does this by other means. */
		NOTE("");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

	}

}

package io.eventwire.autoconfigure.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's console ({@code eventwire.console}).
 *
 * @param enabled Whether the console is served, at the eventwireConsole actuator endpoint
 * (/actuator/eventwireConsole, once exposed over HTTP). Its actions need that endpoint's write
 * access (management.endpoint.eventwireConsole.access=unrestricted); without it the console only
 * shows.
 * @param payloads How the console shows event payloads: full, masked (field names kept, every value
 * replaced, and payload values found in exception messages and stack traces masked too) or none
 * (not shown at all). Only full allows replaying a dead letter with a corrected payload.
 */
@ConfigurationProperties("eventwire.console")
public record ConsoleProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("masked") PayloadDisplay payloads) {

	/**
	 * How the console shows payloads.
	 */
	public enum PayloadDisplay {

		/** As they are. */
		FULL,

		/** Field names and structure kept, every value replaced by {@code ***}. */
		MASKED,

		/** Not at all. */
		NONE

	}

}

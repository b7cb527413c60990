package io.eventwire.autoconfigure.outbox;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * An application that only relays the outbox, started in a JVM of its own by tests that kill it.
 * Its settings come as command-line arguments.
 */
public final class RelayProcessMain {

	private RelayProcessMain() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}

package io.eventwire.autoconfigure.outbox;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link OutboxFidelityContract} on the MongoDB-wire test server.
 */
@DirtiesContext
@SpringBootTest(classes = OutboxFidelityTests.App.class,
		properties = { "eventwire.service-name=outbox-fidelity", "eventwire.outbox.relay.enabled=true",
				"eventwire.outbox.relay.poll-interval=200ms", "eventwire.outbox.compacted-topics=fidelity-compacted" })
class OutboxFidelityTests extends OutboxFidelityContract {

	static final EmbeddedMongo mongo = new EmbeddedMongo("outbox-fidelity");

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", mongo::uri);
	}

	@Override
	String compactedTopic() {
		return "fidelity-compacted";
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}

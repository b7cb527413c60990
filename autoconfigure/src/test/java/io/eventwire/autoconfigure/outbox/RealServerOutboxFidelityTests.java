package io.eventwire.autoconfigure.outbox;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * {@link OutboxFidelityContract} on a MongoDB 7 replica set, the event outbox in transactions. Needs
 * Docker; skipped without.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = RealServerOutboxFidelityTests.App.class,
		properties = { "eventwire.service-name=outbox-fidelity-it", "eventwire.outbox.relay.enabled=true",
				"eventwire.outbox.compacted-topics=fidelity-compacted-it" })
class RealServerOutboxFidelityTests extends OutboxFidelityContract {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.getReplicaSetUrl("outbox-fidelity-it"));
	}

	@Override
	String compactedTopic() {
		return "fidelity-compacted-it";
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		MongoTransactionManager transactionManager(MongoDatabaseFactory factory) {
			return new MongoTransactionManager(factory);
		}

	}

}

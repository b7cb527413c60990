package io.eventwire.autoconfigure.testsupport;

import java.time.Duration;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoServer;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.consume.DirectDispatcher;
import io.eventwire.consume.DirectDispatcher.Outcome.Kind;
import io.eventwire.test.EventScenario;
import io.eventwire.test.EventwireTest;
import io.eventwire.test.RecordedEvent;
import io.eventwire.test.ScenarioRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @EventwireTest} on a service with translators, an outbox and MongoDB: no property set, the
 * application starts clean and healthy on the embedded broker and the in-memory MongoDB-wire server,
 * and a scenario waits for exactly the events its stimulus caused.
 */
@EventwireTest(classes = EventwireTestAnnotationTests.ShippingApplication.class,
		properties = "spring.mongodb.uri=mongodb://mongo.example.invalid:27017/shipping")
@ExtendWith(OutputCaptureExtension.class)
class EventwireTestAnnotationTests {

	@Autowired
	EventScenario scenario;

	@Autowired
	DirectDispatcher dispatcher;

	@Autowired
	HealthEndpoint health;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	MongoServer inMemoryMongo;

	@Autowired
	MongoConnectionDetails mongoConnection;

	@Autowired
	EventPublisher publisher;

	@Test
	void theServiceStartsCleanAndHealthyOnTheInMemoryServerInItsOwnDatabase(CapturedOutput output) {
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(output.getAll()).contains("Started").doesNotContain(" ERROR ");
		assertThat(this.mongo.getDb().getName()).isEqualTo("shipping");
		assertThat(this.mongo.getMongoDatabaseFactory().getMongoDatabase().getName()).isEqualTo("shipping");
		assertThat(this.mongoConnection.getConnectionString().getHosts())
			.containsExactly("localhost:" + this.inMemoryMongo.getLocalAddress().getPort());
	}

	@Test
	void aScenarioWaitsForTheEventsItsEventCausedAndNoOthers() {
		// Another run's order, meanwhile: its shipment carries another correlation id.
		ScenarioRun other = this.scenario.publish("orders", "order_placed", "o-0", "{\"orderId\": \"o-0\"}");
		ScenarioRun run = this.scenario.publish("orders", "order_placed", "o-1", "{\"orderId\": \"o-1\"}");

		RecordedEvent shipped = run.andWaitForEvent("shipment_created").toArrive();
		assertThat(shipped.key()).isEqualTo("o-1");
		assertThat(shipped.topic()).isEqualTo("shipments");
		assertThat(shipped.correlationId()).isEqualTo(run.correlationId());
		other.andWaitForEvent("shipment_created").toArriveAndVerify((event) -> assertThat(event.key()).isEqualTo("o-0"));
		assertThat(run.events()).extracting(RecordedEvent::key).containsExactly("o-1");
	}

	@Test
	void aScenarioCallsTheApplicationUnderItsCorrelationId() {
		String orderId = UUID.randomUUID().toString();
		ScenarioRun run = this.scenario
			.stimulate((correlationId) -> this.publisher.publish("orders", "order_placed", orderId, "{}"));
		run.andWaitForEvent("shipment_created").matching((event) -> orderId.equals(event.key())).toArrive();
		assertThat(run.events()).extracting(RecordedEvent::type).containsExactly("order_placed", "shipment_created");
		assertThat(run.andWaitForStateChange(() -> this.mongo.getCollection("shipments").countDocuments(),
				(count) -> count > 0)).isPositive();
	}

	@Test
	void anEventThatNeverComesFailsWithWhatTheRunCaused() {
		ScenarioRun run = this.scenario.publish("orders", "order_placed", "o-2", "{\"orderId\": \"o-2\"}");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> run.andWaitForEvent("shipment_cancelled").within(Duration.ofSeconds(2)).toArrive())
			.withMessageContaining("'shipment_cancelled' events with correlation id " + run.correlationId())
			.withMessageContaining("shipment_created");
	}

	@Test
	void theDirectDispatcherReachesTheApplicationsTranslators() {
		assertThat(this.dispatcher.dispatch("orders", "order_placed", "o-3", "{\"orderId\": \"o-3\"}").outcome().kind())
			.isEqualTo(Kind.HANDLED);
		assertThat(this.dispatcher.dispatch("orders", "order_placed", "o-4", "[1, 2]").outcome().kind())
			.isEqualTo(Kind.DEAD_LETTERED);
	}

	record OrderPlaced(String orderId) {
	}

	@EventTranslator(topics = "orders")
	static class ShippingTranslator {

		private final EventPublisher publisher;

		private final MongoTemplate mongo;

		ShippingTranslator(EventPublisher publisher, MongoTemplate mongo) {
			this.publisher = publisher;
			this.mongo = mongo;
		}

		@OnEvent("order_placed")
		void placed(OrderPlaced order, io.eventwire.EventMetadata metadata) {
			this.mongo.insert(new org.bson.Document("orderId", metadata.key()), "shipments");
			this.publisher.publish("shipments", "shipment_created", metadata.key(), "{}");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ShippingTranslator.class)
	static class ShippingApplication {

	}

}

package io.eventwire.autoconfigure.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.autoconfigure.outbox.EmbeddedMongo;
import io.eventwire.consume.EventInbox;
import io.eventwire.consume.MongoEventInbox;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox's own failure is not the handler's: when the inbox cannot record an event whose handler
 * succeeded, only the record is tried again, and the event is not dead-lettered.
 */
@SpringBootTest(classes = InboxWriteFailureTests.App.class,
		properties = { "eventwire.service-name=inbox-write-it", "eventwire.consumer.deduplication.enabled=true",
				"spring.mongodb.representation.uuid=standard" })
class InboxWriteFailureTests {

	static final String TOPIC = "inbox-write-it-orders";

	static final EmbeddedMongo mongo = new EmbeddedMongo("inbox-write-it");

	@Autowired
	EventPublisher publisher;

	@Autowired
	Handler handler;

	@Autowired
	FlakyInbox inbox;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@DynamicPropertySource
	static void mongoUri(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", mongo::uri);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@Test
	void theInboxWriteFailingAfterTheHandlerSucceededDoesNotRunTheHandlerAgain() {
		this.inbox.failingRecords.set(3);

		PublishResult result = this.publisher.publishAsync(TOPIC, "placed", "k-1", new Placed("o-1")).join();

		await().atMost(Duration.ofSeconds(30)).until(() -> this.inbox.handled("inbox-write-it", result.eventId()));
		assertThat(this.inbox.failingRecords.get()).isNegative();
		assertThat(this.handler.calls.get()).isOne();
		assertThat(readAll(this.brokers, "dlq", (record) -> result.eventId().equals(header(record, "original_event_id"))))
			.isEmpty();

		PublishResult next = this.publisher.publishAsync(TOPIC, "placed", "k-1", new Placed("o-2")).join();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.inbox.handled("inbox-write-it", next.eventId()));
		assertThat(this.handler.calls.get()).isEqualTo(2);
	}

	record Placed(String orderId) {
	}

	@EventTranslator(topics = TOPIC)
	static class Handler {

		final AtomicInteger calls = new AtomicInteger();

		@OnEvent("placed")
		void placed(Placed placed) {
			this.calls.incrementAndGet();
		}

	}

	/** The MongoDB inbox, whose writes fail a given number of times, as when MongoDB goes away. */
	static class FlakyInbox implements EventInbox {

		final AtomicInteger failingRecords = new AtomicInteger();

		private final EventInbox delegate;

		FlakyInbox(EventInbox delegate) {
			this.delegate = delegate;
		}

		@Override
		public boolean handled(String groupId, String eventId) {
			return this.delegate.handled(groupId, eventId);
		}

		@Override
		public boolean record(String groupId, String eventId) {
			if (this.failingRecords.getAndDecrement() > 0) {
				throw new DataAccessResourceFailureException("Timed out while waiting for a server");
			}
			return this.delegate.record(groupId, eventId);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class App {

		@Bean
		FlakyInbox eventInbox(MongoOperations mongo) {
			return new FlakyInbox(new MongoEventInbox(mongo, "eventwire_inbox", Duration.ofDays(1), Clock.systemUTC()));
		}

		@Bean
		NewTopic inboxTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

}

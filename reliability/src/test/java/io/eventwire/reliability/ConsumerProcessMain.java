package io.eventwire.reliability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A consumer started in a JVM of its own by tests that kill it. Its handler writes one document per
 * invocation to the {@code handled} collection, so the test can count invocations per event across
 * processes, and in which order each key's events were first handled (the server keeps insertion
 * order). Settings come as command-line arguments; the topic is {@code --topic=}, and
 * {@code --work-ms=} makes the handler wait that long first.
 */
public final class ConsumerProcessMain {

	private ConsumerProcessMain() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args);
	}

	@EventTranslator(topics = "${topic}")
	static class Handler {

		private final MongoTemplate mongo;

		private final long workNanos;

		Handler(MongoTemplate mongo, @Value("${work-ms:0}") long workMillis) {
			this.mongo = mongo;
			this.workNanos = Duration.ofMillis(workMillis).toNanos();
		}

		@OnEvent("step")
		void step(Map<String, Object> step, EventMetadata metadata) {
			if (this.workNanos > 0) {
				// A handler waiting on I/O besides its own write, as it were.
				LockSupport.parkNanos(this.workNanos);
			}
			this.mongo.insert(new Document("event_id", metadata.eventId()).append("partition", metadata.partition())
				.append("offset", metadata.offset()).append("key", metadata.key()).append("seq", step.get("seq")),
					"handled");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class App {

		// The transactional inbox's: the handler's write joins the transaction of its inbox record.
		@Bean
		@ConditionalOnBooleanProperty("eventwire.consumer.deduplication.transactional")
		MongoTransactionManager transactionManager(MongoDatabaseFactory factory) {
			return new MongoTransactionManager(factory);
		}

	}

}

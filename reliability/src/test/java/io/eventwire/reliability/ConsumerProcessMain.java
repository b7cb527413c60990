package io.eventwire.reliability;

import java.util.Map;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.bson.Document;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A consumer started in a JVM of its own by tests that kill it. Its handler writes one document per
 * invocation to the {@code handled} collection, so the test can count invocations per event across
 * processes. Settings come as command-line arguments; the topic is {@code --topic=}.
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

		Handler(MongoTemplate mongo) {
			this.mongo = mongo;
		}

		@OnEvent("step")
		void step(Map<String, Object> step, EventMetadata metadata) {
			this.mongo.insert(new Document("event_id", metadata.eventId()).append("partition", metadata.partition())
				.append("offset", metadata.offset()), "handled");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class App {

	}

}

package io.eventwire.reliability;

import java.util.concurrent.atomic.AtomicLong;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A consumer with key order on, in a JVM of its own, for tests that kill it. Its handler refuses
 * poison steps unless {@code --fixed=true}, and writes one document per invocation to the
 * {@code handled} collection: key, seq, event id, and the process's instance number and a counter,
 * which order the invocations across processes that never run at the same time.
 */
public final class KeyOrderProcessMain {

	private KeyOrderProcessMain() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args);
	}

	record Step(String key, int seq, boolean poison) {
	}

	@EventTranslator(topics = "${topic}")
	static class Handler {

		private final MongoTemplate mongo;

		private final boolean fixed;

		private final int instance;

		private final AtomicLong invocations = new AtomicLong();

		Handler(MongoTemplate mongo, @Value("${fixed}") boolean fixed, @Value("${instance}") int instance) {
			this.mongo = mongo;
			this.fixed = fixed;
			this.instance = instance;
		}

		@OnEvent("step")
		void step(Step step, EventMetadata metadata) {
			if (step.poison() && !this.fixed) {
				throw new NonRetryableEventException("poison step " + step.seq());
			}
			this.mongo.insert(new Document("key", step.key()).append("seq", step.seq())
				.append("event_id", metadata.eventId())
				.append("instance", this.instance)
				.append("n", this.invocations.incrementAndGet()), "handled");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class App {

	}

}

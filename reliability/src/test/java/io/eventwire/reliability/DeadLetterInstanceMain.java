package io.eventwire.reliability;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * One instance of a service with key order on, in a JVM of its own, serving the {@code eventwireDlq}
 * endpoint: several of them run side by side, and an operator replays dead letters through each.
 * Its handler refuses poison steps until the document {@code {_id: "fixed"}} exists in the
 * {@code switches} collection (the fix is deployed), and writes one document per invocation to the
 * {@code handled} collection: key, seq, event id, the instance, and a sequence shared by all
 * instances that orders their invocations.
 */
public final class DeadLetterInstanceMain {

	private DeadLetterInstanceMain() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(App.class).run(args);
	}

	record Step(String key, int seq, boolean poison) {
	}

	@EventTranslator(topics = "${topic}")
	static class Handler {

		private final MongoTemplate mongo;

		private final int instance;

		Handler(MongoTemplate mongo, @Value("${instance}") int instance) {
			this.mongo = mongo;
			this.instance = instance;
		}

		@OnEvent("step")
		void step(Step step, EventMetadata metadata) {
			if (step.poison() && !this.mongo.exists(Query.query(Criteria.where("_id").is("fixed")), "switches")) {
				throw new NonRetryableEventException("poison step " + step.seq());
			}
			// One sequence over all instances, to order the invocations of both.
			Document counter = this.mongo.findAndModify(Query.query(Criteria.where("_id").is("handled")),
					new Update().inc("n", 1L), FindAndModifyOptions.options().returnNew(true).upsert(true), Document.class,
					"counters");
			this.mongo.insert(new Document("key", step.key()).append("seq", step.seq())
				.append("event_id", metadata.eventId())
				.append("instance", this.instance)
				.append("n", counter.get("n", Number.class).longValue()), "handled");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class App {

	}

}

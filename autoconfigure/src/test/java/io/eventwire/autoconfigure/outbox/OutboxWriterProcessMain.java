package io.eventwire.autoconfigure.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.eventwire.outbox.EventOutbox;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One of two writers that take turns: writer {@code w} writes event {@code n} (see {@link #key})
 * when the turn counter in MongoDB says {@code n} and {@code n % 2 == w}, and
 * hands the turn on only after its outbox write returned. So every event is written after the one
 * before it, by the other process. {@code --writer.clock-offset} moves this process's {@link Clock}.
 */
public final class OutboxWriterProcessMain {

	static final String TURN = "turn";

	private OutboxWriterProcessMain() {
	}

	/**
	 * @return the key of event {@code n}: events 2m and 2m+1, one by each writer, share a key
	 */
	static String key(int n, int keys) {
		return "key-" + ((n / 2) % keys);
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args).close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Clock clock(@Value("${writer.clock-offset:0s}") Duration offset) {
			return Clock.offset(Clock.systemUTC(), offset);
		}

		@Bean
		ApplicationRunner write(EventOutbox outbox, MongoTemplate mongo, @Value("${writer.index}") int index,
				@Value("${writer.events}") int events, @Value("${writer.keys}") int keys,
				@Value("${writer.topic}") String topic) {
			return (arguments) -> {
				MongoCollection<Document> turns = mongo.getCollection(TURN);
				for (int n = index; n < events; n += 2) {
					while (turns.find(Filters.eq("_id", TURN)).first().getInteger("n") != n) {
						LockSupport.parkNanos(100_000);
					}
					outbox.publish(topic, "step", key(n, keys), Map.of("n", n, "writer", index));
					turns.updateOne(Filters.eq("_id", TURN), Updates.set("n", n + 1));
				}
				System.out.println("Writer " + index + " wrote its events");
			};
		}

	}

}

package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.eventwire.outbox.OutboxDocuments;
import org.bson.Document;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Settings every benchmark context shares.
 */
final class Workloads {

	/**
	 * Spring Modulith is on the benchmark's class path for the comparison only: its registry and
	 * externalization stay out of every other context.
	 */
	static final String WITHOUT_MODULITH = "--spring.autoconfigure.exclude="
			+ "org.springframework.modulith.events.config.EventPublicationAutoConfiguration,"
			+ "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration,"
			+ "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration,"
			+ "org.springframework.modulith.events.jackson2.Jackson2EventSerializationConfiguration,"
			+ "org.springframework.modulith.events.kafka.KafkaEventExternalizerConfiguration,"
			+ "org.springframework.modulith.events.kafka.KafkaJackson2Configuration,"
			+ "org.springframework.modulith.events.kafka.KafkaJacksonConfiguration,"
			+ "org.springframework.modulith.events.mongodb.MongoDbEventPublicationAutoConfiguration,"
			+ "org.springframework.modulith.events.mongodb.MongoDbTransactionAutoConfiguration,"
			+ "org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration,"
			+ "org.springframework.modulith.core.config.ApplicationModuleInitializerRuntimeVerification";

	private Workloads() {
	}

	static String[] args(Infrastructure infrastructure, String database, String... more) {
		return args(infrastructure.brokers(), infrastructure.mongoUri(database), more);
	}

	/**
	 * @param mongoUri the MongoDB URI, with the database
	 */
	static String[] args(String brokers, String mongoUri, String... more) {
		List<String> args = new ArrayList<>(common(brokers, mongoUri));
		// The relay only runs where a workload asks for it.
		if (Arrays.stream(more).noneMatch((arg) -> arg.startsWith("--eventwire.outbox.relay.enabled="))) {
			args.add("--eventwire.outbox.relay.enabled=false");
		}
		args.add(WITHOUT_MODULITH);
		args.addAll(Arrays.asList(more));
		return args.toArray(String[]::new);
	}

	/**
	 * Settings for a context that uses Spring Modulith (and not eventwire).
	 */
	static String[] modulithArgs(Infrastructure infrastructure, String database, String... more) {
		List<String> args = new ArrayList<>(common(infrastructure.brokers(), infrastructure.mongoUri(database)));
		args.add("--eventwire.enabled=false");
		args.addAll(Arrays.asList(more));
		return args.toArray(String[]::new);
	}

	/**
	 * Start the relay and wait until it created the outbox's indexes (as the first write would), so
	 * that no measured write waits for that: mongo-java-server cannot create an index while documents
	 * are inserted into the collection.
	 */
	static void awaitOutboxIndexes(ConfigurableApplicationContext context) throws InterruptedException {
		context.getBean(io.eventwire.outbox.OutboxRelay.class).beforeFirstWrite();
		MongoTemplate mongo = context.getBean(MongoTemplate.class);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (mongo.getCollection("eventwire_outbox")
			.listIndexes()
			.into(new ArrayList<>())
			.stream()
			.noneMatch((index) -> index.get("key", Document.class).containsKey("published_at"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The relay did not create the outbox indexes within 30 s");
			}
			TimeUnit.MILLISECONDS.sleep(20);
		}
	}

	/**
	 * Time the relay's query for pending entries, as its store asks it with every shard held and no
	 * topic waiting (pending, in write order, ten batches of 500 at most), to its first batch.
	 * @return the nanoseconds that took
	 */
	static long relayQueryNanos(MongoCollection<Document> outbox) {
		long start = System.nanoTime();
		try (MongoCursor<Document> cursor = outbox
			.find(Filters.and(Filters.eq(OutboxDocuments.PUBLISHED, false), Filters.eq(OutboxDocuments.FAILED, false)))
			.sort(Sorts.ascending(OutboxDocuments.SEQUENCE, OutboxDocuments.WRITER_SEQUENCE))
			.limit(5_000)
			.batchSize(500)
			.cursor()) {
			cursor.tryNext();
		}
		return System.nanoTime() - start;
	}

	/**
	 * Drop the context's database: the embedded MongoDB server shares the benchmark's heap, and a
	 * workload's documents are not needed once it is measured.
	 */
	static void dropDatabase(ConfigurableApplicationContext context) {
		context.getBean(MongoTemplate.class).getDb().drop();
	}

	private static List<String> common(String brokers, String mongoUri) {
		return List.of("--spring.kafka.bootstrap-servers=" + brokers, "--spring.mongodb.uri=" + mongoUri,
				"--spring.main.banner-mode=off",
				"--logging.level.root=warn", "--spring.application.name=bench");
	}

}

package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's server answers as mongo-java-server does without the index: the same operations
 * on both, then the same queries.
 */
class IndexedMemoryBackendTests {

	private final MongoServer indexedServer = new MongoServer(new IndexedMemoryBackend());

	private final MongoServer plainServer = new MongoServer(new MemoryBackend());

	private final MongoClient indexedClient = MongoClients.create(this.indexedServer.bindAndGetConnectionString());

	private final MongoClient plainClient = MongoClients.create(this.plainServer.bindAndGetConnectionString());

	private final MongoCollection<Document> indexed = this.indexedClient.getDatabase("test").getCollection("outbox");

	private final MongoCollection<Document> plain = this.plainClient.getDatabase("test").getCollection("outbox");

	@AfterEach
	void stop() {
		this.indexedClient.close();
		this.plainClient.close();
		this.indexedServer.shutdownNow();
		this.plainServer.shutdownNow();
	}

	@Test
	void answersTheRelayQueriesAsAScanDoesThroughInsertsUpdatesAndDeletes() {
		Random random = new Random(42);
		List<MongoCollection<Document>> both = List.of(this.indexed, this.plain);
		for (int i = 0; i < 300; i++) {
			Document entry = new Document("_id", "e" + i).append("published", random.nextInt(3) == 0)
				.append("failed", random.nextInt(10) == 0)
				.append("seq", (long) (i % 37))
				.append("writer_seq", (long) i);
			both.forEach((collection) -> collection.insertOne(new Document(entry)));
			if (i == 100) {
				// Created with documents in the collection already, as after a restart.
				both.forEach((collection) -> collection.createIndex(Indexes.ascending("published", "failed", "seq",
						"writer_seq")));
			}
		}
		both.forEach((collection) -> {
			collection.updateMany(Filters.in("_id", "e1", "e2", "e3", "e150", "e299"), Updates.set("published", true));
			collection.updateOne(Filters.eq("_id", "e7"), Updates.set("published", false));
			collection.deleteMany(Filters.in("_id", "e4", "e5", "e200"));
			collection.updateMany(Filters.eq("failed", true), Updates.set("failed", false));
		});
		assertSameAnswers(Filters.and(Filters.eq("published", false), Filters.eq("failed", false)));
		assertSameAnswers(Filters.eq("published", true));
		assertSameAnswers(Filters.and(Filters.eq("published", false), Filters.mod("writer_seq", 4, 1)));
		assertSameAnswers(Filters.ne("published", true));
	}

	@Test
	void fallsBackToAScanOnceTheFieldHoldsAnArray() {
		this.indexed.createIndex(Indexes.ascending("published", "seq"));
		this.indexed.insertOne(new Document("_id", "a").append("published", false).append("seq", 1L));
		this.indexed.insertOne(new Document("_id", "b").append("published", List.of(true, false)).append("seq", 2L));
		assertThat(ids(this.indexed, Filters.eq("published", false))).containsExactly("a", "b");
	}

	@Test
	void takesTheRelayQueryShapesAndLeavesOtherConditionsToTheScan() {
		LeadingFieldIndex index = new LeadingFieldIndex("published_1_failed_1",
				List.of(new IndexKey("published", true), new IndexKey("failed", true)), false);
		de.bwaldvogel.mongo.bson.Document pending = new de.bwaldvogel.mongo.bson.Document("$and",
				List.of(new de.bwaldvogel.mongo.bson.Document("published", false),
						new de.bwaldvogel.mongo.bson.Document("failed", false)));
		assertThat(index.canHandle(pending)).isTrue();
		// Narrowed to some shards: the pending filter inside another $and.
		assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("$and",
				List.of(pending, new de.bwaldvogel.mongo.bson.Document("$or", List.of()))))).isTrue();
		assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("published", true))).isTrue();
		assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("published",
				new de.bwaldvogel.mongo.bson.Document("$ne", true)))).isFalse();
		assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("failed", false))).isFalse();
		assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("published", "no"))).isFalse();
	}

	private void assertSameAnswers(Bson filter) {
		List<String> expected = ids(this.plain, filter);
		assertThat(expected).isNotEmpty();
		assertThat(ids(this.indexed, filter)).isEqualTo(expected);
	}

	private static List<String> ids(MongoCollection<Document> collection, Bson filter) {
		return collection.find(filter)
			.sort(Sorts.ascending("seq", "writer_seq"))
			.limit(500)
			.map((entry) -> entry.getString("_id"))
			.into(new ArrayList<>());
	}

}

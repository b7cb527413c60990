package io.eventwire.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Indexes;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's reads: in the order the database stamped (a real server's timestamps are unique and
 * increasing), whatever the writers' own sequences say; events of earlier versions first; failed
 * events never among the pending ones.
 */
class OutboxStoreTests {

	private MongoServer server;

	private MongoClient client;

	private MongoCollection<Document> entries;

	private OutboxStore store;

	private OutboxIndexes indexes;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create(this.server.bindAndGetConnectionString());
		MongoTemplate mongo = new MongoTemplate(this.client, "outbox-store");
		this.entries = mongo.getCollection("eventwire_outbox");
		this.store = new OutboxStore(mongo, "eventwire_outbox");
		this.indexes = new OutboxIndexes(mongo, "eventwire_outbox", Duration.ofDays(1),
				new io.eventwire.internal.MissingPrivileges());
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void pendingEventsComeInTheOrderTheDatabaseStampedNotTheWritersOrder() {
		// Two writers: the second's ObjectIds sort first (clock behind, or its random part), but the
		// database applied its writes between the first's.
		ObjectId early = new ObjectId(new Date(1_000_000_000_000L));
		ObjectId late = new ObjectId(new Date(2_000_000_000_000L));
		insert("a1", new BsonTimestamp(1_700_000_000, 1), late);
		insert("b1", new BsonTimestamp(1_700_000_000, 2), early);
		insert("a2", new BsonTimestamp(1_700_000_000, 3), late);
		insert("b2", new BsonTimestamp(1_700_000_001, 1), early);
		this.indexes.prepare();
		assertThat(pendingIds()).containsExactly("a1", "b1", "a2", "b2");
	}

	@Test
	void eventsOfEarlierVersionsAreMigratedAndGoFirst() {
		// Earlier versions stored an ObjectId in seq and no failed field until an event failed.
		this.entries.insertOne(new Document("_id", "old").append("published", false).append("key_hash", 0)
			.append("seq", new ObjectId()));
		insert("new", new BsonTimestamp(1_700_000_000, 1), new ObjectId());
		this.entries.createIndex(Indexes.ascending("published", "seq"));
		this.entries.createIndex(Indexes.ascending("published", "failed", "seq", "writer_seq"));
		this.indexes.prepare();
		assertThat(pendingIds()).containsExactly("old", "new");
		assertThat(this.entries.find(new Document("_id", "old")).first().getBoolean("failed")).isFalse();
		List<String> indexes = new ArrayList<>();
		this.entries.listIndexes().forEach((index) -> indexes.add(index.getString("name")));
		assertThat(indexes).doesNotContainAnyElementsOf(OutboxIndexes.SUPERSEDED_INDEXES)
			.contains("published_1_failed_1_seq_1_writer_seq_1_key_hash_1",
					"published_1_failed_1_topic_1_seq_1_writer_seq_1_key_hash_1");
	}

	@Test
	void aCurrentOutboxIsPreparedWithoutAFailedCommand() {
		// Dropping absent superseded indexes fails on the server, which logs it (mongo-java-server at ERROR).
		List<String> failed = new ArrayList<>();
		try (MongoClient watched = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(this.server.getConnectionString()))
			.addCommandListener(new CommandListener() {
				@Override
				public void commandFailed(CommandFailedEvent event) {
					failed.add(event.getCommandName());
				}
			})
			.build())) {
			OutboxIndexes indexes = new OutboxIndexes(new MongoTemplate(watched, "outbox-store"), "eventwire_outbox",
					Duration.ofDays(1), new io.eventwire.internal.MissingPrivileges());
			indexes.prepare();
			indexes.prepare();
		}
		assertThat(failed).isEmpty();
	}

	@Test
	void failedEventsAreCountedApartAndNeverRead() {
		insert("ok", new BsonTimestamp(1_700_000_000, 2), new ObjectId());
		this.entries.insertOne(new Document("_id", "bad").append("published", false).append("failed", true)
			.append("key_hash", 0).append("seq", new BsonTimestamp(1_700_000_000, 1)));
		this.indexes.prepare();
		assertThat(pendingIds()).containsExactly("ok");
		assertThat(this.store.pendingCount()).isOne();
		assertThat(this.store.failedCount()).isOne();
	}

	@Test
	void whileATopicWaitsTheOthersAreReadInWriteOrder() {
		insert("w1", "waiting", new BsonTimestamp(1_700_000_000, 1));
		insert("a1", "a", new BsonTimestamp(1_700_000_000, 2));
		insert("w2", "waiting", new BsonTimestamp(1_700_000_000, 3));
		insert("b1", "b", new BsonTimestamp(1_700_000_000, 4));
		insert("a2", "a", new BsonTimestamp(1_700_000_000, 5));
		this.indexes.prepare();
		assertThat(pendingIds(Set.of("waiting"))).containsExactly("a1", "b1", "a2");
		assertThat(pendingIds(Set.of("waiting", "a", "b"))).isEmpty();
	}

	private void insert(String id, String topic, BsonTimestamp seq) {
		this.entries.insertOne(new Document("_id", id).append("topic", topic).append("published", false)
			.append("failed", false).append("key_hash", 0).append("seq", seq).append("writer_seq", new ObjectId()));
	}

	private void insert(String id, BsonTimestamp seq, ObjectId writerSeq) {
		this.entries.insertOne(new Document("_id", id).append("published", false).append("failed", false)
			.append("key_hash", 0).append("seq", seq).append("writer_seq", writerSeq));
	}

	private List<String> pendingIds() {
		return pendingIds(Set.of());
	}

	private List<String> pendingIds(Set<String> waitingTopics) {
		List<String> ids = new ArrayList<>();
		try (MongoCursor<Document> cursor = this.store.pending(new TreeSet<>(List.of(0)), 1, waitingTopics, 100, 10)) {
			cursor.forEachRemaining((entry) -> ids.add(entry.getString("_id")));
		}
		return ids;
	}

}

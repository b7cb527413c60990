package io.eventwire.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import de.bwaldvogel.mongo.MongoServer;
import io.eventwire.internal.MissingPrivileges;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic that waits (its ACL revoked, say) with a large backlog ahead of the others' events: a
 * poll reads the others' events only, not the backlog, counted as the documents the server reads
 * ({@link ExaminingMemoryBackend}, which uses the relay's indexes as a real server would). The same
 * on MongoDB 7 with explain: {@code RealServerWaitingTopicTests} in the autoconfigure module.
 */
class WaitingTopicReadTests {

	// 100,000 in the build; -Deventwire.test.waiting-backlog=1000000 (with a heap of 4 GB) for the million.
	static final int WAITING = Integer.getInteger("eventwire.test.waiting-backlog", 100_000);

	static final int OTHERS = 200;

	private final ExaminingMemoryBackend backend = new ExaminingMemoryBackend();

	private MongoServer server;

	private MongoClient client;

	private OutboxStore store;

	@BeforeEach
	void start() {
		this.server = new MongoServer(this.backend);
		this.client = MongoClients.create(this.server.bindAndGetConnectionString());
		MongoTemplate mongo = new MongoTemplate(this.client, "waiting-topic");
		new OutboxIndexes(mongo, "eventwire_outbox", Duration.ofDays(1), new MissingPrivileges()).prepare();
		this.store = new OutboxStore(mongo, "eventwire_outbox");
		WaitingBacklog.fill(mongo.getCollection("eventwire_outbox"), WAITING, OTHERS);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aPollReadsAtMostABatchOfTheOtherTopicsNotTheWaitingBacklog() {
		this.backend.resetCount();
		List<String> read = new ArrayList<>();
		try (MongoCursor<Document> cursor = this.store.pending(new TreeSet<>(Set.of(0)), 2, Set.of(WaitingBacklog.WAITING_TOPIC),
				5_000, 500)) {
			cursor.forEachRemaining((entry) -> read.add(entry.getString("topic")));
		}
		assertThat(read).hasSize(OTHERS / 2).containsOnly(WaitingBacklog.OTHER_TOPIC);
		assertThat(this.backend.documentsRead()).as("documents the server read for one poll").isLessThanOrEqualTo(500);
	}

	@Test
	void withNoTopicWaitingAPollReadsThePendingEventsInWriteOrder() {
		this.backend.resetCount();
		List<String> read = new ArrayList<>();
		try (MongoCursor<Document> cursor = this.store.pending(new TreeSet<>(Set.of(0)), 1, Set.of(), 500, 500)) {
			cursor.forEachRemaining((entry) -> read.add(entry.getString("_id")));
		}
		assertThat(read).hasSize(500).startsWith("e-0", "e-1", "e-2");
	}

}

package io.eventwire.autoconfigure.outbox;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.eventwire.outbox.MongoOutboxOperations;
import io.eventwire.outbox.OutboxDocuments;
import io.eventwire.outbox.OutboxEventNotFoundException;
import io.eventwire.outbox.OutboxOperations;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link OutboxOperations} on the event outbox, on a MongoDB-wire server: the backlog, the failed
 * events oldest first, a retry (pending again, attempts reset, the relay woken) and a discard
 * (deleted), and what is refused with the reason.
 */
class OutboxOperationsTests {

	static final String COLLECTION = "eventwire_outbox";

	private EmbeddedMongo mongo;

	private MongoClient client;

	private MongoTemplate template;

	private final AtomicInteger wakeUps = new AtomicInteger();

	private OutboxOperations operations;

	@BeforeEach
	void start() {
		this.mongo = new EmbeddedMongo("outbox-operations");
		this.client = MongoClients.create(this.mongo.uri());
		this.template = new MongoTemplate(this.client, "outbox-operations");
		this.operations = new MongoOutboxOperations(this.template, COLLECTION, this.wakeUps::incrementAndGet);
		insert("e-1", false, false, 0, 1);
		insert("e-2", false, true, 5, 2);
		insert("e-3", false, true, 5, 3);
		insert("e-4", true, false, 0, 4);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.mongo.close();
	}

	@Test
	void theBacklogAndTheFailedEventsOldestFirst() {
		OutboxOperations.Backlog backlog = this.operations.backlog();
		assertThat(backlog.pending()).isEqualTo(1);
		assertThat(backlog.failed()).isEqualTo(2);
		assertThat(backlog.oldestPending()).isEqualTo(Instant.ofEpochSecond(1));
		assertThat(this.operations.failed(10)).extracting(OutboxOperations.FailedEvent::id).containsExactly("e-2", "e-3");
		assertThat(this.operations.failed(1)).singleElement().satisfies((event) -> {
			assertThat(event.topic()).isEqualTo("orders");
			assertThat(event.attempts()).isEqualTo(5);
			assertThat(event.reason()).isEqualTo("RecordTooLargeException: too large");
			assertThat(event.created()).isEqualTo(Instant.ofEpochSecond(2));
		});
	}

	@Test
	void aRetriedEventIsPendingAgainWithItsAttemptsReset() {
		assertThat(this.operations.retry("e-2").attempts()).isEqualTo(5);
		Document retried = this.template.getCollection(COLLECTION).find(new Document("_id", "e-2")).first();
		assertThat(retried.getBoolean(OutboxDocuments.FAILED)).isFalse();
		assertThat(retried.getInteger(OutboxDocuments.ATTEMPTS)).isZero();
		assertThat(this.wakeUps).hasValue(1);
		assertThat(this.operations.backlog().pending()).isEqualTo(2);
		assertThatThrownBy(() -> this.operations.retry("e-2")).isInstanceOf(OutboxEventNotFoundException.class)
			.hasMessage("No failed outbox event e-2: it is pending, not failed (retried already?)");
	}

	@Test
	void aDiscardedEventIsDeleted() {
		assertThat(this.operations.discard("e-3").eventId()).isEqualTo("e-3");
		assertThat(this.template.getCollection(COLLECTION).countDocuments(new Document("_id", "e-3"))).isZero();
		assertThat(this.operations.failed(10)).extracting(OutboxOperations.FailedEvent::id).containsExactly("e-2");
		assertThat(this.wakeUps).hasValue(0);
		assertThatThrownBy(() -> this.operations.discard("e-3")).isInstanceOf(OutboxEventNotFoundException.class)
			.hasMessage("No failed outbox event e-3: there is no such event in eventwire_outbox");
		assertThatThrownBy(() -> this.operations.discard("e-4")).isInstanceOf(OutboxEventNotFoundException.class)
			.hasMessage("No failed outbox event e-4: it was published");
	}

	private void insert(String id, boolean published, boolean failed, int attempts, long created) {
		Document event = new Document(OutboxDocuments.ID, id).append(OutboxDocuments.EVENT_ID, id)
			.append(OutboxDocuments.TOPIC, "orders")
			.append(OutboxDocuments.TYPE, "order_placed")
			.append(OutboxDocuments.KEY, "k-" + id)
			.append(OutboxDocuments.PAYLOAD_JSON, "{}")
			.append(OutboxDocuments.CREATED, Date.from(Instant.ofEpochSecond(created)))
			.append(OutboxDocuments.PUBLISHED, published)
			.append(OutboxDocuments.FAILED, failed)
			.append(OutboxDocuments.ATTEMPTS, attempts)
			.append(OutboxDocuments.SEQUENCE, new BsonTimestamp((int) created, 0))
			.append(OutboxDocuments.WRITER_SEQUENCE, new ObjectId());
		if (failed) {
			event.append(OutboxDocuments.LAST_ERROR, "RecordTooLargeException: too large");
		}
		this.template.getCollection(COLLECTION).insertOne(event);
	}

}

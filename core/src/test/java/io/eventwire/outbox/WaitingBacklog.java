package io.eventwire.outbox;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Pending outbox entries as the relay finds them when a topic waits: the waiting topic's backlog
 * first (in write order), then the other topic's events.
 */
final class WaitingBacklog {

	static final String WAITING_TOPIC = "acl-revoked";

	static final String OTHER_TOPIC = "orders";

	private WaitingBacklog() {
	}

	static void fill(MongoCollection<Document> entries, int waiting, int others) {
		List<Document> chunk = new ArrayList<>();
		for (int i = 0; i < waiting + others; i++) {
			chunk.add(new Document("_id", "e-" + i).append("topic", (i < waiting) ? WAITING_TOPIC : OTHER_TOPIC)
				.append("published", false).append("failed", false).append("key_hash", i % 1000)
				.append("seq", new BsonTimestamp(1_700_000_000 + i / 1000, i % 1000 + 1)).append("writer_seq", new ObjectId()));
			if (chunk.size() == 10_000) {
				entries.insertMany(chunk);
				chunk.clear();
			}
		}
		if (!chunk.isEmpty()) {
			entries.insertMany(chunk);
		}
	}

}

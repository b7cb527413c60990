package io.eventwire.outbox;

import java.util.Date;
import java.util.List;

import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The relay marks a batch's events published with one update for all whose id is their event id,
 * and one per event of a compacted topic, which must still be the event it read.
 */
class OutboxStoreMarksTests {

	private final OutboxStore store = new OutboxStore(mock(org.springframework.data.mongodb.core.MongoOperations.class),
			"outbox");

	@Test
	void eventsMarkedInOneUpdateAndCompactedEntriesEachAsRead() {
		List<WriteModel<Document>> marks = this.store.published(List.of(event("e-1", "e-1"), event("orders:k", "e-2"),
				event("e-3", "e-3")), new Date());

		assertThat(marks).hasSize(2);
		assertThat(marks).filteredOn(UpdateManyModel.class::isInstance)
			.singleElement()
			.satisfies((mark) -> assertThat(filter(((UpdateManyModel<Document>) mark).getFilter()).toJson())
				.isEqualTo("{\"_id\": {\"$in\": [\"e-1\", \"e-3\"]}}"));
		assertThat(marks).filteredOn(UpdateOneModel.class::isInstance)
			.singleElement()
			.satisfies((mark) -> assertThat(filter(((UpdateOneModel<Document>) mark).getFilter()).toJson())
				.isEqualTo("{\"$and\": [{\"_id\": \"orders:k\"}, {\"event_id\": \"e-2\"}]}"));
	}

	@Test
	void aSingleEventIsMarkedByItsId() {
		assertThat(this.store.published(List.of(event("e-1", "e-1")), new Date())).singleElement()
			.satisfies((mark) -> assertThat(filter(((UpdateOneModel<Document>) mark).getFilter()).toJson())
				.isEqualTo("{\"_id\": \"e-1\"}"));
	}

	private static Document event(String id, String eventId) {
		return new Document(OutboxDocuments.ID, id).append(OutboxDocuments.EVENT_ID, eventId);
	}

	private static BsonDocument filter(org.bson.conversions.Bson filter) {
		return filter.toBsonDocument(BsonDocument.class, com.mongodb.MongoClientSettings.getDefaultCodecRegistry());
	}

}

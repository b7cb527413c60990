package io.eventwire.reliability;

import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import org.bson.Document;

/**
 * Counts over the {@code handled} collection that {@link ConsumerProcessMain} writes, one document
 * per handler invocation, across the processes of a test.
 */
final class HandledEvents {

	private HandledEvents() {
	}

	/**
	 * @return how many different events were handled
	 */
	static long distinct(MongoCollection<Document> handled) {
		return count(handled.aggregate(List.of(Aggregates.group("$event_id"), Aggregates.count())).first());
	}

	/**
	 * @return how many events were handled more than once
	 */
	static long repeated(MongoCollection<Document> handled) {
		return count(handled
			.aggregate(List.of(Aggregates.group("$event_id", Accumulators.sum("n", 1)),
					Aggregates.match(Filters.gt("n", 1)), Aggregates.count()))
			.first());
	}

	private static long count(Document result) {
		return (result != null) ? ((Number) result.get("count")).longValue() : 0;
	}

}

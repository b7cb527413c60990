package io.eventwire.outbox;

import java.util.Date;
import java.util.List;

import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/**
 * How the relay records the outcome of sending entries of one source (the event outbox, or one
 * stateful outbox collection). A mark applies only to the entry as it was read: an entry replaced
 * meanwhile by a newer one keeps waiting.
 */
interface OutboxMarks {

	/**
	 * @param entries entries as read, in the event outbox's layout
	 * @param at when they were published
	 * @return the writes that mark them published
	 */
	List<WriteModel<Document>> published(List<Document> entries, Date at);

	/**
	 * @param entry an entry as read
	 * @param attempts how many permanent failures it had, this one included
	 * @param reason why this one failed
	 * @param giveUp whether the relay gives up on it
	 * @return the write that records the attempt
	 */
	WriteModel<Document> attemptFailed(Document entry, int attempts, String reason, boolean giveUp);

	/**
	 * @param marks writes made here, applied in one bulk write
	 */
	void mark(List<WriteModel<Document>> marks);

}

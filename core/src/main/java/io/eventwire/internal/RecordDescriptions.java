package io.eventwire.internal;

import io.eventwire.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How eventwire names a consumed record in log lines and exception messages.
 */
public final class RecordDescriptions {

	private RecordDescriptions() {
	}

	/**
	 * @param record a consumed record
	 * @return its coordinates, {@code topic-partition@offset}
	 */
	public static String coordinates(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

	/**
	 * @param record a consumed record
	 * @return the event's type and id (escaped, as they come from outside) and its coordinates
	 */
	public static String describe(ConsumerRecord<?, ?> record) {
		return "event of type '" + LogSafe.escape(HeaderValues.get(record, EventHeaders.TYPE)) + "' (event id "
				+ LogSafe.escape(HeaderValues.get(record, EventHeaders.EVENT_ID)) + ") at " + coordinates(record);
	}

}

package io.eventwire.autoconfigure;

import java.util.function.Supplier;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The service's own compacted topics (parked keys, resolved dead letters, rewinds, pauses): one
 * partition, so one order of writes and one end offset to catch up with; compacted, so each holds
 * what is true now per key, not its history. Each is followed by every instance with a consumer of
 * eventwire's listener container factory (its security and client settings).
 */
public final class CompactedTopics {

	private CompactedTopics() {
	}

	/**
	 * @param name the topic
	 * @return the topic to declare
	 */
	public static NewTopic topic(String name) {
		return TopicBuilder.name(name).partitions(1).compact().build();
	}

	/**
	 * @param containerFactory eventwire's listener container factory, resolved when a reader starts
	 * (its error handler may need what the reader serves)
	 * @param clientIdSuffix names the reader's client ({@code eventwire-pauses})
	 * @return creates a reader's consumer
	 */
	@SuppressWarnings("unchecked")
	public static Supplier<Consumer<String, byte[]>> readers(
			ObjectProvider<ConcurrentKafkaListenerContainerFactory<String, byte[]>> containerFactory,
			String clientIdSuffix) {
		// The factory was built for String keys and byte[] values; its getter widens the generics.
		return () -> ((ConsumerFactory<String, byte[]>) containerFactory.getObject().getConsumerFactory())
			.createConsumer(null, clientIdSuffix, null);
	}

}

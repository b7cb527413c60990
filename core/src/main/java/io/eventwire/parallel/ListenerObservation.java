package io.eventwire.parallel;

import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * spring-kafka's listener observation of one record, made on the handler thread that runs it
 * (the container would make it on the consumer thread, which only hands the record on): the trace
 * of the event continues into its handler, and the span lasts as long as the handling.
 */
final class ListenerObservation {

	private final @Nullable ObservationRegistry registry;

	private final @Nullable KafkaListenerObservationConvention convention;

	private final String listenerId;

	private final String groupId;

	/**
	 * @param registry the registry, or {@code null} when the container observes nothing
	 * @param convention the container's convention, or {@code null} for spring-kafka's
	 * @param listenerId the container's id
	 * @param groupId the consumer group
	 */
	ListenerObservation(@Nullable ObservationRegistry registry, @Nullable KafkaListenerObservationConvention convention,
			String listenerId, String groupId) {
		this.registry = registry;
		this.convention = convention;
		this.listenerId = listenerId;
		this.groupId = groupId;
	}

	<T> T observe(ConsumerRecord<String, byte[]> record, Supplier<T> handling) {
		ObservationRegistry observations = this.registry;
		if (observations == null || observations.isNoop()) {
			return handling.get();
		}
		return KafkaListenerObservation.LISTENER_OBSERVATION
			.observation(this.convention, DefaultKafkaListenerObservationConvention.INSTANCE,
					() -> new KafkaRecordReceiverContext(record, this.listenerId, null, this.groupId, () -> null),
					observations)
			.observe(handling);
	}

}

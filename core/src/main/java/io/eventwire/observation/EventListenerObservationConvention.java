package io.eventwire.observation;

import io.micrometer.common.KeyValues;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * spring-kafka's listener observation convention, plus the event's correlation id and event id as
 * span tags, so a trace can be found from the id in a log line and the other way round.
 */
public class EventListenerObservationConvention extends DefaultKafkaListenerObservationConvention {

	@Override
	public KeyValues getHighCardinalityKeyValues(KafkaRecordReceiverContext context) {
		return super.getHighCardinalityKeyValues(context).and(EventKeyValues.of(context.getRecord().headers()));
	}

}
